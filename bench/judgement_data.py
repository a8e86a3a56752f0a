"""Labelled reports, corpus statistics and fitting, shared by the training script and the benchmark.

Reads ../shared/corpus (texts, labels, INDEX.tsv) and ../shared/seeds. Only
bench/ scripts import this module; the app never reads ../shared.

Fitting needs scikit-learn (the `train` extra). Everything fitted — the
corpus statistics, the three logistic regressions, the thresholds — is
fitted on the reports it is given, so cross-validation can hold reports out.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

main.use_checkout()

from fzreview.core.analysis import COVERED, MISSING  # noqa: E402
from fzreview.core.checklist import DEFAULT_CHECKLIST, load_checklist, load_structure  # noqa: E402
from fzreview.core.judgement import aggregate  # noqa: E402
from fzreview.core.judgement.model import Weights  # noqa: E402
from fzreview.core.judgement.signals import (  # noqa: E402
    FEATURES,
    STOPWORDS,
    CorpusStats,
    ObligationProfile,
    ReportSignals,
    _hits,
    bigrams,
    expand,
    sentence_signals,
)
from fzreview.core.loaders import load_document  # noqa: E402
from fzreview.core.matcher import CompiledObligation, TextIndex  # noqa: E402
from fzreview.core.normalize import normalize_line  # noqa: E402
from fzreview.core.segment import content_tokens, split_sentences  # noqa: E402
from fzreview.core.structure import detect_parts  # noqa: E402

SHARED = ROOT.parent.parent / "shared" if (ROOT.parent.parent / "shared").is_dir() else Path("/work/shared")
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
SEED_NAMES = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]
SEED_LEVELS = {"hongmei-town-2024": "township", "chenghai-district-2023": "county", "suibin-county-2024": "county"}
# The checklist whose knowledge the reports are matched with (a name or a path); bench scripts
# that compare checklists (knowledge_check.py) set it.
CHECKLIST: str | Path = DEFAULT_CHECKLIST
_STRIP = re.compile(r"[，。；：、“”‘’（）《》()\s,.;:\"'!！?？]")


@dataclass
class Report:
    name: str
    level: str  # kind of body (INDEX level; seeds by their government)
    split: str  # train | test | seed
    idx: TextIndex
    labels: dict[str, tuple[str, str]]  # id → (label, evidence)
    evidence_sentences: dict[str, set[int]] = field(default_factory=dict)  # id → sentences holding the evidence
    hits: dict[str, set[str]] = field(default_factory=dict)  # id → terms hit anywhere (after excludes)


def _read_labels(path: Path) -> dict[str, tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return {r["id"]: (r["label"], r["evidence"] or "") for r in csv.DictReader(fh, delimiter="\t")}


def _locate(idx: TextIndex, evidence: str) -> set[int]:
    """Sentences holding an evidence span (found after normalisation, else ignoring punctuation)."""
    text = idx.doc.text
    out: set[int] = set()
    needle = normalize_line(evidence)
    pos = text.find(needle) if needle else -1
    while pos >= 0:
        out |= {idx.sentence_at(k) for k in (pos, pos + len(needle) - 1)}
        pos = text.find(needle, pos + 1)
    if out:
        return out
    bare = _STRIP.sub("", evidence)
    for i, s in enumerate(idx.sentences):
        if bare and bare[:12] in _STRIP.sub("", s.text):
            out.add(i)
    return out


def load_reports(splits=("train",), seeds=True) -> list[Report]:
    checklist, structure = load_checklist(CHECKLIST), load_structure()
    comp = [CompiledObligation.build(o) for o in checklist.obligations]
    items: list[tuple[str, str, str, Path, Path]] = []
    with open(CORPUS / "INDEX.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["split"] in splits:
                items.append((row["file"], row["level"], row["split"], CORPUS / "texts" / f"{row['file']}.txt",
                              CORPUS / "labels" / f"{row['file']}.tsv"))
    if seeds:
        for name in SEED_NAMES:
            items.append((name, SEED_LEVELS[name], "seed", SEEDS / f"{name}.txt", SEEDS / f"{name}.labels.tsv"))
    reports = []
    for name, level, split, text_path, label_path in items:
        doc = load_document(text_path)
        idx = TextIndex.build(doc, split_sentences(doc), detect_parts(doc, structure))
        rep = Report(name, level, split, idx, _read_labels(label_path))
        for oid, (label, ev) in rep.labels.items():
            if label != MISSING and ev:
                rep.evidence_sentences[oid] = _locate(idx, ev)
        for co in comp:
            terms, _broad, _pat, _exc = _hits(co, idx)
            rep.hits[co.obligation.id] = {t for found in terms.values() for t in found}
        reports.append(rep)
    return reports


# ---------------------------------------------------------------- corpus statistics


def profiles() -> list[ObligationProfile]:
    checklist = load_checklist(CHECKLIST)
    return [ObligationProfile.build(CompiledObligation.build(o)) for o in checklist.obligations]


def fit_stats(reports: list[Report], profs: list[ObligationProfile], leave_out: Report | None = None,
              base: CorpusStats | None = None) -> CorpusStats:
    """Document frequencies, priors and term reliabilities over `reports` (minus `leave_out`).

    With `base`, only priors and reliabilities are recomputed (the frequencies are kept).
    """
    reps = [r for r in reports if r is not leave_out]
    if base is None:
        vocab = {w for p in profs for w in p.words}
        pairs = {b for p in profs for b in p.pairs}
        pairs |= {b for r in reps for _lab, ev in r.labels.values() if ev for b in bigrams(normalize_line(ev))}
        df: Counter = Counter()
        pdf: Counter = Counter()
        n = 0
        total_tokens = 0
        for r in reps:
            for s, toks in zip(r.idx.sentences, map(expand, r.idx.tokens)):
                n += 1
                total_tokens += sum(toks.values())
                df.update(t for t in toks if t in vocab)
                pdf.update(b for b in bigrams(s.text) if b in pairs)
        idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        pidf = {b: math.log((n + 1) / (c + 0.5)) for b, c in pdf.items()}
        stats = CorpusStats(n_sentences=n, idf=idf, bigram_idf=pidf, mean_tokens=total_tokens / max(1, n))
        full_df: Counter = Counter()
        for r in reps:
            for toks in r.idx.tokens:
                full_df.update(expand(toks).keys())
        stats._df = full_df  # type: ignore[attr-defined]  # fitting only, never saved
    else:
        stats = CorpusStats(n_sentences=base.n_sentences, idf=base.idf, bigram_idf=base.bigram_idf,
                            mean_tokens=base.mean_tokens)
        stats._df = base._df  # type: ignore[attr-defined]
    addressed: Counter = Counter()
    term_hits: Counter = Counter()
    term_addr: Counter = Counter()
    for r in reps:
        for oid, (label, _ev) in r.labels.items():
            a = label != MISSING
            addressed[oid] += a
            for t in r.hits.get(oid, ()):
                term_hits[f"{oid}|{t}"] += 1
                term_addr[f"{oid}|{t}"] += a
    n_rep = max(1, len(reps))
    total = sum(addressed.values()) / (n_rep * max(1, len(addressed)))
    stats.default_prior = total
    stats.prior = {oid: (c + 2 * total) / (n_rep + 2) for oid, c in addressed.items()}
    g = sum(term_addr.values()) / max(1, sum(term_hits.values()))
    stats.default_reliability = g
    stats.term_reliability = {k: (term_addr[k] + 2 * g) / (h + 2) for k, h in term_hits.items()}
    stats.learned = learn_lexicon(reps, stats._df, stats.n_sentences)
    stats.exemplar = learn_exemplars(reps, stats)
    return stats


def learn_lexicon(reps: list[Report], df: Counter, n_sentences: int, min_reports: int = 2,
                  min_weight: float = 1.5, top: int = 40) -> dict[str, dict[str, float]]:
    """Per obligation, words over-represented in its evidence sentences (pointwise mutual information),
    seen in the evidence of at least `min_reports` reports (no one report's coinage or place name)."""
    ev_reports: dict[str, Counter] = {}
    n_ev: Counter = Counter()
    for r in reps:
        for oid, sents in r.evidence_sentences.items():
            words = {w for i in sents for w in expand(r.idx.tokens[i])}
            ev_reports.setdefault(oid, Counter()).update(words)
            n_ev[oid] += 1
    out = {}
    for oid, counts in ev_reports.items():
        lex = {}
        for w, c in counts.items():
            if c < min_reports or not df.get(w):
                continue
            weight = math.log(((c + 0.1) / (n_ev[oid] + 1)) / (df[w] / n_sentences))
            if weight >= min_weight:
                lex[w] = weight
        out[oid] = dict(sorted(lex.items(), key=lambda kv: -kv[1])[:top])
    return out


EXEMPLAR_TOP = 80


def learn_exemplars(reps: list[Report], stats: CorpusStats, top: int = EXEMPLAR_TOP) -> dict[str, dict[str, float]]:
    """Per obligation, the centroid of the reviewers' evidence spans as idf-weighted character pairs
    (each span's vector normalised first), cut to its `top` pairs and normalised again: a
    statistic of how reports word the obligation, not the spans themselves."""
    sums: dict[str, Counter] = {}
    for r in reps:
        for oid, (label, ev) in r.labels.items():
            if label == MISSING or not ev:
                continue
            pairs = bigrams(normalize_line(ev))
            if not pairs:
                continue
            vec = {p: stats.pair_idf(p) for p in pairs}
            norm = math.sqrt(sum(v * v for v in vec.values()))
            acc = sums.setdefault(oid, Counter())
            for p, v in vec.items():
                acc[p] += v / norm
    out = {}
    for oid, acc in sums.items():
        kept = dict(acc.most_common(top))
        norm = math.sqrt(sum(v * v for v in kept.values())) or 1.0
        out[oid] = {p: v / norm for p, v in kept.items()}
    return out


# ---------------------------------------------------------------- rows


@dataclass
class ItemRows:
    report: Report
    oid: str
    gold: str
    signals: list  # SentenceSignals
    sentence_labels: list[int]
    prior: float


def item_rows(report: Report, profs: list[ObligationProfile], stats: CorpusStats) -> list[ItemRows]:
    rs = ReportSignals(report.idx, stats)
    out = []
    for p in profs:
        oid = p.co.obligation.id
        sigs = sentence_signals(p, rs)
        gold = report.labels[oid][0]
        ev = report.evidence_sentences.get(oid, set())
        out.append(ItemRows(report, oid, gold, sigs, [int(s.index in ev) for s in sigs],
                            stats.prior.get(oid, stats.default_prior)))
    return out


def rows_for(reports: list[Report], profs, stats: CorpusStats, loo: bool) -> list[ItemRows]:
    """Item rows; with `loo`, each report's priors and reliabilities leave that report out."""
    out = []
    for r in reports:
        st = fit_stats(reports, profs, leave_out=r, base=stats) if loo else stats
        out += item_rows(r, profs, st)
    return out


# ---------------------------------------------------------------- fitting


def _lr(X, y, C=1.0, weight=None):
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=C, max_iter=2000, fit_intercept=False, class_weight=weight)
    m.fit(X, y)
    return [float(v) for v in m.coef_[0]]


