"""One count for every view: items reviewed out of the applicable ones, and the findings listed."""

from fzreview.core.analysis import Finding
from fzreview.core.document import Document
from fzreview.core.engine import analyse
from fzreview.core.review import Review

TOWNSHIP = ("某镇2024年法治政府建设年度报告\n2024年，我镇推进法治政府建设，现将情况报告如下。\n一、主要举措和成效\n"
            "全镇开展普法宣传12场，调解矛盾纠纷30件。\n二、存在的问题\n一是执法人员培训不足，原因是经费紧张。\n"
            "三、2025年工作计划\n加强执法人员培训。\n某镇人民政府\n2025年2月8日\n")


def test_reviewed_counts_only_applicable_items(checklist, structure):
    from fzreview.core.batch import _figures

    a = analyse(Document.from_text(TOWNSHIP), checklist, structure, level="township")
    applicable = [i for i in a.items if i.applicable]
    assert 0 < len(applicable) < len(a.items)  # the township does not get every obligation
    review = Review(a)
    review.set_verdict(applicable[0].id, "covered")
    assert review.progress() == (1, len(applicable))
    s = review.summary()
    assert (s["reviewed"], s["total"]) == (1, len(applicable))
    f = _figures(review)
    assert (f["reviewed"], f["total"]) == (1, len(applicable))


def test_findings_count_is_the_listed_count(checklist, structure):
    from fzreview.core.assessment import build_assessment
    from fzreview.core.batch import _figures
    from fzreview.core.cli import format_summary

    text = TOWNSHIP.replace("普法宣传12场", "普法宣传××场")
    a = analyse(Document.from_text(text), checklist, structure, level="township")
    a.findings.append(Finding("no_figures", "G01-01 x：判为已覆盖，但依据中没有任何数据", None, None, "info",
                              item_ids=["G01-01"]))
    counted = [f for f in a.findings if f.severity != "info"]
    assert counted
    cli = format_summary(a)
    assert f"发现的问题（{len(counted)} 条）" in cli
    block = cli.split(f"发现的问题（{len(counted)} 条）：")[1].split("\n\n")[0]
    assert len([line for line in block.splitlines() if line.startswith("  [")]) == len(counted)
    m = build_assessment(a)
    assert any(f"另有 {len(counted)} 项需要核实的问题" in p for p in m.conclusion), m.conclusion
    assert _figures(Review(a))["findings"] == len(counted)
