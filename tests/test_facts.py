"""The report's facts (unit, tier, year, dates) on text written here, for every kind of body."""

import pytest

from fzreview.core.document import Document
from fzreview.core.fact_finder import detect_facts, level_of_name
from fzreview.core.facts import CorrectionError, apply_corrections, clean_correction

BODY = "\n一、主要举措和成效\n（一）加强党的领导。全年召开常务会议学法4次，制定规范性文件3件。\n"


def facts_of(text: str):
    return detect_facts(Document.from_text(text))


@pytest.mark.parametrize("text, unit, level", [
    # province
    ("江西省人民政府关于2023年度法治政府建设情况的报告\n2023年，全省坚持以习近平法治思想为指导。" + BODY,
     "江西省", "province"),
    # a province's department
    ("山东省司法厅2022年度法治政府建设工作报告\n2022年，省司法厅深入学习贯彻习近平法治思想。" + BODY,
     "山东省司法厅", "province"),
    # a 直辖市 and its bureau are provinces
    ("重庆市2021年法治政府建设情况报告\n2021年，在党中央的坚强领导下，全市推进依法行政。" + BODY, "重庆市", "province"),
    ("天津市市场监督管理委员会2023年法治政府建设情况报告\n2023年，市市场监管委坚持依法行政。" + BODY,
     "天津市市场监督管理委员会", "province"),
    # a city and a city department
    ("无锡市人民政府关于2022年法治政府建设情况的报告\n2022年，无锡市坚持依法行政。" + BODY, "无锡市", "city"),
    ("广州市卫生健康委员会2024年法治政府建设年度报告\n2024年，市卫生健康委坚持依法行政。" + BODY,
     "广州市卫生健康委员会", "city"),
    # an autonomous prefecture under its short name
    ("楚雄州2021年度法治政府建设情况报告\n2021年，楚雄州坚持依法行政。" + BODY, "楚雄彝族自治州", "city"),
    # a county, a 市辖区 and a 县级市 are counties
    ("绥滨县2024年法治政府建设年度报告\n2024年，绥滨县坚持以习近平法治思想为指导。" + BODY, "绥滨县", "county"),
    ("关于平阳县2023年法治政府建设情况的报告\n2023年，我县坚持依法行政。" + BODY, "平阳县", "county"),
    ("汕头市澄海区2023年法治政府建设年度报告\n2023年，澄海区坚持依法行政。" + BODY, "汕头市澄海区", "county"),
    ("义乌市2023年法治政府建设情况报告\n2023年，义乌市坚持依法行政。" + BODY, "义乌市", "county"),
    # townships and streets
    ("洪梅镇2024年法治政府建设年度报告\n2024年，洪梅镇坚持依法行政。" + BODY, "洪梅镇", "township"),
    ("三乡镇2024年法治政府建设年度报告\n2024年，三乡镇构建镇村上下紧密联动的工作格局。" + BODY, "三乡镇", "township"),
    ("2023年，在区委、区政府的正确领导下，南湖街道办事处坚持依法行政。" + BODY, "南湖街道办事处", "township"),
    ("象山县石浦镇人民政府关于2022年度法治政府建设情况的报告\n2022年，我镇坚持依法行政。" + BODY,
     "象山县石浦镇", "township"),
    # a county department, and one the text names only as 县司法局
    ("阳新县司法局2021年法治政府建设年度报告\n2021年，县司法局坚持依法行政。" + BODY, "阳新县司法局", "county"),
    ("关于2021年度法治政府建设工作的报告\n2021年，县司法局坚持依法行政，推进公共法律服务。" + BODY, "县司法局", "county"),
])
def test_unit_and_level_for_every_tier(text, unit, level):
    facts = facts_of(text)
    assert (facts.unit.value, facts.level.value) == (unit, level)
    assert facts.unit.source in ("title", "opening")


@pytest.mark.parametrize("fragment", ["构建镇", "坚持县", "紧密围绕区", "按照省", "现将市"])
def test_phrases_are_not_names(fragment):
    text = ("关于2024年度法治政府建设情况的报告\n2024年，坚持县乡村三级联动，紧密围绕区域发展大局，按照省委部署，"
            "构建镇村上下紧密联动格局。现将市里要求落实到位。\n我县推进依法行政。全县完成任务。" + BODY)
    facts = facts_of(text)
    assert fragment not in (facts.unit.value or "")
    assert facts.level.value == "county"


