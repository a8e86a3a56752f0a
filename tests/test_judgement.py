"""The fitted judgement keeps the annotation guide's rules, on text written here.

Also the defects found in review: a term's own words are no concrete act, a bare
list is no coverage, an exclude cancels only the hit it overlaps, placeholders
are whole XX, and the weights file loads with the right shape.
"""

import json

import pytest

from fzreview.core.checklist import load_checklist, load_structure
from fzreview.core.document import Document
from fzreview.core.engine import analyse, judge_for
from fzreview.core.findings import placeholders
from fzreview.core.judgement import Weights, WeightsError, weights_for
from fzreview.core.judgement.aggregate import ITEM_FEATURES, decide
from fzreview.core.judgement.signals import FEATURES, sentence_signals
from fzreview.core.matcher import TextIndex
from fzreview.core.segment import split_sentences
from fzreview.core.structure import detect_parts

INTRO = "2024年，我县推进法治政府建设。\n一、主要举措和成效\n"


def item(text, item_id, checklist, structure):
    return analyse(Document.from_text(text), checklist, structure).item(item_id)


def signals_of(text, item_id, checklist):
    doc = Document.from_text(text)
    idx = TextIndex.build(doc, split_sentences(doc), detect_parts(doc, load_structure()))
    judge = judge_for(checklist)
    profile = next(p for p in judge.profiles if p.co.obligation.id == item_id)
    return {idx.sentences[s.index].text: s for s in sentence_signals(profile, judge.report(idx))}


# ---------------------------------------------------------------- the guide's rules


@pytest.mark.parametrize("tail", [
    "开展执法工作。\n二、存在的问题\n“双随机、一公开”监管覆盖面不够，抽查企业仅30家。\n",
    "开展执法工作。\n三、下一步工作打算\n全面推行“双随机、一公开”监管，抽查企业30家。\n",
])
def test_plan_or_problem_is_at_most_partial(tail, checklist, structure):
    it = item(INTRO + tail, "G05-07", checklist, structure)
    assert it.status == "partial"
    assert it.evidence[0].part in ("S-02", "S-04")
    body = item(INTRO + "全面推行“双随机、一公开”监管，抽查企业30家。\n", "G05-07", checklist, structure)
    assert body.status == "covered"  # the same words in the measures part


def test_bare_generic_sentence_is_at_most_partial(checklist, structure):
    # 抽查 is one of the concrete acts, but here it is only the term's own word
    generic = item(INTRO + "进一步加强随机抽查工作。\n", "G05-07", checklist, structure)
    assert generic.status == "partial" and any("笼统" in w for w in generic.why)
    concrete = item(INTRO + "开展随机抽查46次，公示结果46条。\n", "G05-07", checklist, structure)
    assert concrete.status == "covered"


def test_bare_list_is_at_most_partial(checklist, structure):
    text = INTRO + "全面推行权责清单、政府信息公开、信用监管、行政复议等。\n"
    for item_id in ("G27-01", "G04-02"):
        it = item(text, item_id, checklist, structure)
        assert it.status == "partial", item_id
        assert any("列举" in w for w in it.why)
    sig = signals_of(text, "G27-01", checklist)
    assert any(s.list_only for s in sig.values())


def test_paraphrase_with_concrete_act_and_figures_is_addressed(checklist, structure):
    """No catalogue term of staff legal education is in the sentence; the guide says it is covered."""
    text = INTRO + "组织全体机关干部集中学习法律法规6次，参训312人次。\n"
    o = checklist.get("G34-06")
    assert not any(t in text for t in o.terms + o.broad_terms)
    it = item(text, "G34-06", checklist, structure)
    assert it.status == "covered"
    assert "组织全体机关干部" in it.evidence[0].text and not it.evidence[0].terms


# ---------------------------------------------------------------- excludes


def test_exclude_cancels_only_the_hit_it_overlaps(checklist, structure):
    # G15-07 excludes a context that overlaps none of these term hits
    it = item(INTRO + "全面梳理承接的行政执法事项，公布执法事项清单126项。\n", "G15-07", checklist, structure)
    assert it.status == "covered" and it.evidence[0].terms
    # 普法责任清单 is an exclude of G04-02: its 责任清单 does not count ...
    o = checklist.get("G04-02")
    assert "普法责任清单" in o.exclude and "责任清单" in o.broad_terms
    only_excluded = signals_of(INTRO + "制定普法责任清单，明确责任单位32个。\n", "G04-02", checklist)
    assert all(not s.broad and not s.terms for s in only_excluded.values())
    assert any(s.excluded for s in only_excluded.values())
    # ... but in the same sentence the 权责清单 hit stays
    both = signals_of(INTRO + "制定普法责任清单，调整权责清单事项126项。\n", "G04-02", checklist)
    hit = [s for s in both.values() if s.terms]
    assert hit and "权责清单" in hit[0].terms and hit[0].excluded


