"""The report's facts (body, tier, year) on the development corpus, beside the targets.

    python bench/facts.py            # train split (develop on this)
    python bench/facts.py --test     # the held-out split: run once, when a change is done
    python bench/facts.py --errors   # list the wrong ones (train only)

Reads ../shared/corpus (the corpus is never copied into the project). The corpus
holds report openings (550–750 characters, some without a title), so the body
figure here is a floor for whole reports. A body counts as right when it names
the same government (same gazetteer division), the same township and the same
department as the label; `市公安局` for 宜春市公安局 is wrong (lenient figure: right
when everything it names agrees with the label).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import main

main.use_checkout()

from fzreview.core.document import Document  # noqa: E402
from fzreview.core.fact_finder import detect_facts, parse_body  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
TARGETS = {"body": 0.92, "tier": 0.95, "year": 0.98}


def key(name: str):
    body = parse_body(name, 0, anchored_end=True) or parse_body(name, 0)
    if body is None:
        return None, None
    gov = body.government
    dept = body.department.replace("监管", "监督管理")
    if body.township:
        town = body.township.replace("办事处", "")
        return ("", town[:-1] if town.endswith("街道") else town, dept), body
    return (gov.code if gov else body.prefix, "", dept), body


def main_(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    split = "test" if args.test else "train"
    rows = [line.split("\t") for line in (CORPUS / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if r[6] == split]
    right = {"body": 0, "lenient": 0, "tier": 0, "year": 0}
    errors = []
    for file, _url, label, kind, year, _chars, _split in rows:
        doc = Document.from_text((CORPUS / "texts" / f"{file}.txt").read_text(encoding="utf-8"))
        facts = detect_facts(doc)
        label_key, label_body = key(label)
        tier = label_body.level if label_body else None
        if kind != "department" and tier != kind:
            print(f"  note: label {file} {label} is {kind}, gazetteer says {tier}", file=sys.stderr)
            tier = kind
        pred_key, _ = key(facts.unit.value or "") if facts.unit.value else (None, None)
        ok_body = pred_key is not None and pred_key == label_key
        lenient = ok_body or (pred_key is not None and label_key is not None and all(
            p in ("", None) or p == lbl or (i == 0 and isinstance(p, str) and len(p) <= 3)
            for i, (p, lbl) in enumerate(zip(pred_key, label_key))) and pred_key[2] == label_key[2])
        ok = {"body": ok_body, "lenient": lenient, "tier": facts.level.value == tier,
              "year": facts.year.value == int(year)}
        for k, v in ok.items():
            right[k] += v
        if not all(ok.values()):
            errors.append(f"{file} {label}/{tier}/{year} → {facts.unit.value}({facts.unit.source})"
                          f"/{facts.level.value}/{facts.year.value}({facts.year.source})  "
                          + " ".join(k for k, v in ok.items() if not v))
    n = len(rows)
    print(f"facts on the corpus {split} split ({n} report openings)")
    for k in ("body", "lenient", "tier", "year"):
        target = TARGETS.get(k)
        print(f"  {k:8} {right[k] / n:6.1%}  ({right[k]}/{n})" + (f"   target ≥ {target:.0%}" if target else ""))
    if args.errors and not args.test:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