def test_unit_from_signature_when_title_has_none():
    text = ("关于2023年度法治政府建设情况的报告\n2023年，我县坚持依法行政。" + BODY
            + "\n特此报告。\n平阳县人民政府\n2024年1月25日")
    facts = facts_of(text)
    assert facts.unit.value == "平阳县" and facts.unit.source == "signature"
    assert facts.date.value == "2024-01-25" and facts.date.source == "signature"


def test_signature_completes_a_bare_title():
    facts = facts_of("县民政局2022年度法治政府建设情况报告\n2022年，县民政局坚持依法行政。" + BODY
                     + "\n阳山县民政局\n2023年1月10日")
    assert facts.unit.value == "阳山县民政局" and facts.level.value == "county"


def test_addressee_is_not_the_unit():
    facts = facts_of("天津市人民政府：\n2023年，津南区坚持以习近平新时代中国特色社会主义思想为指导，推进依法行政。" + BODY)
    assert facts.unit.value == "津南区" and facts.level.value == "county"


def test_year_from_title_opening_and_text():
    assert facts_of("某县2022年度法治政府建设报告\n发布时间：2023-02-10\n正文。" + BODY).year.value == 2022
    assert facts_of("2021年以来，我局坚持依法行政。" + BODY).year.value == 2021
    # the 纲要's own years are not the report's
    opening = "根据《法治政府建设实施纲要（2021—2025年）》要求，现将工作情况报告如下。\n一、2023年工作成效\n2023年全年办理案件5件。"
    assert facts_of(opening).year.value == 2023


def test_dates_from_signature_and_page_line():
    text = ("某区2023年法治政府建设年度报告\n发布日期：2024-03-05　来源：区司法局\n2023年，我区推进工作。" + BODY
            + "\n某区人民政府\n二〇二四年二月二十日")
    facts = facts_of(text)
    doc = Document.from_text(text)
    assert facts.published.value == "2024-03-05" and facts.published.source == "page"
    assert doc.text[facts.published.start:facts.published.end] == "2024-03-05"
    assert facts.date.value == "2024-02-20" and facts.date.source == "signature"
    assert doc.text[facts.date.start:facts.date.end] == "二〇二四年二月二十日"


def test_unknown_year_is_none():
    assert facts_of("法治政府建设情况报告\n我区推进依法行政。").year.value is None


def test_corrections_check_and_override():
    assert clean_correction("level", "县级") == "county"
    assert clean_correction("year", "2024年") == 2024
    assert clean_correction("date", "2025年3月1日") == "2025-03-01"
    for name, bad in (("level", "village"), ("year", "去年"), ("date", "2025-13-40")):
        with pytest.raises(CorrectionError):
            clean_correction(name, bad)
    facts = facts_of("三乡镇2024年法治政府建设年度报告\n2024年，三乡镇坚持依法行政。" + BODY)
    fixed = apply_corrections(facts, {"unit": "中山市三乡镇人民政府", "year": 2023})
    assert fixed.unit.value == "中山市三乡镇人民政府" and fixed.unit.corrected and fixed.unit.auto == "三乡镇"
    assert fixed.year.value == 2023 and fixed.year.source == "reviewer"
    assert fixed.level.value == "township"
    assert level_of_name("重庆市应急管理局") == "province"
    assert level_of_name("义乌市") == "county"



def test_a_correction_equal_to_the_detected_value_is_no_correction():
    facts = facts_of("三乡镇2024年法治政府建设年度报告\n2024年，三乡镇坚持依法行政。" + BODY)
    same = apply_corrections(facts, {"unit": facts.unit.value, "year": facts.year.value})
    assert not same.unit.corrected and not same.year.corrected and not same.level.corrected
    assert same.unit.start == facts.unit.start  # still the detected fact, with its place in the text

# ---------------------------------------------------------------- corrections in the review

def _town_report():
    return Document.from_text(
        "三乡镇2024年法治政府建设年度报告\n2024年，三乡镇坚持依法行政，构建镇村上下紧密联动格局。" + BODY
        + "二、存在的不足和原因\n执法人员培训不足，原因是经费有限。\n三、2025年工作安排\n加强执法培训。\n"
        + "三乡镇人民政府\n2025年1月20日")


