"""Agreement of the automatic judgement with the reviewers' labels, measured honestly.

    python bench/agreement.py [--folds 10] [--partitions N] [--test] [-v] [--item-model lr|gbt]
                              [--sentence-model lr|gbt]

Data: ../shared/corpus (60 labelled report openings, INDEX.tsv split) and the three
seed reports (../shared/seeds). Compared, side by side with the targets:

- model    the fitted judgement (core/judgement), by cross-validation GROUPED BY
           REPORT over the corpus `train` split + seeds: every report is scored by
           statistics, weights and thresholds fitted without it;
- rules    the previous hand-tuned rule matcher (core/matcher.py), kept as baseline;
- terms    a plain term search: covered when any catalogue term occurs literally.

Figures: F1 of "addressed" (covered or partial), precision of "covered", 3-class
accuracy (over all 170 items per report, so dominated by the many missing items),
overall and per kind of body (INDEX `level`).

--test scores the `test` split once with the shipped weights
(checklists/gangyao-2021-2025.weights.json, fitted on train + seeds) through the
app's own `analyse`. Keep it for the final figure. -v lists CV disagreements.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgement_data as jd

from fzreview.core.analysis import COVERED, MISSING
from fzreview.core.checklist import load_checklist, load_structure
from fzreview.core.engine import analyse
from fzreview.core.matcher import CompiledObligation, match

TARGETS = {"f1": 0.88, "acc3": 0.96}


def baselines(reports: list[jd.Report]) -> tuple[list, list]:
    """(report, gold, status) triples for the rule matcher and for a plain term search."""
    checklist = load_checklist()
    comp = [CompiledObligation.build(o) for o in checklist.obligations]
    rules, terms = [], []
    for r in reports:
        text = r.idx.doc.text
        for co in comp:
            o = co.obligation
            gold = r.labels[o.id][0]
            rules.append((r, gold, match(co, r.idx).status))
            terms.append((r, gold, COVERED if any(t in text for t in o.terms) else MISSING))
    return rules, terms


def table(title: str, systems: dict[str, list], levels: list[str]) -> None:
    print(f"\n{title}")
    names = list(systems)
    head = "".join(f" | {n:^23}" for n in names)
    print(f"{'':12}{head}")
    print(f"{'':12}" + " | F1     P(cov)  3-class" * len(names))
    for lvl in ["all", *levels]:
        row = f"{lvl:12}"
        for n in names:
            pairs = [(g, s) for r, g, s in systems[n] if lvl == "all" or r.level == lvl]
            sc = jd.scores(pairs)
            row += f" | {sc['f1']:.3f}  {sc['p_cov']:.3f}   {sc['acc3']:.3f}"
        print(row)
    print(f"{'target':12} | {TARGETS['f1']:.3f}  {'':5}   {TARGETS['acc3']:.3f}   (model, cross-validated)")


def sample_spread(triples: list, levels: list[str], draws: int = 2000, seed: int = 1) -> tuple[float, float, float]:
    """5%, 50% and 95% of F1(addressed) over random sets of 10 reports (2 per kind of body)."""
    import random

    by_report: dict = {}
    for r, g, s in triples:
        by_report.setdefault(r.name, (r.level, []))[1].append((g, s))
    names = {lvl: [n for n, (lv, _) in by_report.items() if lv == lvl] for lvl in levels}
    rnd = random.Random(seed)
    f1s = sorted(jd.scores([pair for lvl in levels for n in rnd.sample(names[lvl], min(2, len(names[lvl])))
                            for pair in by_report[n][1]])["f1"] for _ in range(draws))
    return f1s[draws // 20], f1s[draws // 2], f1s[draws - draws // 20]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--test", action="store_true", help="score the held-back test split once")
    parser.add_argument("-v", action="store_true", help="list the cross-validated disagreements")
    parser.add_argument("--item-model", choices=("lr", "gbt"), default=jd.ITEM_MODEL)
    parser.add_argument("--sentence-model", choices=("lr", "gbt"), default=jd.SENTENCE_MODEL)
    parser.add_argument("--partitions", type=int, default=1,
                        help="also cross-validate on N-1 other seeded partitions into folds and print the spread")
    args = parser.parse_args()
    jd.ITEM_MODEL = args.item_model
    jd.SENTENCE_MODEL = args.sentence_model
    levels = ["province", "city", "county", "township", "department"]

    reports = jd.load_reports(splits=("train",), seeds=True)
    final, oof = jd.cross_validate(reports, k=args.folds, log=lambda s: print(s, end="\r", file=sys.stderr))
    model = [(p.report, p.gold, s) for p, s in final]
    rules, terms = baselines(reports)
    n_items = len(model)
    table(f"Cross-validated, {args.folds} folds grouped by report: corpus train ({len(reports) - 3} openings) "
          f"+ 3 seed reports, {n_items} items", {"model (CV)": model, "rules": rules, "terms": terms}, levels)
    seeds_only = {k: [x for x in v if x[0].split == "seed"] for k, v in
                  {"model (CV)": model, "rules": rules, "terms": terms}.items()}
    table("… of which the 3 whole seed reports", seeds_only, [])
    openings = {k: [x for x in v if x[0].split != "seed"] for k, v in
                {"model (CV)": model, "rules": rules, "terms": terms}.items()}
    table(f"… of which the {len(reports) - 3} openings (the kind of text the test split holds)", openings, levels)
    lo, mid, hi = sample_spread(openings["model (CV)"], levels)
    print(f"F1(addressed) of 10 openings (2 per kind) drawn from these CV predictions, 2,000 draws: "
          f"5% {lo:.3f}, median {mid:.3f}, 95% {hi:.3f} — how far a 10-opening figure such as the test split's "
          f"moves with the sample alone")
    preds = [p for ps in oof for p in ps]
    tab, brier = jd.reliability_table(preds)
    print(f"\nCalibration of P(addressed) on out-of-fold predictions: Brier {brier:.4f}")
    print("  bin        n   mean predicted  share addressed")
    for lo, hi, n, mean, obs in tab:
        print(f"  {lo:.1f}–{hi:.1f} {n:6d}   {mean:14.3f}  {obs:15.3f}")
    if args.partitions > 1:
        runs = [jd.scores([(p.gold, st) for p, st in final])]
        for seed in range(1, args.partitions):
            f, _ = jd.cross_validate(reports, k=args.folds, seed=seed,
                                     log=lambda s: print(s, end="\r", file=sys.stderr))
            runs.append(jd.scores([(p.gold, st) for p, st in f]))
        print(f"\nModel over {len(runs)} partitions into {args.folds} folds (partition 0 is the table above):")
        for key, name in (("f1", "F1(addressed)"), ("p_cov", "P(covered)"), ("acc3", "3-class")):
            vals = [r[key] for r in runs]
            print(f"  {name:14} mean {sum(vals) / len(vals):.3f}  min {min(vals):.3f}  max {max(vals):.3f}  "
                  + " ".join(f"{v:.3f}" for v in vals))
    if args.v:
        checklist = load_checklist()
        for p, s in final:
            if p.gold != s:
                print(f"  {p.report.name:24} {p.oid} gold={p.gold:8} auto={s:8} {checklist.get(p.oid).title}")

    if args.test:
        test = jd.load_reports(splits=("test",), seeds=False)
        checklist, structure = load_checklist(), load_structure()
        shipped = []
        for r in test:
            a = analyse(r.idx.doc, checklist, structure)
            shipped += [(r, r.labels[i.id][0], i.status) for i in a.items]
        t_rules, t_terms = baselines(test)
        table(f"Test split ({len(test)} openings, never used for fitting), shipped weights",
              {"model": shipped, "rules": t_rules, "terms": t_terms}, levels)


if __name__ == "__main__":
    main()
