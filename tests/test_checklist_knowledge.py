"""The built-in checklist's matching knowledge: wordings it must recognise and contexts it must not.

Every sentence is written here (none comes from a report). The first group are paraphrases
that name no catalogue term — only the patterns written from the 纲要 catch them; the second
are contexts an `exclude` cancels; the last runs whole reports through the judgement.
"""

from __future__ import annotations

import pytest

from fzreview.core.checklist import load_structure
from fzreview.core.document import Document
from fzreview.core.engine import analyse, compiled
from fzreview.core.judgement.signals import _hits
from fzreview.core.matcher import TextIndex
from fzreview.core.segment import split_sentences
from fzreview.core.structure import detect_parts

INTRO = "2024年，我县推进法治政府建设。\n一、主要举措和成效\n"


def hit_ids(sentence: str, checklist) -> set[str]:
    """The obligations with a term or pattern hit in the text (after excludes)."""
    doc = Document.from_text(sentence)
    idx = TextIndex.build(doc, split_sentences(doc), detect_parts(doc, load_structure()))
    return {co.obligation.id for co in compiled(checklist) if _hits(co, idx)[0]}


@pytest.mark.parametrize("sentence, item_id", [
    ("全年压缩审批办理时限40%，精简申请材料120余项。", "G05-09"),
    ("厘清部门职责边界，理顺职责关系12项。", "G04-01"),
    ("乡镇编制向基层倾斜，下沉执法人员42名。", "G04-05"),
    ("为老年人、残疾人等特殊群体开设绿色通道，提供上门帮办服务。", "G05-12"),
    ("随机抽取检查对象186户，抽查结果全部向社会公示。", "G05-07"),
    ("学习贯彻习近平法治思想，组织专题研讨4次。", "G01-01"),
])
def test_paraphrases_without_a_catalogue_term_are_recognised(sentence, item_id, checklist):
    assert item_id in hit_ids(sentence, checklist)


@pytest.mark.parametrize("sentence, item_id", [
    ("配合开展生态环境保护督察，整改问题12个。", "G33-01"),  # an environmental inspection, not 法治督察
    ("执法人员使用掌上办案终端现场打印文书。", "G29-02"),  # mobile case handling is enforcement, not 掌上办
    ("执法人员使用掌上办案终端现场打印文书。", "G05-09"),
])
def test_excluded_contexts_give_no_hit(sentence, item_id, checklist):
    assert item_id not in hit_ids(sentence, checklist)


def test_the_same_wording_still_counts_outside_the_excluded_context(checklist):
    assert "G29-02" in hit_ids("推进政务服务“掌上办”，上线高频事项126项。", checklist)
    assert "G33-01" in hit_ids("开展法治督察，督促整改问题12个。", checklist)


def test_a_paraphrase_report_is_judged_addressed(checklist, structure):
    text = INTRO + "全年压缩审批办理时限40%，精简申请材料120余项，群众办事更加便利。\n"
    item = analyse(Document.from_text(text), checklist, structure).item("G05-09")
    assert item.status != "missing"
    assert any("压缩审批办理时限" in ev.text for ev in item.evidence)
