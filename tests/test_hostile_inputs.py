"""Hostile report files: read or refused with a message, within time and memory bounds.

The files are built in the test (tests/hostile_cases.py); nothing big is in the
repository. The whole set runs once in a child process (bench/hostile.py), so
a memory blow-up kills the child, not the test run, and its peak memory
(ru_maxrss) is measured on its own. The bounds are generous guards against
blow-ups (before: 23.5 GB for a 2.4 KB .ofd, 937 MB for a 4 MB text file), not
speed tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_cases import docx_numbering, ofd_with_deltax, pdf_lone_surrogate

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders import load_bytes, load_document
from fzreview.core.loaders.docx_numbering import format_number
from fzreview.core.loaders.ofd_loader import _advances

ROOT = Path(__file__).resolve().parent.parent
MAX_PEAK_MB = 400
MAX_SECONDS = 20


@pytest.fixture(scope="module")
def hostile_run():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "hostile.py"), "--mutations", "24", "--reviews", "40", "--no-ocr", "--json"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_every_hostile_input_is_read_or_refused(hostile_run):
    bad = [(r["name"], r.get("traceback", "")) for r in hostile_run["results"]
           if r["outcome"] not in ("read", "refused")]
    assert not bad, bad
    assert hostile_run["unexpected"] == []
    assert hostile_run["tried"] >= 50
    for r in hostile_run["results"]:
        if r["outcome"] == "refused":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in r["message"]), r  # a Chinese message


def test_damaged_review_files_open_or_are_refused(hostile_run):
    reviews = hostile_run["reviews"]
    assert reviews["tried"] == 40 and reviews["traceback"] == 0, reviews["tracebacks"]


def test_hostile_inputs_stay_within_time_and_memory(hostile_run):
    assert hostile_run["max_seconds"] < MAX_SECONDS, hostile_run["slowest"]
    assert hostile_run["peak_mb"] < MAX_PEAK_MB, hostile_run["peak_input"]


def test_named_attacks_from_the_issue(hostile_run):
    results = {r["name"]: r for r in hostile_run["results"]}
    assert results["ofd-deltax-g-2000000000"]["outcome"] == "read"
    assert results["docx-upperletter-start-5200000000"]["chars"] < 1000
    assert "50,000 行" in results["txt-60k-lines"]["message"]
    assert results["txt-million-short-lines"]["outcome"] == "refused"
    assert "标记" in results["docx-3-million-tags-stored"]["message"]
    surrogate = results["pdf-lone-surrogate"]
    assert surrogate["outcome"] == "read" and any("无效的文字编码" in w for w in surrogate["warnings"])


# --- the individual bounds, in process --------------------------------------------------

def test_ofd_repeat_count_expands_only_what_the_text_needs():
    assert _advances("g 2000000000 3.5", 4) == [3.5] * 4
    assert _advances("1 g 3 2 9", 10) == [1.0, 2.0, 2.0, 2.0, 9.0]
    assert _advances("g -7 3.5 1", 3) == [1.0]
    doc = load_bytes(ofd_with_deltax("g 2000000000 3.5"), suffix=".ofd")
    assert "依法行政建设法治政府" in doc.text


def test_numbering_values_are_clamped_to_words_range():
    assert len(format_number(5_200_000_000, "upperLetter")) < 20
    assert format_number(780, "upperLetter") == "Z" * 30
    doc = load_bytes(docx_numbering("upperLetter", 5_200_000_000), suffix=".docx")
    assert len(doc.text) < 500
    assert "32767." in doc.text  # Word's highest start value, shown as a number


def test_lone_surrogate_is_replaced_and_reported():
    doc = Document.from_text("依法行政\ud800建设法治政府。")
    assert doc.text == "依法行政\ufffd建设法治政府。"
    assert any("无效的文字编码" in w for w in doc.warnings)
    doc.text.encode("utf-8")


def test_pdf_with_surrogate_map_saves_and_warns(tmp_path):
    pdf = tmp_path / "surrogate.pdf"
    pdf.write_bytes(pdf_lone_surrogate())
    out = tmp_path / "out.json"
    review = tmp_path / "review.json"
    proc = subprocess.run([sys.executable, "main.py", "check", str(pdf), "--json", str(out), "--review", str(review)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "读取提示：" in proc.stdout and "无效的文字编码" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "\ufffd" in data["report"]["text"]
    assert any("无效的文字编码" in w for w in data["report"]["warnings"])
    json.loads(review.read_text(encoding="utf-8"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(codec):
    text = "绥滨县2024年法治政府建设情况报告\n一、主要举措和成效\n全面推进依法行政，建设法治政府。"
    doc = load_bytes(text.encode(codec), suffix=".txt")
    assert doc.encoding == codec
    assert "建设法治政府" in doc.text


def test_bom_file_with_damaged_bytes_is_reported():
    data = "\ufeff依法行政，建设法治政府。".encode("utf-8") + b"\xff\xfe\xc3(" + "政务公开。".encode()
    doc = load_bytes(data, suffix=".txt")
    assert "\ufffd" in doc.text
    assert any("无法按该编码识别的字节" in w for w in doc.warnings)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_does_not_block_check(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "main.py", "check", str(fifo)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 3
    assert "不是普通文件" in proc.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused():
    with pytest.raises(DocumentError, match="不是普通文件"):
        load_document("/dev/zero")


def test_ocr_render_size_is_bounded_whatever_the_page_claims():
    from fzreview.core.loaders.ocr import MAX_RENDER_PIXELS, RENDER_DPI, render_scale

    scale = RENDER_DPI / 72
    assert render_scale(595, 842, scale) == scale  # A4 renders at the normal resolution
    huge = render_scale(14400, 14400, scale)  # 200 × 200 inches: 30,000² pixels at 150 dpi
    assert (14400 * huge) ** 2 <= MAX_RENDER_PIXELS * 1.001
    assert render_scale(0, 0, scale) == scale
