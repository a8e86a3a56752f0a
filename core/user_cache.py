"""A per-user cache of what every start-up would otherwise rebuild the same way.

Holds jieba's prefix dictionary (core/segment.py) and the checked built-in
checklists (core/checklist.py). Each entry is one file, ``NAME.cache``, that
starts with a line naming the key it was built for (a hash of everything it was
built from); an entry whose key differs is simply rebuilt and overwritten.

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
from pathlib import Path

ENV_DIR = "FZREVIEW_CACHE_DIR"
MAGIC = b"fzreview-cache 1 "


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


def load(name: str, key: str) -> bytes | None:
    """The payload stored under `name` for `key`; None when absent, stale or unreadable."""
    try:
        with open(entry_path(name), "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None
    header = MAGIC + key.encode("ascii", "replace") + b"\n"
    if not data.startswith(header):
        return None
    return data[len(header):]


def store(name: str, key: str, payload: bytes) -> bool:
    """Keep `payload` under `name` for `key`; False (and nothing raised) when it cannot be written."""
    from fzreview.core.atomic_file import write_atomic

    try:
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(folder / f"{name}.cache", MAGIC + key.encode("ascii", "replace") + b"\n" + payload)
    except (OSError, ValueError):
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