GBT = {"n_estimators": 150, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8, "random_state": 0}


SENTENCE_MODEL = "lr"
CALIBRATE = True
INNER_FOLDS = 5
SENT_GBT = {"n_estimators": 200, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8, "random_state": 0}


def _gbt(X, y, params=None) -> dict:
    """Gradient-boosted trees (scikit-learn), exported as plain lists for model.log_odds."""
    from sklearn.ensemble import GradientBoostingClassifier

    params = params or GBT
    m = GradientBoostingClassifier(**params).fit(X, y)
    p = float(m.init_.class_prior_[1])
    trees = []
    for est in m.estimators_[:, 0]:
        t = est.tree_
        trees.append([[int(f) if c != -1 else -1 for f, c in zip(t.feature, t.children_left)],
                      [float(v) for v in t.threshold], [int(v) for v in t.children_left],
                      [int(v) for v in t.children_right], [float(v[0][0]) for v in t.value]])
    return {"init": math.log(p / (1 - p)), "rate": params["learning_rate"], "trees": trees}


ITEM_MODEL = "gbt"  # or "lr" (train_judgement.py --item-model)


def fit_weights(train_rows: list[ItemRows], stats: CorpusStats, thresholds=None, C=1.0) -> Weights:
    def fit_sentence(rows):
        X = [s.vector() for it in rows for s in it.signals]
        y = [lab for it in rows for lab in it.sentence_labels]
        return _gbt(X, y, SENT_GBT) if SENTENCE_MODEL == "gbt" else _lr(X, y, C)

    def as_weights(w):
        return Weights(list(FEATURES), list(aggregate.ITEM_FEATURES), w, [0.0] * len(aggregate.ITEM_FEATURES),
                       [0.0] * len(aggregate.ITEM_FEATURES), {"addressed": 0.5, "covered": 0.5}, stats)

    w_sent = fit_sentence(train_rows)
    # The item models learn from sentence scores of reports the sentence model did not see
    # (inner folds by report), as they will meet them at run time.
    scorer: dict[str, Weights] = {}
    if INNER_FOLDS > 1:
        names = sorted({it.report.name for it in train_rows})
        for k in range(INNER_FOLDS):
            held = set(names[k::INNER_FOLDS])
            w = as_weights(fit_sentence([it for it in train_rows if it.report.name not in held]))
            scorer.update({n: w for n in held})
    whole = as_weights(w_sent)
    Xi, ya = [], []
    Xc, yc = [], []
    for it, _scored, x in item_vectors(train_rows, lambda it: scorer.get(it.report.name, whole)):
        Xi.append(x)
        ya.append(int(it.gold != MISSING))
        if it.gold != MISSING:
            Xc.append(x)
            yc.append(int(it.gold == COVERED))
    fit_item = _gbt if ITEM_MODEL == "gbt" else (lambda X, y: _lr(X, y, C))
    w_a = fit_item(Xi, ya)
    w_c = fit_item(Xc, yc)
    return Weights(list(FEATURES), list(aggregate.ITEM_FEATURES), w_sent, w_a, w_c,
                   thresholds or {"addressed": 0.5, "covered": 0.5}, stats)


