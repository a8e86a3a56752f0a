"""A per-user cache of what every start-up would otherwise rebuild the same way.

Holds jieba's prefix dictionary (core/segment.py) and the checked built-in
checklists (core/checklist.py). Each entry is one file, ``NAME.cache``, that
starts with a line naming the key it was built for (a hash of everything it was
built from) and the CRC-32 of the rest; an entry whose key differs is simply
rebuilt and overwritten, one whose checksum fails is ignored.

The cache only ever saves time: a missing, stale, corrupt or unreadable entry,
or a folder that cannot be written, means the normal path runs, silently.
Entries are written atomically (core/atomic_file.py), so concurrent processes
(a batch's workers) read either the old entry or the new one, never half.

Folder: $FZREVIEW_CACHE_DIR if set, else the platform's per-user cache folder
(%LOCALAPPDATA%\\fzreview\\cache, ~/Library/Caches/fzreview,
$XDG_CACHE_HOME/fzreview or ~/.cache/fzreview).
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

ENV_DIR = "FZREVIEW_CACHE_DIR"
MAGIC = b"fzreview-cache 2 "
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a bigger file is no entry of ours: not read


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "fzreview" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "fzreview"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fzreview"


def entry_path(name: str) -> Path:
    return cache_dir() / f"{name}.cache"


def _header(key: str) -> bytes:
    return MAGIC + key.encode("ascii", "replace") + b" "


def load(name: str, key: str) -> bytes | None:
    """The payload stored under `name` for `key`; None when absent, stale, damaged or unreadable."""
    try:
        with open(entry_path(name), "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_ENTRY_BYTES:
                return None
            data = fh.read()
    except (OSError, ValueError, RuntimeError, KeyError):  # RuntimeError: no home folder
        return None
    header = _header(key)
    end = data.find(b"\n", 0, len(header) + 16)
    if not data.startswith(header) or end < 0:
        return None
    payload = data[end + 1:]
    if data[len(header):end] != b"%08x" % zlib.crc32(payload):
        return None
    return payload


def store(name: str, key: str, payload: bytes) -> bool:
    """Keep `payload` under `name` for `key`; False (and nothing raised) when it cannot be written."""
    from fzreview.core.atomic_file import write_atomic

    try:
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(folder / f"{name}.cache", _header(key) + b"%08x\n" % zlib.crc32(payload) + payload)
    except (OSError, ValueError, RuntimeError, KeyError):
        return False
    return True


def code_key(*files: str) -> str:
    """What identifies the code that builds an entry: the given source files' bytes (a checkout
    or a wheel), or, where they cannot be read (a frozen bundle), the executable's size and time."""
    import hashlib

    h = hashlib.sha256(sys.version.encode())
    for f in files:
        try:
            h.update(Path(f).read_bytes())
        except OSError:
            try:
                st = os.stat(sys.executable)
                h.update(f"{f}:{sys.executable}:{st.st_size}:{st.st_mtime_ns}".encode())
            except OSError:
                h.update(f"{f}:unknown".encode())
    return h.hexdigest()
