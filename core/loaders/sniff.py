"""Which format a file really is, from its content first and its extension second.

Reviewers receive reports renamed, mis-saved and downloaded with the wrong
extension. The content decides; the extension only breaks ties (.doc vs .wps)
and shapes the message when the content is unusable.
"""

from __future__ import annotations

from fzreview.core.document import DocumentError
from fzreview.core.loaders.safe_zip import member_names
from fzreview.core.loaders.text import utf16_without_bom

FORMAT_NAMES = {
    "txt": "文本（.txt）",
    "docx": "Word（.docx）",
    "pdf": "PDF",
    "html": "网页（.html）",
    "ofd": "OFD",
    "doc": "旧版 Word（.doc）",
    "wps": "WPS 文字（.wps）",
    "rtf": "RTF",
    "odt": "OpenDocument 文本（.odt）",
}

EXTENSION_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".ofd": "ofd",
    ".doc": "doc", ".dot": "doc",
    ".wps": "wps", ".wpt": "wps",
    ".rtf": "rtf",
    ".odt": "odt",
}

# Formats converted through LibreOffice.
LEGACY_FORMATS = ("doc", "wps", "rtf", "odt")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM",
)
_ARCHIVE_MAGICS = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title")

IMAGE_MESSAGE = "这是一张图片，不是带文字的文件。请先做文字识别（OCR），或找到报告的 Word / PDF 原文后再打开。"
ARCHIVE_MESSAGE = "这是一个压缩包，不是报告文件。请先解压，再打开其中的报告文件。"
EXCEL_MESSAGE = "这是 Excel 表格文件，不是报告文件。请打开报告的 Word、PDF、OFD、网页或文本文件。"
POWERPOINT_MESSAGE = "这是 PowerPoint 演示文稿，不是报告文件。请打开报告的 Word、PDF、OFD、网页或文本文件。"
ENCRYPTED_OFFICE_MESSAGE = "此文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中取消密码并另存为 .docx 后再打开。"
BINARY_MESSAGE = "无法识别的文件格式：内容不是文字，也不是 Word、PDF、OFD 或网页文件。"


def extension_format(suffix: str) -> str | None:
    return EXTENSION_FORMATS.get(suffix.lower())


def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_zip(data: bytes, ext_fmt: str | None, suffix: str) -> str:
    names = member_names(data)
    if names is None:
        kind = FORMAT_NAMES.get(ext_fmt or "", "")
        if ext_fmt in ("docx", "ofd", "odt"):
            raise DocumentError(f"{kind}文件已损坏或不完整（压缩包结构无法读取），请重新导出或重新下载后再试。")
        raise DocumentError("文件已损坏或不完整：内容像是压缩包，但无法读取。")
    lowered = [n.lower().lstrip("/") for n in names]
    if "word/document.xml" in lowered or any(n.startswith("word/") and n.endswith(".xml") for n in lowered):
        return "docx"
    if "ofd.xml" in lowered:
        return "ofd"
    if any(n.startswith("xl/") for n in lowered):
        raise DocumentError(EXCEL_MESSAGE)
    if any(n.startswith("ppt/") for n in lowered):
        raise DocumentError(POWERPOINT_MESSAGE)
    if "mimetype" in lowered and "content.xml" in lowered:
        if b"opendocument.text" in data[:200]:
            return "odt"
        raise DocumentError("这是 OpenDocument 表格或演示文件，不是报告文件。")
    if ext_fmt in ("docx", "ofd"):
        raise DocumentError(
            f"文件扩展名是 {suffix}，但内容是一个普通压缩包，里面没有{FORMAT_NAMES[ext_fmt]}文档，文件可能已损坏。"
        )
    raise DocumentError(ARCHIVE_MESSAGE)


def _sniff_ole2(data: bytes, ext_fmt: str | None) -> str:
    if _utf16_name("EncryptedPackage") in data or _utf16_name("EncryptionInfo") in data:
        raise DocumentError(ENCRYPTED_OFFICE_MESSAGE)
    if _utf16_name("WordDocument") in data:
        return "wps" if ext_fmt == "wps" else "doc"
    if _utf16_name("Workbook") in data or _utf16_name("Book") in data:
        raise DocumentError(EXCEL_MESSAGE)
    if _utf16_name("PowerPoint Document") in data:
        raise DocumentError(POWERPOINT_MESSAGE)
    if ext_fmt in ("doc", "wps"):
        return ext_fmt
    raise DocumentError("这是旧版 Office 格式的文件，但不是 Word 文档，无法读取。请另存为 .docx 后再打开。")


def looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if 0 in sample:
        return utf16_without_bom(sample) is None
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B))
    return controls > max(8, len(sample) // 50)


def detect_format(data: bytes, suffix: str = "") -> str:
    """The format key of `data` (see FORMAT_NAMES); DocumentError for unusable content."""
    ext_fmt = extension_format(suffix)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data, ext_fmt, suffix)
    if data.startswith(_OLE2):
        return _sniff_ole2(data, ext_fmt)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_IMAGE_MAGICS) and not (data.startswith(b"BM") and not _looks_binary(data)):
        raise DocumentError(IMAGE_MESSAGE)
    if data.startswith(_ARCHIVE_MAGICS):
        raise DocumentError(ARCHIVE_MESSAGE)
    if looks_like_html(data):
        return "html"
    if _looks_binary(data):
        if ext_fmt and ext_fmt != "txt":
            raise DocumentError(
                f"文件扩展名是 {suffix}，但内容不是有效的{FORMAT_NAMES[ext_fmt]}文件，文件可能已损坏或不完整。"
            )
        raise DocumentError(BINARY_MESSAGE)
    return "txt"
