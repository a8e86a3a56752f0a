"""Every message the command line prints is Chinese: argparse's own texts and the OS's error reasons."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from fzreview.core.cli import main
from fzreview.core.os_errors import cannot_write, os_error_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGLISH = re.compile(r"usage|required|invalid choice|choose from|arguments|No such file|error:|options", re.I)


def _run(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out = capsys.readouterr()
    return stop.value.code, out.out + out.err


@pytest.mark.parametrize("argv, words", [
    (["export"], "缺少必需的参数：review"),
    (["check", "x.txt", "--level", "city2"], "无效的选项 'city2'"),
    (["check", "x.txt", "--bogus"], "无法识别的参数：--bogus"),
    (["check", "x.txt", "--pdf"], "需要一个值"),
    (["export", "r.json", "--report", "二"], "无效的整数值：'二'"),
])
def test_usage_errors_are_chinese(capsys, argv, words):
    code, text = _run(capsys, argv)
    assert code == 2
    assert words in text and "用法：" in text
    assert not ENGLISH.search(text), text


def test_help_is_chinese(capsys):
    code, text = _run(capsys, ["check", "--help"])
    assert code == 0
    assert "用法：" in text and "显示本帮助并退出" in text
    assert not ENGLISH.search(text.replace("--help", "")), text


def test_unwritable_output_names_the_reason_in_chinese(capsys, tmp_path):
    code = main(["check", str(FIXTURES / "hongmei-town-2024.txt"), "--xlsx", str(tmp_path / "nodir" / "x.xlsx")])
    err = capsys.readouterr().err
    assert code == 6
    assert "无法写出文件" in err and "目录不存在" in err
    assert "No such file" not in err


@pytest.mark.parametrize("number, words", [
    (errno.ENOENT, "目录不存在"), (errno.EACCES, "没有写入权限"), (errno.ENOSPC, "磁盘已满"),
    (errno.EROFS, "只读"),
])
def test_common_errno_in_chinese(number, words):
    exc = OSError(number, "English text", "/x/y.pdf")
    assert words in cannot_write(exc) and "English" not in cannot_write(exc)


def test_reading_a_missing_file_says_file_missing():
    assert os_error_text(OSError(errno.ENOENT, "No such file"), writing=False) == "文件不存在"
