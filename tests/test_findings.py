"""Each finding kind, on text written in the test."""

from fzreview.core.document import Document
from fzreview.core.engine import analyse


def findings(text, checklist, structure, kind, level=None):
    a = analyse(Document.from_text(text), checklist, structure, level=level)
    return a, [f for f in a.findings if f.kind == kind]


BASE = ("某县2024年法治政府建设年度报告\n2024年，我县推进法治政府建设，现将情况报告如下。\n一、主要举措和成效\n"
        "全县办理行政复议案件12件，开展执法检查30次。\n二、存在的问题\n一是执法人员培训不足，原因是经费紧张。\n"
        "三、2025年工作计划\n加强执法人员培训，保障培训经费。\n")


def test_clean_report_has_no_error_findings(checklist, structure):
    a = analyse(Document.from_text(BASE), checklist, structure)
    assert not [f for f in a.findings if f.severity == "error"], a.findings


def test_placeholder(checklist, structure):
    text = BASE.replace("全县办理", "xx镇办理").replace("开展执法检查30次", "202x年开展执法检查××次")
    a, fs = findings(text, checklist, structure, "placeholder")
    found = {a.report.text[f.start:f.end] for f in fs}
    assert {"xx", "202x", "××"} <= {x.rstrip("年") for x in found}


def test_year_mismatch_title_vs_opening(checklist, structure):
    text = BASE.replace("2024年，我县推进", "2023年，我县推进")
    a, fs = findings(text, checklist, structure, "year_mismatch")
    assert any("不一致" in f.message for f in fs)


def test_year_mismatch_previous_year_template(checklist, structure):
    body = "".join(f"2023年开展第{i}项工作。" for i in range(5))
    text = BASE.replace("全县办理行政复议案件12件", body + "全县办理行政复议案件12件")
    a, fs = findings(text, checklist, structure, "year_mismatch")
    assert any("上一年度" in f.message for f in fs)
    f = next(f for f in fs if "上一年度" in f.message)
    assert a.report.text[f.start:f.end] == "2023年"


def test_outdated_reference(checklist, structure):
    text = BASE.replace("推进法治政府建设，现将", "深入贯彻党的十九大精神，落实《法治政府建设实施纲要（2015－2020年）》，现将")
    a, fs = findings(text, checklist, structure, "outdated_reference")
    assert len(fs) == 2
    assert any("十九大" in f.message for f in fs) and any("2015" in f.message for f in fs)
    # the same words in a 2019 report are current, not outdated
    old = text.replace("2024", "2019")
    _, fs_old = findings(old, checklist, structure, "outdated_reference")
    assert fs_old == []


def test_no_figures_for_quantifiable_covered_item(checklist, structure):
    text = BASE.replace("全县办理行政复议案件12件，开展执法检查30次。", "全面推行“双随机、一公开”监管，组织跨部门联合抽查。")
    a, fs = findings(text, checklist, structure, "no_figures")
    assert a.item("G05-07").status == "covered"
    assert any(f.message.startswith("G05-07") for f in fs)
    with_figure = BASE.replace("开展执法检查30次", "全面推行“双随机、一公开”监管，组织跨部门联合抽查30次")
    _, fs2 = findings(with_figure, checklist, structure, "no_figures")
    assert not any(f.message.startswith("G05-07") for f in fs2)


def test_problem_without_plan(checklist, structure):
    text = BASE.replace("一是执法人员培训不足，原因是经费紧张。",
                        "一是执法人员培训不足，原因是经费紧张。二是基层调解组织覆盖不全，村级调解员流失严重。")
    a, fs = findings(text, checklist, structure, "unanswered_problem")
    assert len(fs) == 1 and "调解" in a.report.text[fs[0].start:fs[0].end]


def test_problems_without_causes(checklist, structure):
    text = BASE.replace("，原因是经费紧张", "")
    _, fs = findings(text, checklist, structure, "no_causes")
    assert len(fs) == 1
    _, none = findings(BASE, checklist, structure, "no_causes")
    assert none == []