def test_corrections_redrive_applicability_and_timeliness(checklist, structure, tmp_path):
    from fzreview.core.engine import analyse
    from fzreview.core.facts import effective_facts
    from fzreview.core.review import Review, load_review, save_review

    doc = _town_report()
    auto = analyse(doc, checklist, structure)
    assert auto.report.level == "township" and effective_facts(auto).unit.value == "三乡镇"
    assert not any(f.kind == "late" for f in auto.findings)
    review = Review(analysis=auto)
    assert review.set_correction("level", "county") and review.set_correction("date", "2025-04-10")
    review.set_correction("unit", "中山市三乡镇")
    fixed = analyse(doc, checklist, structure, corrections=review.corrections)
    review.reanalyse(fixed)
    # the county obligations apply now, and the corrected date is late
    assert sum(i.applicable for i in fixed.items) > sum(i.applicable for i in auto.items)
    late = [f for f in fixed.findings if f.kind == "late"]
    assert late and "审查人更正" in late[0].message
    # re-analysis without the corrections never drops them
    review.reanalyse(analyse(doc, checklist, structure))
    facts = effective_facts(review)
    assert (facts.unit.value, facts.level.value, facts.date.value) == ("中山市三乡镇", "county", "2025-04-10")
    assert facts.unit.source == "reviewer" and facts.unit.auto == "三乡镇"
    path = tmp_path / "r.json"
    save_review(review, path)
    again = load_review(path)
    assert again.corrections == {"unit": "中山市三乡镇", "level": "county", "date": "2025-04-10"}
    assert effective_facts(again).level.value == "county"
    # clearing a correction gives the detected fact back
    again.set_correction("unit", "")
    assert effective_facts(again).unit.value == "三乡镇"


def test_review_file_version_1_still_opens(checklist, structure, tmp_path):
    import json

    from fzreview.core.engine import analyse
    from fzreview.core.facts import effective_facts
    from fzreview.core.review import Review, ReviewFileError, load_review

    data = Review(analysis=analyse(_town_report(), checklist, structure)).to_dict()
    data["version"] = 1
    del data["corrections"]
    for key in ("facts", "corrections", "signed"):
        data["report"].pop(key)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = load_review(path)
    assert old.corrections == {} and effective_facts(old).unit.value == "三乡镇"
    data["version"] = 2
    data["corrections"] = {"year": "明年"}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReviewFileError, match="报告信息更正"):
        load_review(path)


def test_tier_from_context_when_the_report_names_no_place():
    # a department speaks as 我局 and answers to the county
    dept = facts_of("关于2021年度法治政府建设工作的报告\n2021年，我局在县委、县政府的坚强领导下，推进依法行政。" + BODY)
    assert dept.level.value == "county" and dept.unit.value is None
    # 我区 of a city that names one of its districts only in passing (新集美) and in a document's name
    district = facts_of("中共厦门市委、厦门市人民政府：\n2022年，我区坚持依法行政，出台《集美区法治政府建设实施方案》，"
                        "打造现代化新集美。" + BODY)
    assert (district.unit.value, district.level.value) == ("集美区", "county")
    # a superior's document does not name the body
    city_dept = facts_of("根据《浙江省法治政府建设实施纲要（2021—2025年）》要求，现将工作情况报告如下。\n"
                         "2023年，在市委、市政府的领导下，我局推进依法行政，绍兴市生态环境执法检查120次。" + BODY)
    assert city_dept.level.value == "city"


def test_damaged_facts_in_a_file_are_not_trusted(checklist, structure, tmp_path):
    import json

    from fzreview.core.engine import analyse
    from fzreview.core.facts import effective_facts
    from fzreview.core.review import Review, ReviewFileError, load_review

    data = Review(analysis=analyse(_town_report(), checklist, structure)).to_dict()
    data["report"]["facts"] = {"unit": {"value": ["列表"], "source": "黑客", "start": "0", "end": -5},
                               "year": {"value": 2024, "source": "title", "start": 9, "end": 3}, "level": "county"}
    data["report"]["corrections"] = {"unit": {"嵌套": 1}, "year": "2023"}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    facts = effective_facts(load_review(path))
    assert facts.unit.value is None and facts.unit.source == "" and facts.unit.start is None
    assert facts.year.value == 2023 and facts.year.source == "reviewer"
    assert facts.level.value is None
    data["corrections"] = {"unit": ["列表"]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReviewFileError):
        load_review(path)
