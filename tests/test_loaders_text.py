"""Plain text, format detection, file-level limits and bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_loaders_support import INTAKE, SEED, make_docx, make_pdf, zip_bytes

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders import Limits, load_bytes, load_document
from fzreview.core.loaders.sniff import (
    ARCHIVE_MESSAGE,
    BINARY_MESSAGE,
    ENCRYPTED_OFFICE_MESSAGE,
    EXCEL_MESSAGE,
    IMAGE_MESSAGE,
    detect_format,
)
from fzreview.core.loaders.text import decode_text

REPO = Path(__file__).resolve().parents[1]


def refusal(data: bytes, suffix: str = "", **kwargs) -> str:
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=suffix, **kwargs)
    return str(err.value)


# --- encodings ------------------------------------------------------------------------------

def test_utf8_seed_matches_document_from_text():
    doc = load_document(SEED)
    expected = Document.from_text(SEED.read_text(encoding="utf-8"))
    assert doc.text == expected.text
    assert doc.encoding == "utf-8" and doc.source_format == "txt"
    assert len(doc.sha256) == 64


@pytest.mark.parametrize("text", [
    "法治",  # two characters
    "依法行政",
    "Report 2024: 法治政府建设 progress",  # mostly ASCII
    "2024年法治政府建设情况报告\n一、工作开展情况\n（一）健全依法决策机制",
])
def test_short_and_mostly_ascii_gbk_is_never_korean(text):
    decoded, encoding = decode_text(text.encode("gbk"))
    assert decoded == text
    assert encoding in ("gbk", "gb18030")


def test_gb18030_only_characters():
    text = "法治政府建设𠀀报告"  # U+20000 is outside GBK
    decoded, encoding = decode_text(text.encode("gb18030"))
    assert (decoded, encoding) == (text, "gb18030")


def test_big5_traditional_text():
    text = "法治政府建設工作報告，依法行政，關於推進行政執法三項制度。"
    assert decode_text(text.encode("big5")) == (text, "big5")


@pytest.mark.parametrize("codec,label", [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")])
def test_byte_order_marks(codec, label):
    text = "依法行政，建设法治政府。"
    assert decode_text(text.encode(codec)) == (text, label)


def test_utf16_without_bom_mostly_ascii():
    text = "Annual report 2024 - 法治政府建设 - rule of law"
    decoded, encoding = decode_text(text.encode("utf-16-le"))
    assert decoded == text and encoding == "utf-16-le"


def test_a_few_damaged_bytes_in_gbk_are_replaced_with_a_warning():
    data = ("法治政府建设工作报告，依法行政。" * 20).encode("gbk") + b"\xff" + "特此报告。".encode("gbk")
    doc = load_bytes(data, suffix=".txt")
    assert "特此报告。" in doc.text and doc.encoding == "gb18030"
    assert any("无法识别的字节" in w for w in doc.warnings)


def test_a_damaged_byte_in_utf8_is_replaced_with_a_warning():
    data = ("法治政府建设工作报告，依法行政。" * 20).encode("utf-8")
    doc = load_bytes(data[:100] + b"\xff" + data[100:], suffix=".txt")
    assert doc.encoding == "utf-8" and doc.text.count("法治政府建设工作报告") >= 19
    assert doc.warnings == ["文件中有 1 处无法识别的字节（按 UTF-8 编码读取），已用“\ufffd”代替，请核对相关文字。"]


def test_sample_gbk_text():
    doc = load_document(INTAKE / "cn_python_intro_gbk.txt")
    assert "開發及測試軟體的速度" in doc.text
    assert doc.encoding == "gbk"


def test_sample_utf8_text():
    doc = load_document(INTAKE / "cn_prompt_guide_utf8.txt")
    assert "如何向 ChatGPT 提问以获得高质量答案" in doc.text
    assert doc.encoding == "utf-8"


# --- format detection and wrong extensions ------------------------------------------------------

def test_detect_format_from_content():
    assert detect_format(b"%PDF-1.7\n...", ".txt") == "pdf"
    assert detect_format(make_docx(["正文"]), ".pdf") == "docx"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", ".txt") == "html"
    assert detect_format(b"\xef\xbb\xbf  <html lang='zh'>", "") == "html"
    assert detect_format(zip_bytes({"OFD.xml": "<x/>"}), ".zip") == "ofd"
    assert detect_format("依法行政".encode("gbk"), ".docx") == "txt"


@pytest.mark.parametrize("suffix", [".pdf", ".txt", ".ofd", ""])
def test_docx_with_wrong_extension_still_loads(suffix):
    doc = load_bytes(make_docx(["依法行政，建设法治政府。"]), suffix=suffix)
    assert doc.text == "依法行政，建设法治政府。" and doc.source_format == "docx"
    if suffix in (".pdf", ".txt", ".ofd"):
        assert doc.warnings == [f"文件扩展名是 {suffix}，但内容实际是Word（.docx）文件，已按Word（.docx）读取。"]


def test_pdf_and_html_with_wrong_extension_load():
    assert load_bytes(make_pdf(["全面推进依法行政。"]), suffix=".docx").source_format == "pdf"
    html = "<html><head><title>报告</title></head><body><p>全面推进依法行政，建设法治政府。</p></body></html>"
    assert load_bytes(html.encode("utf-8"), suffix=".txt").source_format == "html"


def test_text_saved_with_office_extension_loads_as_text_with_warning():
    doc = load_bytes("依法行政，建设法治政府。".encode("gbk"), suffix=".docx")
    assert doc.source_format == "txt" and doc.encoding == "gbk"
    assert "实际是文本（.txt）文件" in doc.warnings[0]


# --- refusals --------------------------------------------------------------------------------

def test_empty_and_blank_files():
    assert refusal(b"", ".txt") == "文件是空的（0 字节）。"
    assert refusal(b" \r\n\t \n", ".txt") == "文件中没有可读的文字内容（文件为空或只有空白）。"
    assert refusal("\ufeff\u3000\n".encode("utf-8"), ".txt") == "文件中没有可读的文字内容（文件为空或只有空白）。"


def test_binary_content_refused():
    junk = bytes(range(256)) * 40
    assert refusal(junk, "") == BINARY_MESSAGE
    assert refusal(junk, ".txt") == BINARY_MESSAGE
    assert refusal(junk, ".docx") == "文件扩展名是 .docx，但内容不是有效的Word（.docx）文件，文件可能已损坏或不完整。"
    assert refusal(junk, ".pdf") == "文件扩展名是 .pdf，但内容不是有效的PDF文件，文件可能已损坏或不完整。"


def test_images_archives_spreadsheets_refused():
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, ".pdf") == IMAGE_MESSAGE
    assert refusal(b"\xff\xd8\xff\xe0" + b"\0" * 100, ".jpg") == IMAGE_MESSAGE
    assert refusal(zip_bytes({"报告.docx": b"x", "附件.txt": b"y"}), ".zip") == ARCHIVE_MESSAGE
    assert refusal(b"Rar!\x1a\x07\x00" + b"\0" * 50, ".rar") == ARCHIVE_MESSAGE
    assert refusal(zip_bytes({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}), ".docx") == EXCEL_MESSAGE


def test_fake_zip_refused():
    message = refusal(b"PK\x03\x04" + b"this is not really a zip archive" * 10, ".docx")
    assert message == "Word（.docx）文件已损坏或不完整（压缩包结构无法读取），请重新导出或重新下载后再试。"


def test_password_protected_office_file_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    assert refusal(ole, ".docx") == ENCRYPTED_OFFICE_MESSAGE


def test_character_limit():
    message = refusal(("法" * 1_000_001).encode("utf-8"), ".txt")
    assert message == "文件中的文字超过 1,000,000 字，远超一份年度报告的篇幅，已停止读取。请确认选择的是报告文件。"
    assert "超过 100 字" in refusal(("法" * 101).encode("utf-8"), ".txt", limits=Limits(max_chars=100))


def test_file_level_errors(tmp_path):
    with pytest.raises(DocumentError) as err:
        load_document(tmp_path / "missing.docx")
    assert str(err.value).startswith("找不到文件：")
    with pytest.raises(DocumentError) as err:
        load_document(tmp_path)
    assert str(err.value).startswith("这是一个文件夹，不是报告文件：")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(DocumentError) as err:
        load_document(big, limits=Limits(max_file_bytes=1024))
    assert str(err.value).startswith("文件过大")


def test_library_failures_become_document_errors(monkeypatch):
    import fzreview.core.loaders.docx_loader as docx_loader

    def explode(*args, **kwargs):
        raise ValueError("internal parser trouble")

    monkeypatch.setattr(docx_loader, "load_docx", explode)
    message = refusal(make_docx(["正文"]), ".docx")
    assert message == "无法读取这个Word（.docx）文件：文件可能已损坏或格式不受支持（ValueError）。"


def test_importing_loaders_stays_light():
    code = (
        "import main; main.use_checkout()\n"
        "import sys, fzreview.core.loaders\n"
        "heavy = [m for m in ('pypdf', 'lxml', 'docx', 'charset_normalizer', 'jieba', 'reportlab') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == ""