RIVALS = True


def item_vectors(rows: list[ItemRows], weights_of):
    """(row, scored sentences, item vector) for each row; rows come grouped by report, in checklist
    order, so each item is compared with the report's other obligations as at run time."""
    from itertools import groupby

    for _name, grp in groupby(rows, key=lambda it: it.report.name):
        group = list(grp)
        scored = [aggregate.score_sentences(it.signals, weights_of(it)) for it in group]
        top = aggregate.rivals(scored)
        for k, (it, sc) in enumerate(zip(group, scored)):
            yield it, sc, aggregate.item_vector(sc, it.prior, aggregate.rival_features(sc, k, top) if RIVALS else None)


@dataclass
class Prediction:
    report: Report
    oid: str
    gold: str
    p_addressed: float
    p_covered: float
    any_uncapped: bool
    best_sentence: int | None
    p_raw: float = -1.0  # the model's P(addressed) before calibration (p_addressed is after)

    def __post_init__(self):
        if self.p_raw < 0:
            self.p_raw = self.p_addressed


def predict(rows: list[ItemRows], weights: Weights) -> list[Prediction]:
    from fzreview.core.judgement.model import log_odds, sigmoid

    out = []
    for it, scored, x in item_vectors(rows, lambda it: weights):
        any_uncapped = any(not s.signals.capped and s.p >= aggregate.EVIDENCE_FLOOR for s in scored)
        out.append(Prediction(it.report, it.oid, it.gold, sigmoid(log_odds(weights.addressed, x)),
                              sigmoid(log_odds(weights.covered, x)) if scored else 0.0, any_uncapped,
                              scored[0].signals.index if scored else None))
    return out


