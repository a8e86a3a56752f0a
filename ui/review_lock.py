"""Guarding review files: one window per review, and no silent overwrite of changes on disk.

`ReviewLock` is a QLockFile beside the review file (`.NAME.lock`). A second window
or a second process that opens the same review cannot take it and asks the
reviewer (read-only or cancel). The lock records the owner's pid, host and app
name; Qt decides whether a lock left by a crashed process is stale with the
platform's own process lookup, so the check works the same on Windows (where
`os.kill(pid, 0)` would send Ctrl+C instead of checking).

The crash-recovery files are guarded by the same kind of lock: the recovery file
of a running session is locked; one whose lock is free (or stale) was left behind
by a crash and can be offered.

Before overwriting a review file the window also compares it with the
core.disk_stamp.DiskStamp taken when it was loaded or saved.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path_for(path: str | os.PathLike) -> str:
    p = Path(path)
    return str(p.with_name(f".{p.name}.lock"))


class ReviewLock:
    """A lock on one file (the review, or a recovery file); held until released."""

    def __init__(self, path: str | os.PathLike, *, lock_path: str | None = None):
        self.path = str(path)
        self.lock_path = lock_path or lock_path_for(path)
        self._lock = QLockFile(self.lock_path)
        self._lock.setStaleLockTime(0)  # stale only when its owner is gone, never by age
        self.unwritable = False  # no lock file could be written there

    def acquire(self) -> bool:
        """Take the lock now. False when a live window or process holds it.

        A folder where no lock file can be written (read-only media) does not stop
        the reviewer: the lock then counts as taken.
        """
        if self._lock.isLocked():
            return True
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False
        self.unwritable = True
        return True

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    def held(self) -> bool:
        return self._lock.isLocked()

    def holder(self) -> str:
        """Who holds the lock, for the message (Chinese)."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app name); pid 0 when unknown
        pid, host = (info[-3], info[-2]) if isinstance(info, tuple) and len(info) >= 3 else (0, "")
        if not pid:
            return "另一个窗口或程序"
        if pid == os.getpid() and host in ("", socket.gethostname()):
            return "本程序的另一个窗口"
        where = "" if host in ("", socket.gethostname()) else f"，计算机 {host}"
        return f"另一个审查台程序（进程 {pid}{where}）"


def owner_alive(lock_path: str) -> bool:
    """Whether a live window or process holds the lock at `lock_path` (a stale one is removed)."""
    probe = QLockFile(lock_path)
    probe.setStaleLockTime(0)
    if probe.tryLock(0):
        probe.unlock()
        return False
    return probe.error() == QLockFile.LockError.LockFailedError


def claim_for_opening(parent, path: str) -> tuple[ReviewLock | None, bool] | None:
    """Lock a review file a window is about to show: (lock, read_only), or None if the
    reviewer chose to cancel because another window or process has it open."""
    from fzreview.ui import dialogs

    lock = ReviewLock(path)
    if lock.acquire():
        return lock, False
    choice = dialogs.choose(
        parent, "审查文件已被打开",
        f"“{Path(path).name}”已由{lock.holder()}打开。\n两处同时修改同一份审查会互相覆盖。",
        [("read_only", "只读打开"), ("cancel", "取消")], default="read_only", escape="cancel",
        informative="只读打开时可以查看，修改后只能另存为新的审查文件。")
    return (None, True) if choice == "read_only" else None


def claim_for_saving(parent, session, path: str) -> tuple[str, ReviewLock | None]:
    """Before writing `path`: ("ok", lock to hold from now on, or None to keep the
    session's), ("save_as", None) or ("cancel", None).

    Refuses a file another window or process has open, and asks before overwriting a
    file that changed on disk since this window loaded or saved it.
    """
    from fzreview.ui import dialogs

    same = bool(session.path) and os.path.abspath(path) == os.path.abspath(session.path)
    lock = None
    if not (same and session.lock is not None and session.lock.held()):
        lock = ReviewLock(path)
        if not lock.acquire():
            dialogs.error(parent, "无法保存",
                          f"“{Path(path).name}”已由{lock.holder()}打开，保存到这里会覆盖那里的修改。\n"
                          "请另存为其他文件名。")
            return ("save_as" if same else "cancel"), None
    stamp = session.disk_stamp if same else None
    if stamp is not None and stamp.changed(path):
        choice = dialogs.choose(
            parent, "文件已在别处修改",
            f"审查文件“{Path(path).name}”在本窗口打开或保存之后，被其他窗口或程序修改过。\n"
            "直接保存会覆盖那些修改。",
            [("save_as", "另存为…"), ("overwrite", "覆盖"), ("cancel", "取消")],
            default="save_as", escape="cancel")
        if choice != "overwrite":
            if lock is not None:
                lock.release()
            return choice, None
    return "ok", lock
