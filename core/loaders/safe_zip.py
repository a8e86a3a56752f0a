"""Opening zip containers (.docx, .ofd) without trusting them.

Declared sizes are checked before anything is decompressed: the total, and the
compression ratio of large members (zip bombs). `zipfile` never returns more
than a member's declared size, so the check bounds what is actually read.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from fzreview.core.document import DocumentError
from fzreview.core.loaders.limits import Limits

ZIP_BOMB_MESSAGE = "文件解压后的体积异常巨大（疑似“压缩炸弹”），已拒绝打开。"


def open_zip(data: bytes, limits: Limits, kind: str) -> zipfile.ZipFile:
    """Open `data` as a zip after the size checks; `kind` names the format for messages."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DocumentError(f"{kind}文件已损坏或不完整（压缩包结构无法读取），请重新导出或重新下载后再试。") from None
    if len(infos) > limits.max_zip_members:
        raise DocumentError(f"{kind}文件内部包含的部件过多（{len(infos)} 个），结构异常，已拒绝打开。")
    if any(info.flag_bits & 0x1 for info in infos):
        raise DocumentError(f"{kind}文件的压缩包设置了密码，无法读取。请先取消密码后再打开。")
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise DocumentError(ZIP_BOMB_MESSAGE)
        if (info.file_size > limits.zip_ratio_floor_bytes
                and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1)):
            raise DocumentError(ZIP_BOMB_MESSAGE)
    return zf


def read_member(zf: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """Read one member; a missing or corrupt member becomes a DocumentError."""
    try:
        return zf.read(name)
    except KeyError:
        raise DocumentError(f"{kind}文件缺少必需的部件（{name}），文件可能已损坏。") from None
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        raise DocumentError(f"{kind}文件已损坏或不完整（部件 {name} 无法解压）。") from None


def member_names(data: bytes, limit: int = 5_000) -> list[str] | None:
    """Names of the members of a zip, or None when `data` is not a readable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()[:limit]
    except Exception:
        return None