def status_of(p: Prediction, th: dict[str, float]) -> str:
    return aggregate.decide(p.p_addressed, p.p_covered, p.best_sentence is not None, p.any_uncapped, th)


CALIBRATION_BIN = 60


def fit_calibration(preds: list[Prediction], per_bin: int = CALIBRATION_BIN) -> list[list[float]]:
    """A smooth monotone map of the model's P(addressed) to the observed share addressed: predictions
    sorted by probability in bins of `per_bin`, each bin's (mean predicted, share addressed) made
    monotone by isotonic regression (scikit-learn), linear between bin centres. Bins rather than single
    predictions, so that a small change of the model's probability never jumps the score; kept off
    0 and 1 so no score claims certainty."""
    from sklearn.isotonic import IsotonicRegression

    order = sorted(preds, key=lambda p: p.p_raw)
    xs, ys, ws = [], [], []
    for k in range(0, len(order), per_bin):
        chunk = order[k:k + per_bin]
        if len(chunk) < per_bin // 2 and xs:  # a short last bin joins the one before
            chunk = order[k - per_bin:]
            xs.pop(), ys.pop(), ws.pop()
        xs.append(sum(p.p_raw for p in chunk) / len(chunk))
        ys.append(sum(p.gold != MISSING for p in chunk) / len(chunk))
        ws.append(len(chunk))
    fitted = IsotonicRegression(y_min=0.002, y_max=0.998).fit(xs, ys, sample_weight=ws).predict(xs)
    pts = [[0.0, float(fitted[0])]] + [[float(x), float(y)] for x, y in zip(xs, fitted)] + [[1.0, float(fitted[-1])]]
    out: list[list[float]] = []
    for x, y in pts:  # drop repeated x (keep the last), so interpolation is well defined
        if out and x <= out[-1][0]:
            out[-1] = [out[-1][0], y]
        else:
            out.append([x, y])
    return out