def test_late_publication_and_signature(checklist, structure):
    text = "发布日期：2025-05-06\n" + BASE + "某县人民政府\n2025年3月20日\n"
    a, fs = findings(text, checklist, structure, "late")
    assert len(fs) == 2
    rules = {s.id: s for s in a.structure}
    assert "晚于" in rules["S-06"].detail
    assert a.report.text[fs[0].start:fs[0].end] in ("2025-05-06", "2025年3月20日")


def test_late_is_not_met_in_every_view(checklist, structure):
    """A late date is 不符合 (never 符合), said in 总体结论, advised in 整改建议 and shown by the CLI."""
    from fzreview.core.analysis import structure_state
    from fzreview.core.assessment import build_assessment
    from fzreview.core.cli import format_summary

    text = "发布日期：2025-06-20\n" + BASE + "某县人民政府\n2025年5月10日\n"
    a, _ = findings(text, checklist, structure, "late")
    rules = {s.id: s for s in a.structure}
    assert structure_state(rules["S-06"]) == ("不符合", "missing")
    assert structure_state(rules["S-07"]) == ("不符合", "missing")
    m = build_assessment(a)
    rows = {r.id: r for r in m.structure}
    assert rows["S-06"].verdict == "不符合" and rows["S-07"].verdict == "不符合"
    assert any("不符合要求" in p and "晚于" in p for p in m.conclusion), m.conclusion
    advice = [line for g in m.suggestions for line in g.lines]
    assert any("今后请严格按规定时限报送" in line for line in advice), advice
    assert any("今后请严格按规定时限公开" in line for line in advice), advice
    cli = format_summary(a)
    assert "S-06 报送对象和时限：不符合" in cli and "S-07 向社会公开：不符合" in cli


def test_date_before_the_year_ends_is_to_check_not_met(checklist, structure):
    from fzreview.core.analysis import structure_state
    from fzreview.core.assessment import build_assessment

    a, _ = findings(BASE + "某县人民政府\n2024年5月10日\n", checklist, structure, "late")
    s06 = next(s for s in a.structure if s.id == "S-06")
    assert structure_state(s06) == ("待核实", "check")
    advice = [line for g in build_assessment(a).suggestions for line in g.lines]
    assert not any("未注明落款日期" in line for line in advice)  # it has one: the reviewer checks it


def test_on_time_and_no_date_invents_nothing(checklist, structure):
    on_time = "发布日期：2025-02-10\n" + BASE + "某县人民政府\n2025年2月8日\n"
    a, fs = findings(on_time, checklist, structure, "late")
    assert fs == []
    assert {s.id: s.present for s in a.structure}["S-07"] is True
    b, fs = findings(BASE, checklist, structure, "late")
    rules = {s.id: s for s in b.structure}
    assert fs == [] and not rules["S-06"].present and "未见" in rules["S-06"].detail


def test_province_deadline_is_april(checklist, structure):
    text = BASE + "某省人民政府\n2025年3月20日\n"
    _, fs = findings(text, checklist, structure, "late", level="province")
    assert fs == []


def test_cited_document_name_is_only_partial(checklist, structure):
    text = BASE.replace("全县办理行政复议案件12件，开展执法检查30次。",
                        "严格按照《某省“双随机、一公开”监管实施办法》要求开展工作。")
    a = analyse(Document.from_text(text), checklist, structure)
    item = a.item("G05-07")
    assert item.status == "partial" and any("《》" in w for w in item.why)


def test_wrong_file_is_flagged(checklist, structure):
    _, fs = findings("核电厂定期安全审查指南\n本标准规定了核电厂定期安全审查的通用要求。\n", checklist, structure, "not_a_report")
    assert len(fs) == 1 and fs[0].severity == "error"
    _, none = findings(BASE, checklist, structure, "not_a_report")
    assert none == []


def test_published_before_signed_is_flagged(checklist, structure):
    text = "发布日期：2025-01-05\n" + BASE + "某县人民政府\n2025年2月8日\n"
    a, fs = findings(text, checklist, structure, "date_order")
    assert len(fs) == 1 and "早于落款日期" in fs[0].message
    assert a.report.text[fs[0].start:fs[0].end] == "2025-01-05"
    _, fs = findings("发布日期：2025-02-10\n" + BASE + "某县人民政府\n2025年2月8日\n", checklist, structure,
                     "date_order")
    assert fs == []
