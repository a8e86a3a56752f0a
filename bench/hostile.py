"""Hostile inputs: every one is read or refused with a message, never a traceback, hang or blow-up.

    python bench/hostile.py [--mutations N] [--reviews N] [--seed S] [--only NAME …] [--no-analyse] [--no-ocr] [--json]

Runs the built-in hostile files of tests/hostile_cases.py (OFD repeat counts,
numbering start values, a million lines, XML bombs, zip bombs, odd encodings,
lone surrogates …) and N random mutations of the intake samples in
tests/fixtures/intake. Each input is loaded; a file that loads is also analysed
and its review serialised to UTF-8 JSON (what a save does). Prints: inputs
tried, refused cleanly, read, tracebacks (must be 0), timeouts (must be 0),
the slowest input, and the process's peak memory (ru_maxrss) with the input
that raised it. Then N randomly damaged review files (a field set to null, a
huge number, a deep list, a lone surrogate …, or bytes flipped and cut) are
opened: each must open (and serialise again) or be refused with
ReviewFileError, the file untouched.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import main  # noqa: E402

main.use_checkout()

from hostile_cases import CASES, mutation_cases  # noqa: E402

PER_INPUT_SECONDS = 60


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(cases, analyse_too: bool) -> dict:
    from fzreview.core.document import DocumentError
    from fzreview.core.loaders import load_bytes

    if analyse_too:
        from fzreview.core.checklist import load_checklist, load_structure
        from fzreview.core.engine import analyse
        from fzreview.core.review import Review
        from fzreview.core.segment import tokenizer

        checklist, structure = load_checklist(), load_structure()
        tokenizer()
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    peak, peak_case = rss_mb(), "(start-up)"
    for case in cases:
        data = case.build()
        entry = {"name": case.name, "expect": case.expect, "bytes": len(data)}
        t0 = time.perf_counter()
        signal.alarm(PER_INPUT_SECONDS)
        try:
            doc = load_bytes(data, suffix=case.suffix, source_path=case.name)
            entry.update(outcome="read", chars=len(doc.text), warnings=doc.warnings)
            if analyse_too:
                review = Review(analysis=analyse(doc, checklist, structure))
                json.dumps(review.to_dict(), ensure_ascii=False).encode("utf-8")
        except DocumentError as exc:
            entry.update(outcome="refused", message=str(exc))
        except _Timeout:
            entry.update(outcome="timeout")
        except Exception:
            entry.update(outcome="traceback", traceback=traceback.format_exc(limit=6))
        finally:
            signal.alarm(0)
        entry["seconds"] = round(time.perf_counter() - t0, 3)
        del data
        now = rss_mb()
        if now > peak:
            peak, peak_case = now, case.name
        entry["peak_mb"] = round(now, 1)
        results.append(entry)
    counts = {k: sum(1 for r in results if r["outcome"] == k) for k in ("read", "refused", "traceback", "timeout")}
    slowest = max(results, key=lambda r: r["seconds"]) if results else None
    unexpected = [r["name"] for r in results
                  if r["expect"] != "either" and r["outcome"] in ("read", "refused")
                  and r["outcome"] != {"read": "read", "refuse": "refused"}[r["expect"]]]
    return {"tried": len(results), **counts, "unexpected": unexpected,
            "max_seconds": slowest["seconds"] if slowest else 0.0, "slowest": slowest["name"] if slowest else "",
            "peak_mb": round(peak, 1), "peak_input": peak_case, "results": results}


# --- review files ---------------------------------------------------------------------------

_ODD_VALUES = [None, -1, 0, 10**30, 1.5, True, "", "x" * 20_000, "\ud800", [], {}, [[[[[]]]]], {"a": {"b": {}}},
               "covered", "not_applicable", "2024-13-45"]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):
            yield from _paths(v, prefix + (i,))


def review_cases(count: int, seed: int):
    """Random damage to a saved review: one field set to an odd value, or bytes flipped or cut."""
    import random

    from hostile_cases import Case, mutate

    from fzreview.core.document import Document
    from fzreview.core.engine import analyse
    from fzreview.core.review import Review

    text = (ROOT / "tests" / "fixtures" / "hongmei-town-2024.txt").read_text(encoding="utf-8")
    review = Review(analysis=analyse(Document.from_text(text)))
    first = review.analysis.items[0].id
    review.set_verdict(first, "partial")
    review.set_note(first, "请补充数据")
    base = review.to_dict()
    paths = [p for p in _paths(base) if p]
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        if n % 3 == 2:
            raw = mutate(json.dumps(base, ensure_ascii=False).encode("utf-8"), rng)
        else:
            data = json.loads(json.dumps(base))
            for _ in range(rng.randint(1, 3)):
                path = rng.choice(paths)
                node = data
                try:
                    for key in path[:-1]:
                        node = node[key]
                    node[path[-1]] = rng.choice(_ODD_VALUES)
                except (KeyError, IndexError, TypeError):
                    pass
            raw = json.dumps(data, ensure_ascii=False).encode("utf-8", errors="surrogatepass")
        cases.append(Case(f"review-{n:04d}", ".json", lambda d=raw: d, "either"))
    return cases


def run_reviews(cases) -> dict:
    import tempfile

    from fzreview.core.atomic_file import json_bytes
    from fzreview.core.review import ReviewFileError, load_review

    counts = {"read": 0, "refused": 0, "traceback": 0}
    tracebacks = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.json"
        for case in cases:
            raw = case.build()
            path.write_bytes(raw)
            try:
                review = load_review(path)
                review.summary()
                json_bytes(review.to_dict()).decode("utf-8")
                counts["read"] += 1
            except ReviewFileError:
                counts["refused"] += 1
                if path.read_bytes() != raw:
                    counts["traceback"] += 1
                    tracebacks.append(f"{case.name}: file changed")
            except Exception:
                counts["traceback"] += 1
                tracebacks.append(f"{case.name}: {traceback.format_exc(limit=4)}")
    return {"tried": len(cases), **counts, "tracebacks": tracebacks}


def main_() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=200, help="random mutations of the intake samples")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", nargs="*", help="run only the built-in cases with these names")
    parser.add_argument("--no-analyse", action="store_true", help="load only; do not analyse what loads")
    parser.add_argument("--reviews", type=int, default=200, help="randomly damaged review files")
    parser.add_argument("--no-ocr", action="store_true",
                        help="leave OCR out (its models alone take some 600 MB): peak memory then measures the inputs")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    args = parser.parse_args()
    if args.no_ocr:
        from fzreview.core.loaders import ocr

        ocr.available = lambda: False
    cases = [c for c in CASES if not args.only or c.name in args.only]
    if not args.only:
        cases += mutation_cases(args.mutations, args.seed)
    report = run(cases, analyse_too=not args.no_analyse)
    report["reviews"] = run_reviews(review_cases(args.reviews, args.seed)) if args.reviews and not args.only else None
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for r in report["results"]:
        if r["name"].startswith("mutated-") and r["outcome"] in ("read", "refused"):
            continue
        detail = r.get("message") or r.get("traceback") or "; ".join(r.get("warnings", [])) or ""
        print(f"{r['outcome']:9} {r['seconds']:6.2f} s {r['peak_mb']:7.1f} MB  {r['name']}  {detail[:100]}")
    print()
    print(f"inputs tried       : {report['tried']}")
    print(f"refused cleanly    : {report['refused']}")
    print(f"read               : {report['read']}")
    print(f"tracebacks         : {report['traceback']}  (must be 0)")
    print(f"timeouts (>{PER_INPUT_SECONDS} s)   : {report['timeout']}  (must be 0)")
    print(f"unexpected outcome : {len(report['unexpected'])}  {' '.join(report['unexpected'])}")
    print(f"max time per input : {report['max_seconds']:.2f} s  ({report['slowest']})")
    print(f"peak memory (RSS)  : {report['peak_mb']:.0f} MB  (reached at {report['peak_input']}; floor < 400 MB)")
    reviews = report["reviews"]
    if reviews:
        print()
        for line in reviews["tracebacks"]:
            print(line)
        print(f"review files tried : {reviews['tried']} (one field set to an odd value, or bytes damaged)")
        print(f"  opened / refused : {reviews['read']} / {reviews['refused']}")
        print(f"  tracebacks       : {reviews['traceback']}  (must be 0)")
    bad_reviews = reviews["traceback"] if reviews else 0
    return 1 if report["traceback"] or report["timeout"] or report["unexpected"] or bad_reviews else 0


if __name__ == "__main__":
    raise SystemExit(main_())
