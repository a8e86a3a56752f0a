"""What a file on disk was when it was loaded or saved: modification time, size, SHA-256.

Before overwriting a file it had loaded, the app compares it with this stamp (as
novelWriter does): a different stamp means another window or program saved the
file meanwhile, and the reviewer is asked instead of that work being overwritten.
A file only touched (same bytes) or deleted since has lost nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DiskStamp:
    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike) -> DiskStamp | None:
        """The file's stamp now (None if it does not exist or cannot be read)."""
        try:
            st = os.stat(path)
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size, digest.hexdigest())

    def changed(self, path: str | os.PathLike) -> bool:
        """Whether the file on disk is no longer the one stamped (a deleted file has not
        changed anything that saving would lose)."""
        try:
            st = os.stat(path)
        except OSError:
            return False
        if (st.st_mtime_ns, st.st_size) == (self.mtime_ns, self.size):
            return False
        now = DiskStamp.of(path)
        return now is not None and now.sha256 != self.sha256  # touched but the same bytes: unchanged

    def to_list(self) -> list:
        return [self.mtime_ns, self.size, self.sha256]

    @classmethod
    def from_list(cls, value) -> DiskStamp | None:
        try:
            mtime, size, sha = value
            return cls(int(mtime), int(size), str(sha))
        except (TypeError, ValueError):
            return None
