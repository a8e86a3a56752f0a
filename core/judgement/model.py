"""The fitted model: logistic regressions evaluated in plain Python.

Three small models, fitted by `bench/train_judgement.py` (scikit-learn, the
optional `train` extra) and shipped as a versioned JSON file next to the
checklist (`checklists/<id>.weights.json`):

- `sentence`: does this sentence evidence this obligation? (signals.FEATURES;
  a logistic regression by default, boosted trees with `train_judgement.py --sentence-model gbt`)
- `addressed`: is the obligation covered or partial? (aggregate.ITEM_FEATURES)
- `covered`: given it is addressed, is it covered?

`addressed` and `covered` are either coefficients (logistic regression) or
gradient-boosted trees: {"init": log-odds, "rate": learning rate, "trees":
[[features, thresholds, left, right, values], …]}, one list per node field,
feature -1 at a leaf; the log-odds is init + rate × the leaves reached.

`calibration` maps P(addressed) to the share addressed observed out of fold
(isotonic breakpoints); `thresholds` turn the probabilities into a status; `stats` is the corpus
knowledge the signals need (signals.CorpusStats). `info` says when, how and on
what the weights were fitted, with the cross-validated figures.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from fzreview.core.judgement.signals import CorpusStats

SCHEMA_VERSION = 1


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def dot(weights: list[float], x: list[float]) -> float:
    return sum(w * v for w, v in zip(weights, x))


def log_odds(model: list[float] | dict, x: list[float]) -> float:
    """The model's log-odds for feature vector x (coefficients or boosted trees)."""
    if isinstance(model, list):
        return dot(model, x)
    z = model["init"]
    rate = model["rate"]
    for features, thresholds, left, right, values in model["trees"]:
        n = 0
        while features[n] >= 0:
            n = left[n] if x[features[n]] <= thresholds[n] else right[n]
        z += rate * values[n]
    return z


def _check_model(model, n_features: int) -> bool:
    if isinstance(model, list):
        return len(model) == n_features
    if not isinstance(model, dict) or not {"init", "rate", "trees"} <= model.keys():
        return False
    return all(len(t) == 5 and all(f < n_features for f in t[0]) for t in model["trees"])


def _rounded(model):
    if isinstance(model, list):
        return [round(w, 5) for w in model]
    return {"init": round(model["init"], 6), "rate": model["rate"],
            "trees": [[t[0], [round(v, 6) for v in t[1]], t[2], t[3], [round(v, 6) for v in t[4]]]
                      for t in model["trees"]]}


class WeightsError(Exception):
    """A weights file that cannot be used."""


@dataclass
class Weights:
    features: list[str]
    item_features: list[str]
    sentence: list[float] | dict
    addressed: list[float] | dict
    covered: list[float] | dict
    thresholds: dict[str, float]
    stats: CorpusStats
    checklist_id: str = ""
    checklist_sha256: str = ""
    info: dict = field(default_factory=dict)
    # obligation id → its words as tokenised at training (signals.ObligationProfile.to_cache);
    # used only for the checklist the weights were fitted on, to spare jieba at start-up
    profiles: dict = field(default_factory=dict)
    # P(addressed) as the model gives it → as observed: isotonic breakpoints [[model p, observed p], …]
    # fitted on out-of-fold predictions; empty = the model's own probability
    calibration: list = field(default_factory=list)

    def calibrated(self, p: float) -> float:
        """The model's P(addressed) mapped through the calibration (linear between breakpoints)."""
        pts = self.calibration
        if not pts:
            return p
        if p <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if p <= x1:
                return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)
        return pts[-1][1]

    def for_checklist(self, checklist_id: str, sha256: str) -> Weights:
        """These weights for another checklist: the fitted coefficients hold (they weigh generic
        signals), but what was learnt per obligation (priors, term reliabilities) does not."""
        if sha256 == self.checklist_sha256:
            return self
        stats = CorpusStats(n_sentences=self.stats.n_sentences, idf=self.stats.idf,
                            bigram_idf=self.stats.bigram_idf, mean_tokens=self.stats.mean_tokens,
                            default_prior=self.stats.default_prior,
                            default_reliability=self.stats.default_reliability)
        return Weights(self.features, self.item_features, self.sentence, self.addressed, self.covered,
                       self.thresholds, stats, checklist_id, sha256, dict(self.info, generic=True), {},
                       self.calibration)

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "checklist": {"id": self.checklist_id, "sha256": self.checklist_sha256},
            "info": self.info,
            "features": self.features, "item_features": self.item_features,
            "sentence": _rounded(self.sentence),
            "addressed": _rounded(self.addressed),
            "covered": _rounded(self.covered),
            "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
            "stats": self.stats.to_dict(),
            "calibration": [[round(x, 5), round(y, 5)] for x, y in self.calibration],
            "profiles": self.profiles,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Weights:
        if d.get("schema") != SCHEMA_VERSION:
            raise WeightsError(f"权重文件版本 {d.get('schema')!r} 与程序（{SCHEMA_VERSION}）不符")
        w = cls(features=list(d["features"]), item_features=list(d["item_features"]),
                sentence=d["sentence"], addressed=d["addressed"], covered=d["covered"],
                thresholds=dict(d["thresholds"]), stats=CorpusStats.from_dict(d["stats"]),
                checklist_id=d["checklist"]["id"], checklist_sha256=d["checklist"]["sha256"],
                info=dict(d.get("info", {})), profiles=dict(d.get("profiles", {})),
                calibration=[[float(x), float(y)] for x, y in d.get("calibration", [])])
        xs = [x for x, _y in w.calibration]
        if xs != sorted(xs) or any(not 0 <= v <= 1 for pt in w.calibration for v in pt):
            raise WeightsError("权重文件中的概率校准表无效")
        if not _check_model(w.sentence, len(w.features)) or not _check_model(w.addressed, len(w.item_features)) \
                or not _check_model(w.covered, len(w.item_features)):
            raise WeightsError("权重文件中的模型与特征个数不符")
        return w

    def save(self, path: Path) -> None:
        """One top-level key per line: the header stays readable, the numbers stay compact."""
        lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(',', ':'))}"
                 for k, v in self.to_dict().items()]
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Weights:
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise WeightsError(f"{path}: 无法读取权重文件（{exc}）") from None