# ---------------------------------------------------------------- aggregation


def test_more_mentions_in_the_measures_part_raise_the_probability(checklist, structure):
    one = item(INTRO + "推进行政复议规范化建设。\n开展普法宣传20场。\n", "G22-02", checklist, structure)
    three = item(INTRO + "推进行政复议规范化建设。\n办理行政复议案件12件。\n行政复议纠错率3%。\n",
                 "G22-02", checklist, structure)
    assert three.score > one.score


def test_capped_sentence_never_makes_covered():
    th = {"addressed": 0.4, "covered": 0.5}
    assert decide(0.99, 0.99, True, False, th) == "partial"
    assert decide(0.99, 0.99, True, True, th) == "covered"
    assert decide(0.99, 0.99, False, True, th) == "missing"  # no sentence at all
    assert decide(0.2, 0.99, True, True, th) == "missing"


def test_score_is_a_probability_and_missing_has_no_evidence(seed_analyses):
    for a in seed_analyses.values():
        for it in a.items:
            assert 0.0 <= it.score <= 1.0
            assert (it.status == "missing") == (not it.evidence)


# ---------------------------------------------------------------- weights file


def test_shipped_weights_match_the_code_and_the_checklist(checklist):
    w = weights_for(checklist)
    assert tuple(w.features) == FEATURES and tuple(w.item_features) == ITEM_FEATURES
    assert w.checklist_sha256 == checklist.sha256 and w.stats.prior  # fitted for this very checklist
    assert {"trained", "data", "cv"} <= set(w.info)
    assert 0.0 < w.thresholds["addressed"] < 1.0 and 0.0 < w.thresholds["covered"] < 1.0


def test_user_checklist_without_weights_uses_generic_ones(tmp_path, checklist):
    src = open(checklist.path, encoding="utf-8").read()
    path = tmp_path / "my-list.yaml"
    path.write_text(src.replace("id: gangyao-2021-2025", "id: my-list", 1), encoding="utf-8")
    mine = load_checklist(path)
    w = weights_for(mine)
    assert w.info.get("generic") and not w.stats.prior and not w.stats.term_reliability
    a = analyse(Document.from_text(INTRO + "全面推行“双随机、一公开”监管，抽查企业56家。\n"), mine, load_structure())
    assert a.item("G05-07").status == "covered"


def test_weights_round_trip(tmp_path, checklist):
    w = weights_for(checklist)
    path = tmp_path / "w.json"
    w.save(path)
    again = Weights.load(path)
    assert again.to_dict() == json.loads(path.read_text(encoding="utf-8"))
    assert again.thresholds == pytest.approx(w.thresholds, abs=1e-4)


# ---------------------------------------------------------------- placeholders


def test_placeholder_xx_only_standing_alone():
    found = placeholders(Document.from_text("XX镇2024年法治政府建设情况。采购XXL号服装，与Foxxconn签约。"))
    assert [f.message for f in found] == ["疑似模板占位符未替换：“XX”"]


def test_boosted_trees_are_evaluated_like_their_definition():
    from fzreview.core.judgement.model import _check_model, log_odds

    # one stump on feature 1 (≤ 0.5 → -1, else +2) and one leaf-only tree (+0.5), rate 0.1
    model = {"init": 0.3, "rate": 0.1, "trees": [[[1, -1, -1], [0.5, 0, 0], [1, -1, -1], [2, -1, -1], [0, -1, 2]],
                                                 [[-1], [0], [-1], [-1], [0.5]]]}
    assert _check_model(model, 2) and not _check_model(model, 1)
    assert log_odds(model, [0.0, 0.2]) == pytest.approx(0.3 + 0.1 * (-1 + 0.5))
    assert log_odds(model, [0.0, 0.9]) == pytest.approx(0.3 + 0.1 * (2 + 0.5))
    assert log_odds([1.0, -2.0], [3.0, 1.0]) == pytest.approx(1.0)


def test_cached_obligation_words_equal_fresh_tokenisation(checklist):
    """The weights file stores each obligation's words to spare jieba at start-up; they must be current."""
    from fzreview.core.judgement.signals import ObligationProfile

    judge = judge_for(checklist)
    assert judge.weights.profiles
    for p in judge.profiles:
        fresh = ObligationProfile.build(p.co)
        assert (p.words, p.broad_words, p.pairs) == (fresh.words, fresh.broad_words, fresh.pairs), p.co.obligation.id


# ---------------------------------------------------------------- rivals and evidence exemplars


def _scored(index, z):
    from fzreview.core.judgement.aggregate import ScoredSentence

    class Sig:  # only what rivals() and rival_features() read
        def __init__(self, i):
            self.index = i

    return ScoredSentence(Sig(index), z)  # type: ignore[arg-type]


