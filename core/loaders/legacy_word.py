"""Old binary Word (.doc), WPS (.wps), RTF and .odt files, via LibreOffice.

When `soffice` (or `libreoffice`) is on PATH the file is converted to .docx in
a private temporary folder — with its own LibreOffice profile, so a running
LibreOffice does not interfere — under a timeout, and read by the .docx loader.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders.limits import Budget, Limits

_NAMES = {
    "doc": "旧版 Word（.doc）",
    "wps": "WPS（.wps）",
    "rtf": "RTF",
    "odt": "OpenDocument（.odt）",
}


def no_office_message(fmt: str) -> str:
    if fmt in ("doc", "wps"):
        return ("这是旧版 Word（.doc）/WPS 文件，本机未安装 LibreOffice，无法直接读取。"
                "请用 Word 或 WPS 另存为 .docx 后再打开。")
    return f"这是{_NAMES[fmt]}文件，本机未安装 LibreOffice，无法直接读取。请用 Word 或 WPS 另存为 .docx 后再打开。"


def find_office() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(command: list[str], timeout: float) -> int:
    """Run the converter in its own process group; kill the whole group on timeout."""
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        process.wait()
        raise


def convert_to_docx(data: bytes, fmt: str, *, timeout: float, office: str | None = None) -> bytes:
    office = office or find_office()
    if office is None:
        raise DocumentError(no_office_message(fmt))
    with tempfile.TemporaryDirectory(prefix="fzreview-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"input.{fmt}"
        source.write_bytes(data)
        out_dir = folder / "out"
        out_dir.mkdir()
        command = [
            office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--nodefault", "--convert-to", "docx", "--outdir", str(out_dir), str(source),
        ]
        try:
            _run(command, timeout)
        except subprocess.TimeoutExpired:
            raise DocumentError(
                f"用 LibreOffice 转换{_NAMES[fmt]}文件超过 {int(timeout)} 秒仍未完成，已停止。"
                "请用 Word 或 WPS 另存为 .docx 后再打开。"
            ) from None
        except OSError as exc:
            raise DocumentError(f"无法启动 LibreOffice（{exc.strerror or exc}），请用 Word 或 WPS 另存为 .docx 后再打开。") from None
        produced = sorted(out_dir.glob("*.docx"))
        if not produced:
            raise DocumentError(
                f"LibreOffice 未能转换这个{_NAMES[fmt]}文件（文件可能已损坏或设置了密码）。"
                "请用 Word 或 WPS 打开并另存为 .docx 后再试。"
            )
        return produced[0].read_bytes()


def load_legacy(data: bytes, fmt: str, *, limits: Limits, budget: Budget, source_path: str, sha256: str,
                warnings: list[str]) -> Document:
    from fzreview.core.loaders.docx_loader import load_docx

    converted = convert_to_docx(data, fmt, timeout=limits.convert_timeout)
    warnings.append(f"{_NAMES[fmt]}文件已通过 LibreOffice 转换为 .docx 后读取，版式和自动编号可能与原文略有差异。")
    return load_docx(converted, limits=limits, budget=budget, source_path=source_path, sha256=sha256,
                     warnings=warnings, source_format=fmt)
