"""Matching knowledge found by reading corpus errors, checked on reports nobody read.

    python bench/knowledge_check.py halves
    python bench/knowledge_check.py errors [--checklist X.yaml]
    python bench/knowledge_check.py compare NEW.yaml [--partitions 3]

The corpus README allows reading the judgement's errors on the corpus, but a term found that way
must be checked on reports you have not looked at: on the reports it was read from, it is
in-sample and lifts the cross-validated figure by construction. This script makes the rule
mechanical. The 50 `train` openings are split once, for good, into two halves of 25 (5 per kind
of body, a fixed seeded draw):

- READ: the half whose errors may be read (`errors` prints them, with the text of the evidence
  or of the best candidate sentence), together with the three seed reports, read long ago;
- UNREAD: the half nobody reads. Nothing in this script prints its text or its errors.

`compare` cross-validates the shipped checklist and NEW (same folds, same fitting; mean over
`--partitions` partitions into 10 folds) and prints F1(addressed) on each half. A gain on READ
alone is in-sample; knowledge earns its place when UNREAD gains too, beyond the run-to-run noise
(about ±0.008 on a half of 25 openings: what the item model's random seed alone moves it).

What has been read, and what came of it, is in docs/judgement.md ("Knowledge read from errors").
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgement_data as jd

from fzreview.core.analysis import MISSING
from fzreview.core.checklist import load_checklist

HALVES_SEED = 2026
KINDS = ("city", "county", "department", "province", "township")


def halves(reports: list[jd.Report]) -> tuple[set[str], set[str]]:
    """(READ, UNREAD) names of the train openings: per kind (in this order), the sorted names
    shuffled by one seeded generator, the first 5 READ. Fixed: changing it would expose the
    UNREAD half to a reader of the old READ half's errors."""
    rnd = random.Random(HALVES_SEED)
    read: set[str] = set()
    unread: set[str] = set()
    for kind in KINDS:
        names = sorted(r.name for r in reports if r.split == "train" and r.level == kind)
        rnd.shuffle(names)
        read |= set(names[:5])
        unread |= set(names[5:])
    return read, unread


def groups(reports: list[jd.Report]) -> dict[str, set[str]]:
    read, unread = halves(reports)
    seeds = {r.name for r in reports if r.split == "seed"}
    return {"READ half": read, "UNREAD half": unread, "seeds": seeds, "all": read | unread | seeds}


def _progress(line: str) -> None:
    print(line, end="\r", file=sys.stderr)


def cross_validated(checklist, partitions: int) -> list[list[tuple[jd.Prediction, str]]]:
    jd.CHECKLIST = checklist
    reports = jd.load_reports(splits=("train",), seeds=True)
    return [jd.cross_validate(reports, k=10, seed=seed, log=_progress)[0]
            for seed in range(partitions)]


def f1_by_group(runs, names: set[str]) -> list[float]:
    return [jd.scores([(p.gold, s) for p, s in run if p.report.name in names])["f1"] for run in runs]


def show_errors(checklist) -> None:
    jd.CHECKLIST = checklist
    reports = jd.load_reports(splits=("train",), seeds=True)
    g = groups(reports)
    shown = g["READ half"] | g["seeds"]
    final, _ = jd.cross_validate(reports, k=10, log=_progress)
    ck = load_checklist(checklist)
    n = 0
    for p, s in sorted(final, key=lambda ps: (ps[0].report.name, ps[0].oid)):
        if p.report.name not in shown or (p.gold == MISSING) == (s == MISSING):
            continue
        n += 1
        o = ck.get(p.oid)
        print(f"== {p.report.name} {p.oid} {o.title}  gold={p.gold} auto={s} P(addressed)={p.p_addressed:.2f}")
        print(f"   要求：{o.requirement}")
        if p.gold != MISSING:
            print(f"   reviewer's evidence: {p.report.labels[p.oid][1]}")
        elif p.best_sentence is not None:
            print(f"   best sentence: {p.report.idx.sentences[p.best_sentence].text}")
    print(f"\n{n} disagreements on addressed / missing in the READ half and the seeds (CV, partition 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("halves", help="print which openings are READ and which UNREAD")
    e = sub.add_parser("errors", help="the CV errors of the READ half and the seeds, to read")
    e.add_argument("--checklist", default=jd.DEFAULT_CHECKLIST)
    c = sub.add_parser("compare", help="F1 per half: the shipped checklist against NEW")
    c.add_argument("new")
    c.add_argument("--base", default=jd.DEFAULT_CHECKLIST)
    c.add_argument("--partitions", type=int, default=3)
    args = parser.parse_args()

    if args.cmd == "halves":
        g = groups(jd.load_reports(splits=("train",), seeds=True))
        for name in ("READ half", "UNREAD half"):
            print(f"{name:12} {' '.join(sorted(g[name]))}")
    elif args.cmd == "errors":
        show_errors(args.checklist)
    else:
        base = cross_validated(args.base, args.partitions)
        new = cross_validated(args.new, args.partitions)
        g = groups(list({id(p.report): p.report for p, _s in base[0]}.values()))
        print(f"F1(addressed), cross-validated, mean of {args.partitions} partitions into 10 folds")
        print(f"{'':14}{'base':>8}{'new':>8}{'change':>9}   per partition (base → new)")
        for name, names in g.items():
            b, n = f1_by_group(base, names), f1_by_group(new, names)
            mb, mn = sum(b) / len(b), sum(n) / len(n)
            print(f"{name:14}{mb:8.3f}{mn:8.3f}{mn - mb:+9.3f}   "
                  + "  ".join(f"{x:.3f}→{y:.3f}" for x, y in zip(b, n)))
        print("A gain on the READ half alone is in-sample; the UNREAD half is the check "
              "(its run-to-run noise is about ±0.008).")


if __name__ == "__main__":
    main()
