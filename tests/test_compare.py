"""Year over year: last year's plans checked against a pair of reports written for the test (fictional content)."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LAST = """平阳县2023年度法治政府建设情况报告
2023年，平阳县深入推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
（一）推进政务服务改革。全县政务服务事项网上可办率达到90%，企业开办时间压缩至1个工作日。
（二）规范行政执法。开展行政执法案卷评查，评查案卷120卷。
二、存在的不足和原因
一是乡镇司法所人员不足，专职人员配备不到位。二是行政复议案件办理周期偏长。原因在于专业人员缺乏。
三、2024年工作安排
（一）建成县级行政执法监督平台，实现执法案件全流程网上监督。
（二）完成全县行政规范性文件集中清理，及时公布保留和废止目录。
（三）在全县各村推行法律明白人培养工程，每村培养法律明白人不少于5名。
（四）组建县级涉外法律服务专家库，聘请涉外律师担任政府法律顾问。
"""

THIS = """平阳县2024年度法治政府建设情况报告
2024年，平阳县深入推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
（一）加强行政执法监督。县级行政执法监督平台于6月建成运行，执法案件全流程网上监督覆盖全县42个执法单位。
（二）开展规范性文件清理。完成全县行政规范性文件集中清理，共清理文件236件，公布保留目录和废止目录。
（三）推进基层法治建设。在部分村开展法律明白人培养试点。
（四）深化政务服务。政务服务事项网上可办率达到95%。
二、存在的不足和原因
一是基层执法力量仍然薄弱。原因在于编制有限。
三、2025年工作安排
（一）继续推进法治政府建设示范创建。
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    (folder / "last.txt").write_text(LAST, encoding="utf-8")
    (folder / "this.txt").write_text(THIS, encoding="utf-8")
    return folder / "last.txt", folder / "this.txt"


@pytest.fixture(scope="module")
def comparison(pair, checklist, structure):
    from fzreview.core.compare import compare
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document
    from fzreview.core.review import Review

    last, this = (Review(analysis=analyse(load_document(p), checklist, structure)) for p in pair)
    return compare(last, this), last, this


def test_plans_are_last_years_items(comparison):
    c, _, _ = comparison
    assert [p.text[:3] for p in c.plans] == ["（一）", "（二）", "（三）", "（四）"]
    assert "建成县级行政执法监督平台" in c.plans[0].text
    assert c.plans[0].source == "plans"


def test_done_and_not_found(comparison):
    c, _, _ = comparison
    status = [p.status for p in c.plans]
    assert status[0] == "done", c.plans[0]
    assert "监督平台于6月建成运行" in c.plans[0].evidence
    assert status[1] == "done", c.plans[1]
    assert "共清理文件236件" in c.plans[1].evidence
    assert status[3] == "not_found", c.plans[3]
    assert c.plans[3].evidence == ""


def test_partly_done_plan(comparison):
    c, _, _ = comparison
    assert c.plans[2].status == "partly", c.plans[2]
    assert "法律明白人" in c.plans[2].evidence


def test_this_years_own_plans_are_not_evidence(comparison):
    c, _, this = comparison
    plans_start = next(s.start for s in this.analysis.structure if s.id == "S-04")
    for p in c.plans + c.problems:
        assert p.evidence_start is None or p.evidence_start < plans_start


def test_problems_are_listed(comparison):
    c, _, _ = comparison
    assert len(c.problems) == 2
    assert c.problems[0].text.startswith("一是乡镇司法所人员不足")


def test_last_years_notes_beside_the_item_and_verdicts_not_carried(pair, checklist, structure):
    from fzreview.core.compare import carry_over, compare
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document
    from fzreview.core.review import Review

    last, this = (Review(analysis=analyse(load_document(p), checklist, structure)) for p in pair)
    plans = next(s for s in last.analysis.structure if s.id == "S-04")
    item = next(i for i in last.analysis.items if any(plans.start <= e.start < plans.end for e in i.evidence))
    last.set_note(item.id, "计划具体，可考核")
    last.set_verdict(item.id, "covered")
    c = compare(last, this)
    assert any("计划具体，可考核" in n for p in c.plans for n in p.notes)
    assert this.verdicts[item.id].verdict is None  # compare never carries verdicts
    assert carry_over(last, this) >= 1
    assert this.verdicts[item.id].note.endswith("计划具体，可考核")
    assert this.verdicts[item.id].verdict is None
    carry_over(last, this, verdicts=True)
    assert this.verdicts[item.id].verdict == "covered"


