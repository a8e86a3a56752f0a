"""Fit the judgement's weights on the labelled corpus and write them beside the checklist.

    pip install -e '.[train]'          # scikit-learn, only for this script
    python bench/train_judgement.py [--folds 10] [--C 1.0] [--out PATH]

Reads ../shared/corpus (the `train` split; `test` is never read here) and the
three seed reports in ../shared/seeds. Steps:

1. cross-validation grouped by report (`--folds` groups of whole reports): for
   each fold the corpus statistics, the three logistic regressions are fitted on
   the other reports only; out-of-fold probabilities are collected;
2. P(addressed) is calibrated on those out-of-fold probabilities (bins made
   monotone by isotonic regression); thresholds for "addressed" (best F1) and "covered" (best
   3-class accuracy) are chosen after it; calibration is checked with a
   reliability table and the Brier score of P(addressed), each fold calibrated
   on the other folds only;
3. the final weights are fitted on all the reports and written, with the CV
   figures, to checklists/gangyao-2021-2025.weights.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgement_data as jd

from fzreview.core.checklist import load_checklist
from fzreview.core.judgement import weights_path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--item-model", choices=("lr", "gbt"), default=jd.ITEM_MODEL,
                        help="addressed/covered models: logistic regression or gradient-boosted trees")
    parser.add_argument("--sentence-model", choices=("lr", "gbt"), default=jd.SENTENCE_MODEL,
                        help="sentence model: logistic regression (default) or gradient-boosted trees")
    args = parser.parse_args()
    jd.ITEM_MODEL = args.item_model
    jd.SENTENCE_MODEL = args.sentence_model
    checklist = load_checklist()
    reports = jd.load_reports(splits=("train",), seeds=True)
    print(f"{len(reports)} reports ({sum(r.split == 'seed' for r in reports)} seeds), "
          f"{len(reports) * len(checklist.obligations)} labelled items")
    final, oof = jd.cross_validate(reports, k=args.folds, C=args.C, log=lambda s: print(s, end="\r"))
    cv = jd.scores([(p.gold, s) for p, s in final])
    preds = [p for ps in oof for p in ps]  # calibrated fold by fold on the other folds (nested)
    table, brier = jd.reliability_table(preds)
    # what ships: the calibration fitted on all out-of-fold predictions, thresholds chosen after it
    calibration = jd.fit_calibration(preds) if jd.CALIBRATE else []
    thresholds = jd.choose_thresholds(jd.calibrate(preds, calibration))
    print(f"CV ({args.folds} folds by report): F1(addressed) {cv['f1']:.3f}  P(covered) {cv['p_cov']:.3f}  "
          f"3-class {cv['acc3']:.3f}")
    print(f"thresholds: {thresholds}   Brier(P addressed) {brier:.4f}")
    print("reliability:  bin        n   predicted  observed")
    for lo, hi, n, mean, obs in table:
        print(f"          {lo:.1f}–{hi:.1f} {n:6d}   {mean:8.3f}  {obs:8.3f}")
    weights = jd.fit_all(reports, C=args.C, thresholds=thresholds, calibration=calibration)
    weights.checklist_id, weights.checklist_sha256 = checklist.id, checklist.sha256
    weights.info = {
        "trained": dt.date.today().isoformat(),
        "how": "bench/train_judgement.py: sentence model "
               + (f"a logistic regression (scikit-learn, C={args.C}, no intercept: 'bias' is a feature)"
                  if args.sentence_model == "lr" else f"gradient-boosted trees {jd.SENT_GBT}")
               + f"; item models fitted on sentence scores from {jd.INNER_FOLDS} inner folds by report, "
               "with each item's best sentence compared with the other obligations' claims on it; "
               f"P(addressed) calibrated on out-of-fold predictions (bins of {jd.CALIBRATION_BIN}, isotonic); item models "
               + ("logistic regressions" if args.item_model == "lr" else f"gradient-boosted trees {jd.GBT}")
               + "; thresholds chosen on out-of-fold probabilities",
        "data": {"corpus_train_reports": sum(r.split == "train" for r in reports),
                 "seed_reports": sum(r.split == "seed" for r in reports),
                 "items": len(reports) * len(checklist.obligations),
                 "labels": "../shared/corpus/labels (train split) + ../shared/seeds"},
        "cv": {"folds": args.folds, "grouped_by": "report",
               "f1_addressed": round(cv["f1"], 4), "precision_covered": round(cv["p_cov"], 4),
               "accuracy_3class": round(cv["acc3"], 4), "brier_addressed": round(brier, 4),
               "reliability": [[round(lo, 1), round(hi, 1), n, round(m, 3), round(o, 3)]
                               for lo, hi, n, m, o in table]},
    }
    weights.profiles = {p.co.obligation.id: p.to_cache() for p in jd.profiles()}
    out = args.out or weights_path(checklist.path)
    weights.save(out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
