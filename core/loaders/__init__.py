"""Report loaders: a file on disk → `core.document.Document`.

`load_document(path)` detects the format from the file's content (magic bytes,
zip member names, HTML markers) and its extension, reads it with the matching
loader, and raises `DocumentError` with a message for the reviewer when the
file cannot be used. Whatever goes wrong inside a parsing library becomes a
DocumentError here: the reviewer never sees a traceback.

Format libraries (pypdf, lxml, charset-normalizer) are imported inside the
loaders that need them, so importing this package stays cheap.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from fzreview.core.document import Document, DocumentError, sha256_bytes
from fzreview.core.loaders.limits import DEFAULT_LIMITS, MIB, Budget, Limits
from fzreview.core.loaders.sniff import FORMAT_NAMES, LEGACY_FORMATS, detect_format, extension_format
from fzreview.core.loaders.text import decode_text

__all__ = ["Document", "DocumentError", "Limits", "DEFAULT_LIMITS", "load_document", "load_bytes"]

MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes
Progress = Callable[[int, int], None]


def _read(path: Path, limits: Limits) -> bytes:
    try:
        st = path.stat()
        size = st.st_size
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError(f"这是一个文件夹，不是报告文件：{path}")
        if not stat.S_ISREG(st.st_mode):
            # A FIFO, socket or device would block the read or never end.
            raise DocumentError(f"这不是普通文件（可能是管道、设备或套接字），无法作为报告打开：{path}")
        if size > limits.max_file_bytes:
            raise DocumentError(
                f"文件过大（{size / MIB:.0f} MB），超过 {limits.max_file_bytes // MIB} MB 的上限，不像一份年度报告。"
            )
        with path.open("rb") as fh:
            return fh.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise DocumentError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise DocumentError(f"这是一个文件夹，不是报告文件：{path}") from None
    except PermissionError:
        raise DocumentError(f"没有权限读取这个文件：{path}") from None
    except OSError as exc:
        raise DocumentError(f"无法读取文件：{exc.strerror or exc}") from None


def load_document(path: str | Path, *, limits: Limits | None = None, progress: Progress | None = None) -> Document:
    """Read a report file of any supported format into a Document.

    `progress(done, total)` is called while a long read advances (pages of a scanned PDF read by OCR).
    """
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    data = _read(path, limits)
    return load_bytes(data, suffix=path.suffix, source_path=str(path), limits=limits, progress=progress)


def load_bytes(data: bytes, *, suffix: str = "", source_path: str = "", limits: Limits | None = None,
               progress: Progress | None = None) -> Document:
    """Read report bytes; `suffix` (".pdf") is the file's extension, used as a hint only."""
    limits = limits or DEFAULT_LIMITS
    if not data:
        raise DocumentError("文件是空的（0 字节）。")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DocumentError("文件中没有可读的文字内容（文件为空或只有空白）。")
    if len(data) > limits.max_file_bytes:
        raise DocumentError(
            f"文件过大（{len(data) / MIB:.0f} MB），超过 {limits.max_file_bytes // MIB} MB 的上限，不像一份年度报告。"
        )
    fmt = detect_format(data, suffix)
    warnings: list[str] = []
    ext_fmt = extension_format(suffix)
    same_family = {ext_fmt, fmt} <= set(LEGACY_FORMATS)
    if ext_fmt and ext_fmt != fmt and not same_family:
        warnings.append(
            f"文件扩展名是 {suffix}，但内容实际是{FORMAT_NAMES[fmt]}文件，已按{FORMAT_NAMES[fmt]}读取。"
        )
    common = dict(source_path=source_path, sha256=sha256_bytes(data), warnings=warnings)
    budget = Budget(limits)
    try:
        return _dispatch(data, fmt, limits, budget, common, progress)
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(f"{FORMAT_NAMES[fmt]}文件过大或结构异常，读取时内存不足，已停止。") from None
    except RecursionError:
        raise DocumentError(f"{FORMAT_NAMES[fmt]}文件的内部结构嵌套过深（可能已损坏或被构造），无法读取。") from None
    except Exception as exc:
        raise DocumentError(
            f"无法读取这个{FORMAT_NAMES[fmt]}文件：文件可能已损坏或格式不受支持（{type(exc).__name__}）。"
        ) from exc


def _dispatch(data: bytes, fmt: str, limits: Limits, budget: Budget, common: dict,
              progress: Progress | None = None) -> Document:
    if fmt == "txt":
        text, encoding = decode_text(data, common["warnings"])
        budget.take(text)
        budget.count_lines(text.count("\n") + text.count("\r") - text.count("\r\n") + 1)
        return Document.from_text(text, source_format="txt", encoding=encoding, **common)
    if fmt == "pdf":
        from fzreview.core.loaders.pdf_loader import load_pdf

        return load_pdf(data, budget=budget, progress=progress, **common)
    if fmt == "docx":
        from fzreview.core.loaders.docx_loader import load_docx

        return load_docx(data, limits=limits, budget=budget, **common)
    if fmt == "html":
        from fzreview.core.loaders.html_loader import load_html

        return load_html(data, budget=budget, **common)
    if fmt == "ofd":
        from fzreview.core.loaders.ofd_loader import load_ofd

        return load_ofd(data, limits=limits, budget=budget, **common)
    if fmt in LEGACY_FORMATS:
        from fzreview.core.loaders.legacy_word import load_legacy

        return load_legacy(data, fmt, limits=limits, budget=budget, **common)
    raise DocumentError("无法识别的文件格式。")  # detect_format only returns the formats above
