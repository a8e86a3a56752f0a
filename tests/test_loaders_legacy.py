"""Old Word (.doc) and WPS files: converted through LibreOffice when it is installed."""

from __future__ import annotations

import os
import stat
import sys
import time

import pytest
from test_loaders_support import INTAKE, make_docx

from fzreview.core.document import DocumentError
from fzreview.core.loaders import Limits, load_bytes, load_document
from fzreview.core.loaders.legacy_word import find_office

NO_OFFICE = ("这是旧版 Word（.doc）/WPS 文件，本机未安装 LibreOffice，无法直接读取。"
             "请用 Word 或 WPS 另存为 .docx 后再打开。")


def fake_office(tmp_path, body: str):
    """A stand-in `soffice` on an otherwise empty PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(f"#!{sys.executable}\nimport os, shutil, sys, time\n"
                      "args = sys.argv[1:]\noutdir = args[args.index('--outdir') + 1]\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir


@pytest.mark.parametrize("name", ["cn_standard_explanation_word.doc", "cn_standard_explanation_wps_saved.doc"])
def test_doc_without_libreoffice_gives_clear_message(name, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as err:
        load_document(INTAKE / name)
    assert str(err.value) == NO_OFFICE


def test_wps_extension_same_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    data = (INTAKE / "cn_standard_explanation_word.doc").read_bytes()
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".wps")
    assert str(err.value) == NO_OFFICE


def test_doc_converted_through_office(tmp_path, monkeypatch):
    converted = tmp_path / "converted.docx"
    converted.write_bytes(make_docx(["项目编号为“能源20210676”。"]))
    bin_dir = fake_office(tmp_path, f"shutil.copy({str(converted)!r}, os.path.join(outdir, 'input.docx'))\n")
    monkeypatch.setenv("PATH", str(bin_dir))
    doc = load_document(INTAKE / "cn_standard_explanation_word.doc")
    assert doc.text == "项目编号为“能源20210676”。"
    assert doc.source_format == "doc"
    assert any("LibreOffice" in w for w in doc.warnings)


def test_conversion_that_produces_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(fake_office(tmp_path, "sys.exit(0)\n")))
    with pytest.raises(DocumentError) as err:
        load_document(INTAKE / "cn_standard_explanation_word.doc")
    assert str(err.value).startswith("LibreOffice 未能转换这个旧版 Word（.doc）文件")


def test_conversion_timeout_kills_converter(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    body = f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n"
    monkeypatch.setenv("PATH", str(fake_office(tmp_path, body)))
    data = (INTAKE / "cn_standard_explanation_word.doc").read_bytes()
    start = time.monotonic()
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".doc", limits=Limits(convert_timeout=1.5))
    assert time.monotonic() - start < 10
    assert "超过 1 秒仍未完成" in str(err.value)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_real_libreoffice_conversion():
    doc = load_document(INTAKE / "cn_standard_explanation_word.doc")
    assert "项目编号为“能源20210676”" in doc.text
    doc = load_document(INTAKE / "cn_standard_explanation_wps_saved.doc")
    assert "项目编号为“能源20210675”" in doc.text
