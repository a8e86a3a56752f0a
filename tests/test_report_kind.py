"""Files that are not annual reports: the 纲要, a notice, this app's own assessment."""

import json
import subprocess
import sys

from fzreview.core.document import Document
from fzreview.core.report_kind import ASSESSMENT, NOTICE, OUTLINE, REPORT, UNRELATED, classify
from tests.conftest import FIXTURES, ROOT


def _outline_text(checklist) -> str:
    parts = [f"{p.ref}、{p.title}\n各地区各部门要{p.title[:8]}，推进法治政府建设。" for p in checklist.parts]
    return ("法治政府建设实施纲要（2021－2025年）\n法治政府建设是全面依法治国的重点任务和主体工程。\n"
            + "\n".join(parts))


def test_outline_is_not_a_report(checklist):
    assert classify(Document.from_text(_outline_text(checklist))).kind == OUTLINE


def test_report_with_outline_headings_is_a_report(checklist):
    parts = [f"{p.ref}、{p.title}\n我县推进依法行政，全年办理行政复议案件3件。" for p in checklist.parts]
    text = "某县2024年法治政府建设年度报告\n2024年，我县坚持依法行政。\n" + "\n".join(parts) + "\n特此报告。"
    assert classify(Document.from_text(text)).kind == REPORT


def test_notice_is_not_a_report():
    text = ("关于报送2024年度法治政府建设情况报告的通知\n各镇人民政府、县直各单位：\n"
            "为做好法治政府建设年度报告工作，请各单位于2025年2月15日前报送本单位报告。\n特此通知。\n县司法局\n2025年1月6日")
    assert classify(Document.from_text(text)).kind == NOTICE
    unrelated = Document.from_text("核电厂定期安全审查指南\n本标准规定了核电厂定期安全审查的通用要求。")
    assert classify(unrelated).kind == UNRELATED


def test_cli_refuses_what_is_not_a_report(tmp_path, checklist):
    def run(*args):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    outline = tmp_path / "纲要.txt"
    outline.write_text(_outline_text(checklist), encoding="utf-8")
    proc = run("check", outline, "--json", tmp_path / "o.json")
    assert proc.returncode == 7 and "纲要" in proc.stderr and "覆盖率" not in proc.stdout
    assert not (tmp_path / "o.json").exists()
    forced = run("check", outline, "--force", "--json", tmp_path / "o.json")
    assert forced.returncode == 0
    kinds = [f["kind"] for f in json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["findings"]]
    assert "not_a_report" in kinds
    # the assessment this app exports, checked as if it were a report
    pdf = tmp_path / "审查意见.pdf"
    assert run("check", FIXTURES / "suibin-county-2024.txt", "--pdf", pdf).returncode == 0
    again = run("check", pdf)
    assert again.returncode == 7 and "审查意见" in again.stderr


def test_assessment_text_is_recognised():
    text = ("法治报告审查台 · 某县2024年度法治政府建设报告\n对标审查意见\n（自动分析结果，未经人工审查）\n被审查单位\n某县\n"
            "一、总体结论\n经逐项对照，覆盖率为30.2%（部分覆盖按半项计）。法治政府建设。依法行政。\n审查人：______")
    assert classify(Document.from_text(text)).kind == ASSESSMENT
