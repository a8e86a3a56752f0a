"""The per-obligation judgement: covered / partial / missing, with evidence.

Three layers, each in its own module:

- `signals`: per obligation × sentence, the facts that bear on the question
  (terms, patterns, similarity, report part, weakening words, figures …);
- `model`: the fitted weights (a versioned JSON file beside the checklist) and
  their evaluation in plain Python;
- `aggregate`: from scored sentences to the item's status, probability,
  evidence and reasons.

`Judge` ties them together for one checklist; `core.engine` calls it.
Weights: `checklists/<id>.weights.json` beside the checklist's YAML. A
checklist without its own weights file is judged with the bundled 纲要 weights
minus what they learnt per obligation (see `Weights.for_checklist`).
"""

from __future__ import annotations

from pathlib import Path

from fzreview.core.checklist import DEFAULT_CHECKLIST, Checklist
from fzreview.core.judgement.aggregate import Judgement, judge, rival_features, rivals, score_sentences
from fzreview.core.judgement.model import Weights, WeightsError
from fzreview.core.judgement.signals import (
    FEATURES,
    ObligationProfile,
    ReportSignals,
    sentence_signals,
)
from fzreview.core.matcher import CompiledObligation, TextIndex
from fzreview.core.resources import CHECKLIST_DIR

__all__ = ["Judge", "Judgement", "Weights", "WeightsError", "weights_path", "weights_for"]


def weights_path(checklist_path: str | Path) -> Path:
    p = Path(checklist_path)
    return p.with_name(p.stem + ".weights.json")


_weights_cache: dict[tuple, Weights] = {}


def weights_for(checklist: Checklist) -> Weights:
    """The checklist's own weights, else the bundled ones made generic."""
    own = weights_path(checklist.path) if checklist.path else None
    for path in ([own] if own else []) + [CHECKLIST_DIR / f"{DEFAULT_CHECKLIST}.weights.json"]:
        if not path.is_file():
            continue
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        if key not in _weights_cache:
            w = Weights.load(path)
            if tuple(w.features) != FEATURES:
                raise WeightsError(f"{path}: 权重文件的特征与程序不符，请重新训练")
            _weights_cache[key] = w
        return _weights_cache[key].for_checklist(checklist.id, checklist.sha256)
    raise WeightsError("找不到判断模型的权重文件")


class Judge:
    """Judges every obligation of one checklist with one set of weights."""

    def __init__(self, obligations: list[CompiledObligation], weights: Weights):
        self.weights = weights
        self.profiles = [ObligationProfile.build(co, weights.profiles.get(co.obligation.id)) for co in obligations]

    def report(self, idx: TextIndex) -> ReportSignals:
        return ReportSignals(idx, self.weights.stats)

    def judge_all(self, rs: ReportSignals) -> list[Judgement]:
        """Every obligation's result, in profile order. The sentences are scored for all obligations
        first, so each item knows whether its best sentence evidences another obligation better."""
        stats = self.weights.stats
        scored = [score_sentences(sentence_signals(p, rs), self.weights) for p in self.profiles]
        top = rivals(scored)
        return [judge(sc, stats.prior.get(p.co.obligation.id, stats.default_prior), rs.idx, self.weights,
                      rival_features(sc, k, top))
                for k, (p, sc) in enumerate(zip(self.profiles, scored))]
