"""Report loaders: a file on disk → `core.document.Document`.

`load_document(path)` picks the loader from the file's content and extension and
raises `DocumentError` with a message for the reviewer when the file cannot be used.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, DocumentError, sha256_bytes
from core.loaders.text import decode_text

MAX_FILE_BYTES = 64 * 1024 * 1024


def load_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise DocumentError(f"这是一个文件夹，不是报告文件：{path}") from None
    except OSError as exc:
        raise DocumentError(f"无法读取文件：{exc.strerror or exc}") from None
    if not data:
        raise DocumentError("文件是空的（0 字节）。")
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"文件过大（{len(data) // (1024 * 1024)} MB），超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 的上限。")
    text, encoding = decode_text(data)
    return Document.from_text(text, source_path=path, source_format="txt",
                              encoding=encoding, sha256=sha256_bytes(data))