def test_compare_cli_json(pair, tmp_path):
    out = tmp_path / "cmp.json"
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "compare", str(pair[0]), str(pair[1]),
                           "--json", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["status"] for p in data["plans"]][:2] == ["done", "done"]
    assert data["plans"][3]["status"] == "not_found"
    assert set(data["plans"][0]) >= {"text", "status", "evidence"}
    assert "已落实" in proc.stdout


def test_compare_cli_unreadable(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "compare", str(bad), str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and "错误" in proc.stderr


def test_year_over_year_section_in_the_assessment(comparison, tmp_path):
    from fzreview.core.compare_section import TITLE, assessment_with_last
    from fzreview.core.render_pdf import render_pdf

    c, last, this = comparison
    m = assessment_with_last(this, last)
    section = m.extra_sections[-1]
    assert section.title == TITLE and any(TITLE in t for _, t in m.chapters())
    table = next(b for b in section.blocks if b.kind == "table")
    assert [row[2] for row in table.rows] == ["已落实", "已落实", "部分落实", "未见落实"]
    assert "共清理文件236件" in table.rows[1][3]
    data, pages = render_pdf(m)
    assert pages >= 1 and data.startswith(b"%PDF")


def test_compare_cli_writes_the_assessment_with_the_section(pair, tmp_path):
    pdf, docx = tmp_path / "a.pdf", tmp_path / "a.docx"
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "compare", str(pair[0]), str(pair[1]),
                           "--pdf", str(pdf), "--docx", str(docx)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and docx.stat().st_size > 5000
    import zipfile

    body = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert "与上一年度报告对比" in body and "未见落实" in body


def _cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_pair_problems(comparison, seed_analyses):
    """QA P2-5: another unit, years in the wrong order, or a file that is not a report are named."""
    from fzreview.core.compare import NOT_A_REPORT_PAIR, NOT_EARLIER, OTHER_UNIT, pair_problems
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse
    from fzreview.core.review import Review
    from tests.test_batch import NOTICE_TXT

    _, last, this = comparison
    assert pair_problems(last, this) == []
    assert [k for k, _ in pair_problems(this, last)] == [NOT_EARLIER]
    suibin = Review(analysis=seed_analyses["suibin-county-2024"])
    kinds = dict(pair_problems(suibin, this))
    assert OTHER_UNIT in kinds and "绥滨县" in kinds[OTHER_UNIT] and "平阳县" in kinds[OTHER_UNIT]
    notice = Review(analysis=analyse(Document.from_text(NOTICE_TXT)))
    assert NOT_A_REPORT_PAIR in dict(pair_problems(notice, this))


def test_compare_cli_refuses_a_mismatched_pair(pair, tmp_path):
    from tests.conftest import FIXTURES

    reversed_ = _cli("compare", pair[1], pair[0])
    assert reversed_.returncode == 2 and "不早于" in reversed_.stderr and "--force" in reversed_.stderr
    assert "已落实" not in reversed_.stdout
    other = _cli("compare", FIXTURES / "chenghai-district-2023.txt", pair[1], "--pdf", tmp_path / "x.pdf")
    assert other.returncode == 2 and "不是同一单位" in other.stderr and not (tmp_path / "x.pdf").exists()
    news = tmp_path / "news.txt"
    news.write_text("全市第七届运动会开幕\n2007年9月8日，全市第七届运动会在体育中心开幕。", encoding="utf-8")
    assert _cli("compare", news, pair[1]).returncode == 7
    forced = _cli("compare", pair[1], pair[0], "--force")
    assert forced.returncode == 0 and "注意" in forced.stderr


def test_compare_batch_without_number_names_the_spec_syntax(tmp_path, pair):
    from fzreview.core.batch import Batch

    with Batch(tmp_path / "b.fzbatch"):
        pass
    proc = _cli("compare", tmp_path / "b.fzbatch", pair[1])
    assert proc.returncode == 5 and "b.fzbatch:N" in proc.stderr and "--report" not in proc.stderr