def calibrate(preds: list[Prediction], calibration: list[list[float]]) -> list[Prediction]:
    from dataclasses import replace

    w = Weights([], [], [], [], [], {}, CorpusStats(), calibration=calibration)
    return [replace(p, p_addressed=w.calibrated(p.p_raw)) for p in preds]


def choose_thresholds(preds: list[Prediction]) -> dict[str, float]:
    """Addressed: the threshold with the best F1(addressed); covered: the best 3-class accuracy."""
    grid = [k / 100 for k in range(10, 91, 2)]
    best_a = max(grid, key=lambda t: (scores([(p.gold, status_of(p, {"addressed": t, "covered": 0.5}))
                                               for p in preds])["f1"], -abs(t - 0.5)))
    best_c = max(grid, key=lambda t: (scores([(p.gold, status_of(p, {"addressed": best_a, "covered": t}))
                                               for p in preds])["acc3"], -abs(t - 0.5)))
    return {"addressed": best_a, "covered": best_c}


# ---------------------------------------------------------------- figures


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    tp = sum(1 for g, p in pairs if g != MISSING and p != MISSING)
    fp = sum(1 for g, p in pairs if g == MISSING and p != MISSING)
    fn = sum(1 for g, p in pairs if g != MISSING and p == MISSING)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    cov_pred = [g for g, p in pairs if p == COVERED]
    p_cov = sum(1 for g in cov_pred if g == COVERED) / len(cov_pred) if cov_pred else 0.0
    acc = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    return {"f1": f1, "p": prec, "r": rec, "p_cov": p_cov, "acc3": acc, "n": len(pairs)}


def folds(reports: list[Report], k: int, seed: int = 0) -> list[list[Report]]:
    """k groups of whole reports, each mixing kinds of body (round robin after sorting by level and
    name; with a `seed`, by level and a seeded shuffle: another partition into folds)."""
    import random

    rnd = random.Random(seed)
    order = sorted(reports, key=lambda r: (r.level, r.name if not seed else rnd.random()))
    return [order[i::k] for i in range(k)]


def cross_validate(reports: list[Report], k: int = 10, C: float = 1.0, log=print, seed: int = 0):
    """Out-of-fold predictions; each fold's thresholds are chosen on the other folds' predictions."""
    profs = profiles()
    oof: list[list[Prediction]] = []
    for n, held in enumerate(folds(reports, k, seed)):
        train = [r for r in reports if r not in held]
        stats = fit_stats(train, profs)
        w = fit_weights(rows_for(train, profs, stats, loo=True), stats, C=C)
        oof.append(predict(rows_for(held, profs, stats, loo=False), w))
        log(f"  fold {n + 1}/{k} done")
    final = []
    calibrated = []
    for n, preds in enumerate(oof):
        # calibration and thresholds for a fold come from the other folds' out-of-fold predictions
        others = [p for m, ps in enumerate(oof) if m != n for p in ps]
        cal = fit_calibration(others) if CALIBRATE else []
        th = choose_thresholds(calibrate(others, cal))
        mine = calibrate(preds, cal)
        calibrated.append(mine)
        final += [(p, status_of(p, th)) for p in mine]
    return final, calibrated


def fit_all(reports: list[Report], C: float = 1.0, thresholds=None, calibration=None) -> Weights:
    profs = profiles()
    stats = fit_stats(reports, profs)
    w = fit_weights(rows_for(reports, profs, stats, loo=True), stats, thresholds, C=C)
    w.calibration = calibration or []
    return w


def reliability_table(preds: list[Prediction], bins: int = 10) -> tuple[list[tuple], float]:
    """(bin low, bin high, n, mean predicted, observed share addressed) and the Brier score."""
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inb = [p for p in preds if lo <= p.p_addressed < hi or (b == bins - 1 and p.p_addressed == 1.0)]
        if inb:
            table.append((lo, hi, len(inb), sum(p.p_addressed for p in inb) / len(inb),
                          sum(p.gold != MISSING for p in inb) / len(inb)))
    brier = sum((p.p_addressed - (p.gold != MISSING)) ** 2 for p in preds) / max(1, len(preds))
    return table, brier


__all__ = ["STOPWORDS", "content_tokens"]
