"""Why a file operation failed, in Chinese (the OS's own strerror is English)."""

from __future__ import annotations

import errno

_ERRNO_TEXT = {
    errno.ENOENT: "目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOSPC: "磁盘已满",
    errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
    errno.EINVAL: "文件名无效",
    errno.EDQUOT: "超出磁盘配额",
    errno.EIO: "磁盘读写出错",
}


_READING_TEXT = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限"}


def os_error_text(exc: OSError, *, writing: bool = True) -> str:
    """A Chinese reason for a failed file operation: 目录不存在, 没有写入权限, 磁盘已满…"""
    table = _ERRNO_TEXT if writing else {**_ERRNO_TEXT, **_READING_TEXT}
    text = table.get(exc.errno) if exc.errno is not None else None
    if text is None:
        text = f"系统错误（{exc.errno}）" if exc.errno else "系统错误"
    return text


def cannot_write(exc: OSError) -> str:
    """无法写出文件：PATH（目录不存在） — the OS reason in Chinese, never the English strerror."""
    where = f"{exc.filename}" if exc.filename else ""
    return f"无法写出文件：{where}（{os_error_text(exc)}）"
