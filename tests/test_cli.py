"""`python main.py check|export`: output, JSON shape and exit codes, as a user runs it."""

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_check_writes_json_with_all_ids(tmp_path):
    out = tmp_path / "out.json"
    proc = run("check", FIXTURES / "suibin-county-2024.txt", "--json", out)
    assert proc.returncode == 0, proc.stderr
    assert "覆盖率" in proc.stdout and "未覆盖的义务" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["items"]) == 170
    report = data["report"]
    assert report["year"] == 2024 and report["level"] == "county" and len(report["sha256"]) == 64
    text = report["text"]
    for item in data["items"]:
        assert set(item) >= {"id", "title", "clause", "status", "applicable", "score", "evidence"}
        for e in item["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]
            assert set(e) >= {"start", "end", "text", "terms", "part"}
    assert {s["id"] for s in data["structure"]} >= {"S-01", "S-02", "S-03", "S-04", "S-05"}
    assert data["checklist"]["id"] == "gangyao-2021-2025"
    assert data["summary"]["applicable"] + sum(not i["applicable"] for i in data["items"]) == 170


def test_level_override_and_checklist_path(tmp_path):
    out = tmp_path / "o.json"
    proc = run("check", FIXTURES / "hongmei-town-2024.txt", "--level", "county",
               "--checklist", ROOT / "checklists" / "gangyao-2021-2025.yaml", "--json", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["report"]["level"] == "county" and data["report"]["level_source"] == "override"


@pytest.mark.parametrize("args", [("check",), ("check", "x.txt", "--level", "village"), ("check", "x.txt", "--bogus")])
def test_usage_errors_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "参数错误" in proc.stderr


def test_unusable_report_one_line_no_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path, words in ((tmp_path / "missing.txt", "找不到"), (empty, "空")):
        proc = run("check", path)
        assert proc.returncode == 3
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0]


def test_bad_checklist_exit_4(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nparts: [\n", encoding="utf-8")
    proc = run("check", FIXTURES / "hongmei-town-2024.txt", "--checklist", bad)
    assert proc.returncode == 4
    assert f"{bad}:" in proc.stderr and "Traceback" not in proc.stderr


def test_gbk_report_reads_like_utf8(tmp_path):
    src = (FIXTURES / "hongmei-town-2024.txt").read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(src.encode("gb18030"))
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("check", FIXTURES / "hongmei-town-2024.txt", "--json", a).returncode == 0
    assert run("check", gbk, "--json", b).returncode == 0
    ja, jb = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    assert ja["report"]["text"] == jb["report"]["text"]
    assert [i["status"] for i in ja["items"]] == [i["status"] for i in jb["items"]]


def test_export_refuses_corrupt_review(tmp_path):
    bad = tmp_path / "r.json"
    bad.write_bytes(b"{not json")
    proc = run("export", bad, "--csv", tmp_path / "x.csv")
    assert proc.returncode == 5 and "损坏" in proc.stderr and "Traceback" not in proc.stderr
    assert bad.read_bytes() == b"{not json"


def test_check_pdf_and_review_then_export(tmp_path):
    from pypdf import PdfReader

    pdf, review, again = tmp_path / "a.pdf", tmp_path / "r.json", tmp_path / "b.pdf"
    proc = run("check", FIXTURES / "hongmei-town-2024.txt", "--pdf", pdf, "--review", review, "--reviewer", "李四")
    assert proc.returncode == 0, proc.stderr
    first = PdfReader(str(pdf)).pages[0].extract_text()
    assert "对标审查意见" in first and "洪梅镇" in first and "李四" in first
    data = json.loads(review.read_text(encoding="utf-8"))
    assert data["format"] == "fzreview" and len(data["items"]) == 170 and data["reviewer"] == "李四"
    proc = run("export", review, "--pdf", again)
    assert proc.returncode == 0, proc.stderr
    assert len(PdfReader(str(again)).pages) >= 2


def test_check_fact_corrections(tmp_path):
    review = tmp_path / "r.json"
    proc = run("check", FIXTURES / "suibin-county-2024.txt", "--unit", "绥滨县人民政府", "--level", "county",
               "--year", "2024", "--date", "2025-04-10", "--review", review)
    assert proc.returncode == 0, proc.stderr
    assert "单位：绥滨县人民政府（审查人更正）" in proc.stdout and "落款日期：2025-04-10（审查人更正）" in proc.stdout
    assert "[late]" in proc.stdout
    data = json.loads(review.read_text(encoding="utf-8"))
    assert data["corrections"] == {"unit": "绥滨县人民政府", "level": "county", "year": 2024, "date": "2025-04-10"}
    bad = run("check", FIXTURES / "suibin-county-2024.txt", "--date", "2025-02-30")
    assert bad.returncode == 2 and "落款日期" in bad.stderr and "Traceback" not in bad.stderr


def test_check_and_export_write_word_and_excel(tmp_path):
    import zipfile

    docx = pytest.importorskip("docx")
    word, sheet, review = tmp_path / "a.docx", tmp_path / "a.xlsx", tmp_path / "r.json"
    proc = run("check", FIXTURES / "hongmei-town-2024.txt", "--docx", word, "--xlsx", sheet,
               "--review", review, "--reviewer", "李四")
    assert proc.returncode == 0, proc.stderr
    assert "已导出审查意见 Word" in proc.stdout and "已导出条目表 Excel" in proc.stdout
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "洪梅镇" in text and "审查人：李四" in text and "草稿" in text
    with zipfile.ZipFile(sheet) as zf:
        assert "李四" in zf.read("xl/worksheets/sheet1.xml").decode("utf-8")  # page header names the reviewer
    again_word, again_sheet = tmp_path / "b.docx", tmp_path / "b.xlsx"
    proc = run("export", review, "--docx", again_word, "--xlsx", again_sheet)
    assert proc.returncode == 0, proc.stderr
    assert again_word.stat().st_size > 10000 and zipfile.is_zipfile(again_sheet)
    proc = run("export", review, "--docx", tmp_path / "no-such-dir" / "c.docx")
    assert proc.returncode == 6 and "Traceback" not in proc.stderr


def test_mistyped_subcommand_is_not_opened_as_a_file(tmp_path):
    """`main.py frobnicate` names the subcommands (exit 2) instead of opening a window on a missing file."""
    proc = run("frobnicate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "frobnicate" in proc.stderr and "check" in proc.stderr and "compare" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_mistyped_subcommand_check_leaves_files_and_options_to_the_app(tmp_path):
    from fzreview.ui.launch import _mistyped_command

    (tmp_path / "报告").mkdir()
    assert _mistyped_command(str(tmp_path / "frobnicate"))
    assert not _mistyped_command(str(tmp_path / "报告"))  # an existing folder (a batch) opens
    assert not _mistyped_command(str(tmp_path / "missing.docx"))  # the window says the file is missing
    assert not _mistyped_command("-platform")


def test_part_names_are_never_cut(checklist, structure):
    from fzreview.core.cli import format_summary
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse

    a = analyse(Document.from_text("某县2024年法治政府建设年度报告\n一、主要举措和成效\n全县开展执法检查30次。\n"),
                checklist, structure)
    text = format_summary(a)
    for p in a.summary()["parts"]:
        if p["applicable"] and p["title"]:
            assert p["title"] in text
