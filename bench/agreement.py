"""Agreement of the automatic judgement with the reviewer's labels.

    python bench/agreement.py [-v]

Prints, per seed report and overall: F1 of "covered or partial" (the positive
class), 3-class accuracy, and the same for a plain term search (an obligation is
covered when any of its checklist terms occurs literally in the text).
-v lists every disagreement.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

main.use_checkout()

from fzreview.core.checklist import load_checklist, load_structure  # noqa: E402
from fzreview.core.engine import analyse  # noqa: E402
from fzreview.core.loaders import load_document  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
REPORTS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


def read_labels(name: str) -> dict[str, tuple[str, str]]:
    with open(FIXTURES / f"{name}.labels.tsv", encoding="utf-8") as fh:
        return {row["id"]: (row["label"], row["evidence"] or "") for row in csv.DictReader(fh, delimiter="\t")}


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    tp = sum(1 for gold, pred in pairs if gold != "missing" and pred != "missing")
    fp = sum(1 for gold, pred in pairs if gold == "missing" and pred != "missing")
    fn = sum(1 for gold, pred in pairs if gold != "missing" and pred == "missing")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    acc = sum(1 for gold, pred in pairs if gold == pred) / len(pairs) if pairs else 0.0
    return {"f1": f1, "p": precision, "r": recall, "acc3": acc}


def main() -> None:
    verbose = "-v" in sys.argv
    checklist, structure = load_checklist(), load_structure()
    all_engine, all_base = [], []
    print(f"{'report':26} {'F1':>6} {'P':>6} {'R':>6} {'acc3':>6} | {'base F1':>7} {'base acc3':>9}")
    for name in REPORTS:
        labels = read_labels(name)
        doc = load_document(FIXTURES / f"{name}.txt")
        analysis = analyse(doc, checklist, structure)
        pairs, base = [], []
        for item in analysis.items:
            gold = labels[item.id][0]
            pairs.append((gold, item.status))
            o = checklist.get(item.id)
            hit = any(t in doc.text for t in o.terms)
            base.append((gold, "covered" if hit else "missing"))
            if verbose and gold != item.status:
                ev = item.evidence[0].text[:60] if item.evidence else ""
                print(f"  {name[:8]} {item.id} gold={gold:8} auto={item.status:8} "
                      f"| {labels[item.id][1][:30]} | {ev} | {item.why[0][:50]}")
        all_engine += pairs
        all_base += base
        e, b = scores(pairs), scores(base)
        print(f"{name:26} {e['f1']:6.3f} {e['p']:6.3f} {e['r']:6.3f} {e['acc3']:6.3f} | {b['f1']:7.3f} {b['acc3']:9.3f}")
    e, b = scores(all_engine), scores(all_base)
    print(f"{'overall':26} {e['f1']:6.3f} {e['p']:6.3f} {e['r']:6.3f} {e['acc3']:6.3f} | {b['f1']:7.3f} {b['acc3']:9.3f}")


if __name__ == "__main__":
    main()
