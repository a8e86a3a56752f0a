"""Atomic file writes: a reviewer's file is either the old one or the new one, never half.

Every output (review, recovery file, PDF, CSV, JSON) goes through `write_atomic`:
the bytes go to a temporary file beside the target, are flushed to disk, and
the temporary file is renamed over the target. The target keeps what the
reviewer set up: a symlink is written through (the link stays, its target is
replaced) and an existing file keeps its permissions (e.g. 0600).

A process killed mid-write leaves its temporary file behind; temporary files
carry a recognisable name (``.NAME.PID-RANDOM.fzsave``) and the next save of
the same target removes those whose writer is gone.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import time
from pathlib import Path

TEMP_SUFFIX = ".fzsave"
# A temporary file this old is stale whatever its writer (where liveness cannot be checked).
STALE_SECONDS = 600


def _resolve_target(path: Path) -> Path:
    """The file actually written: a symlink's final target (relative links resolved)."""
    seen = 0
    while path.is_symlink() and seen < 40:
        link = Path(os.readlink(path))
        path = link if link.is_absolute() else path.parent / link
        seen += 1
    return path


def _temp_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"


def _pid_alive(pid: int) -> bool | None:
    """True/False on POSIX; None where it cannot be told safely (Windows: os.kill would signal it)."""
    if os.name != "posix":
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def remove_stale_temps(target: str | os.PathLike) -> int:
    """Delete temporary files of earlier, interrupted saves of `target`; returns how many."""
    target = Path(target)
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)-[0-9a-f]+{re.escape(TEMP_SUFFIX)}$")
    removed = 0
    try:
        entries = list(os.scandir(target.parent or "."))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        alive = _pid_alive(int(match.group(1)))
        if alive is False or age > STALE_SECONDS or (alive is None and age > 60):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` atomically, keeping its symlink and permissions.

    Raises OSError naming `path` (never the temporary file) when it cannot be written.
    """
    path = Path(path)
    target = _resolve_target(path)
    remove_stale_temps(target)
    tmp = _temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode_for(target))
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    _sync_dir(target.parent)


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def json_bytes(obj, *, indent: int | None = None) -> bytes:
    """UTF-8 JSON of `obj`; a lone surrogate anywhere becomes U+FFFD instead of failing the save."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", text).encode("utf-8")


def write_json_atomic(path: str | os.PathLike, obj, *, indent: int | None = None) -> None:
    write_atomic(path, json_bytes(obj, indent=indent))