def test_rivals_compare_the_best_sentence_with_other_obligations_claims():
    from fzreview.core.judgement.aggregate import rival_features, rivals

    # three obligations; sentence 7 is claimed by all three, sentence 9 only by the last
    lists = [[_scored(7, 2.0)], [_scored(7, 0.5), _scored(3, -1.0)], [_scored(9, 3.0), _scored(7, 1.0)]]
    top = rivals(lists)
    assert top[7] == [(2.0, 0), (1.0, 2)]
    assert rival_features(lists[0], 0, top) == [pytest.approx(1.0), 1.0]  # best on its sentence, by 1.0
    assert rival_features(lists[1], 1, top) == [pytest.approx(-1.5), 0.0]  # obligation 0 claims it more
    assert rival_features(lists[2], 2, top) == [8.0, 1.0]  # nobody else claims sentence 9 (clipped)
    assert rival_features([], 0, top) == [0.0, 0.0]


def test_judge_all_matches_the_engine_and_uses_rivals(checklist, structure):
    text = INTRO + "组织全体机关干部集中学习法律法规6次，参训312人次。\n全面推行“双随机、一公开”监管，抽查企业30家。\n"
    doc = Document.from_text(text)
    idx = TextIndex.build(doc, split_sentences(doc), detect_parts(doc, structure))
    judge = judge_for(checklist)
    results = judge.judge_all(judge.report(idx))
    analysis = analyse(doc, checklist, structure)
    assert [r.status for r in results] == [i.status for i in analysis.items]
    rival = [r.vector[ITEM_FEATURES.index("rival_first")] for r in results]
    assert 0 < sum(rival) < len(results)  # some items own their best sentence, others do not
    first = {p.co.obligation.id: v for p, v in zip(judge.profiles, rival)}
    assert first["G05-07"] == 1.0  # the 双随机 sentence is this obligation's more than any other's


def test_exemplar_similarity_is_a_cosine_over_character_pairs():
    from fzreview.core.judgement.signals import CorpusStats, ReportSignals

    doc = Document.from_text("开展执法案卷评查工作。\n召开全体会议。\n")
    idx = TextIndex.build(doc, split_sentences(doc), detect_parts(doc, load_structure()))
    third = 3 ** -0.5
    stats = CorpusStats(n_sentences=100, bigram_idf={"案卷": 3.0, "卷评": 3.0, "评查": 3.0, "开展": 0.5},
                        exemplar={"A": {"案卷": third, "卷评": third, "评查": third}, "B": {"全体": 1.0}})
    rs = ReportSignals(idx, stats)
    scores = rs.exemplar_scores(stats.exemplar["A"])
    first = next(i for i, s in enumerate(idx.sentences) if "案卷" in s.text)
    assert set(scores) == {first}  # the other sentence shares no pair with the centroid
    assert 0.3 < scores[first] < 1.0
    # the centroid's own text scores 1
    doc2 = Document.from_text("案卷评查。\n")
    idx2 = TextIndex.build(doc2, split_sentences(doc2), detect_parts(doc2, load_structure()))
    s2 = ReportSignals(idx2, stats).exemplar_scores(stats.exemplar["A"])
    assert max(s2.values()) == pytest.approx(1.0)
    # the margin: how much more the sentence resembles A's evidence than any other obligation's
    assert rs.exemplar_margin(first, "A", scores[first]) == pytest.approx(scores[first])
    assert rs.exemplar_margin(first, "B", 0.0) == pytest.approx(-scores[first])


def test_calibration_maps_the_models_probability_through_its_breakpoints(checklist, tmp_path):
    w = weights_for(checklist)
    assert w.calibration, "the shipped weights carry their out-of-fold calibration"
    xs = [x for x, _y in w.calibration]
    ys = [y for _x, y in w.calibration]
    assert xs == sorted(xs) and ys == sorted(ys)  # isotonic: never lowers a higher probability
    assert 0 < min(ys) and max(ys) < 1  # no score claims certainty
    d = w.to_dict()
    d["calibration"] = [[0.0, 0.1], [0.5, 0.2], [1.0, 0.9]]
    c = Weights.from_dict(d)
    assert c.calibrated(0.25) == pytest.approx(0.15)  # linear between breakpoints
    assert c.calibrated(0.75) == pytest.approx(0.55)
    assert c.calibrated(1.0) == pytest.approx(0.9)
    del d["calibration"]
    assert Weights.from_dict(d).calibrated(0.37) == 0.37  # an older file: the model's own probability
    for bad in ([[0.6, 0.1], [0.2, 0.3]], [[0.1, 1.5]]):
        path = tmp_path / "bad.weights.json"
        path.write_text(json.dumps(dict(d, calibration=bad)), encoding="utf-8")
        with pytest.raises(WeightsError):
            Weights.load(path)
