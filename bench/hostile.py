"""Hostile inputs: every one is read or refused with a message, never a traceback, hang or blow-up.

    python bench/hostile.py [--mutations N] [--seed S] [--only NAME …] [--no-analyse] [--json]

Runs the built-in hostile files of tests/hostile_cases.py (OFD repeat counts,
numbering start values, a million lines, XML bombs, zip bombs, odd encodings,
lone surrogates …) and N random mutations of the intake samples in
tests/fixtures/intake. Each input is loaded; a file that loads is also analysed
and its review serialised to UTF-8 JSON (what a save does). Prints: inputs
tried, refused cleanly, read, tracebacks (must be 0), timeouts (must be 0),
the slowest input, and the process's peak memory (ru_maxrss) with the input
that raised it.
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


def main_() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=200, help="random mutations of the intake samples")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", nargs="*", help="run only the built-in cases with these names")
    parser.add_argument("--no-analyse", action="store_true", help="load only; do not analyse what loads")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    args = parser.parse_args()
    cases = [c for c in CASES if not args.only or c.name in args.only]
    if not args.only:
        cases += mutation_cases(args.mutations, args.seed)
    report = run(cases, analyse_too=not args.no_analyse)
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
    return 1 if report["traceback"] or report["timeout"] or report["unexpected"] else 0


if __name__ == "__main__":
    raise SystemExit(main_())
