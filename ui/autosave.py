"""Never lose work: recovery files for unsaved reviews.

While a review has unsaved changes it is written to a recovery file
(`<recovery dir>/<report sha>-<session>.fzreview.json`, the review file format
plus a "recovery" block) a second after the last verdict or note change, and never
later than 1.5 s after the first unsaved one however fast the reviewer keeps
working (a deadline that later changes do not push back), and at least once a
minute. The file is deleted when the review is saved or the app closes cleanly.

A running session holds a lock on its recovery file (ui/review_lock.py, QLockFile:
works on Windows too); a recovery file whose lock is free or stale was left by a
crash, and start-up offers to restore it.

The directory is QStandardPaths.AppDataLocation/recovery, or $FZREVIEW_RECOVERY_DIR,
or whatever the main window is given (tests use a temporary one).
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from fzreview.core.atomic_file import write_json_atomic
from fzreview.core.disk_stamp import DiskStamp
from fzreview.core.review import ReviewFileError, parse_review_json, progress_of
from fzreview.ui.review_lock import ReviewLock, owner_alive

log = logging.getLogger(__name__)

RECOVERY_ENV = "FZREVIEW_RECOVERY_DIR"
SUFFIX = ".fzreview.json"



def default_recovery_dir() -> Path:
    env = os.environ.get(RECOVERY_ENV)
    if env:
        return Path(env)
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".fzreview") / "recovery"


@dataclass
class RecoveryEntry:
    path: Path
    token: str
    title: str
    saved_at: str
    review_path: str | None
    reviewed: int
    total: int
    review_stamp: object = None  # DiskStamp of the review file when the session loaded or saved it
    batch_path: str | None = None  # a report of a batch: the batch file and the report's id in it
    batch_report: int | None = None

    def describe(self) -> str:
        when = self.saved_at.replace("T", " ")[:19]
        if self.batch_path:
            where = f"\n审查批次：{self.batch_path}（第 {self.batch_report} 份报告）"
        else:
            where = f"\n审查文件：{self.review_path}" if self.review_path else "\n（尚未保存过）"
        return f"{self.title}\n自动保存于 {when}，已审 {self.reviewed}/{self.total} 项{where}"


def _batch_ref(value) -> tuple[str | None, int | None]:
    if isinstance(value, dict) and isinstance(value.get("path"), str) and isinstance(value.get("report"), int):
        return value["path"], value["report"]
    return None, None


class RecoveryStore:
    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_recovery_dir()

    def new_token(self, review) -> str:
        sha = (review.analysis.report.sha256 or "report")[:16]
        return f"{sha}-{secrets.token_hex(4)}"

    def path_for(self, token: str) -> Path:
        return self.directory / f"{token}{SUFFIX}"

    def lock_for(self, token: str) -> ReviewLock:
        """The lock a running session holds on its recovery file."""
        return ReviewLock(self.path_for(token), lock_path=str(self.directory / f"{token}.lock"))

    def write(self, token: str, review, review_path: str | None, review_stamp=None,
              batch: tuple[str, int] | None = None) -> Path:
        """`batch`: (batch file, report id) when the review is a report of a batch, so a recovered
        review goes back into its batch."""
        self.directory.mkdir(parents=True, exist_ok=True)
        data = review.to_dict()
        data["recovery"] = {"review_path": review_path, "pid": os.getpid(),
                            "batch": {"path": batch[0], "report": batch[1]} if batch else None,
                            "review_stamp": review_stamp.to_list() if review_stamp is not None else None,
                            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        path = self.path_for(token)
        write_json_atomic(path, data)  # never fails on a stray surrogate in the report text
        return path

    def remove(self, token: str) -> None:
        try:
            self.path_for(token).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not delete recovery file: %s", exc)

    def entries(self) -> list[RecoveryEntry]:
        """Recovery files left by sessions that are gone (crashed), newest first."""
        out: list[RecoveryEntry] = []
        if not self.directory.is_dir():
            return out
        for path in self.directory.glob(f"*{SUFFIX}"):
            token = path.name[: -len(SUFFIX)]
            if owner_alive(str(self.directory / f"{token}.lock")):
                continue  # a running window (of this or another process) owns it
            try:
                data = parse_review_json(path.read_bytes())  # bounded: a hostile file cannot recurse us
                meta = data.get("recovery") or {}
                report = data.get("report") or {}
                items = data.get("items") or []
                title = report.get("title") or Path(report.get("path") or "").name or "未命名报告"
                batch_path, batch_report = _batch_ref(meta.get("batch"))
                reviewed, total = progress_of((i.get("applicable", True), i.get("verdict"))
                                              for i in items if isinstance(i, dict))
                out.append(RecoveryEntry(
                    path, token, title, str(meta.get("saved_at") or ""), meta.get("review_path"), reviewed, total,
                    DiskStamp.from_list(meta.get("review_stamp")), batch_path=batch_path, batch_report=batch_report))
            except (OSError, ReviewFileError, ValueError, TypeError, AttributeError) as exc:
                log.warning("unreadable recovery file %s: %s", path, exc)
        out.sort(key=lambda e: e.saved_at, reverse=True)
        return out

    def load(self, entry: RecoveryEntry):
        from fzreview.core.review import load_review

        return load_review(entry.path)


MAX_DELAY_MS = 1500  # a change is on disk within this (plus the write) however fast edits come


class Autosaver(QObject):
    """Writes the current session's recovery file: debounced on change, with a deadline
    that later changes do not push back, and periodically."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, store: RecoveryStore, *, debounce_ms: int = 1000, interval_ms: int = 60000,
                 max_delay_ms: int = MAX_DELAY_MS, parent=None):
        super().__init__(parent)
        self.store = store
        self.session = None
        self._lock: ReviewLock | None = None
        self._saved_revision = -1
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self.save_now)
        # Started by the first unsaved change, not restarted by later ones: a burst of
        # edits (a verdict every half second) can no longer keep postponing the write.
        self._deadline = QTimer(self, singleShot=True, interval=max(1, min(max_delay_ms, 10 ** 9)))
        self._deadline.timeout.connect(self.save_now)
        self._periodic = QTimer(self, interval=interval_ms)
        self._periodic.timeout.connect(self.save_now)

    def attach(self, session) -> None:
        self.release()
        self.session = session
        if session.recovery_token:
            self._take_lock()  # a restored file: this window owns it from now on
        else:
            session.recovery_token = self.store.new_token(session.review)  # locked at its first write
        self._saved_revision = -1 if session.dirty else session.revision
        session.itemsChanged.connect(self.schedule)
        session.reviewerChanged.connect(self.schedule)
        self._periodic.start()
        if session.dirty:  # e.g. a restored review: make sure its recovery file is current
            self.schedule()

    def _take_lock(self) -> None:
        s = self.session
        if s is None or (self._lock is not None and self._lock.held()):
            return
        try:
            self.store.directory.mkdir(parents=True, exist_ok=True)  # the lock file lives there
        except OSError as exc:
            log.warning("no recovery folder: %s", exc)
        self._lock = self.store.lock_for(s.recovery_token)
        if not self._lock.acquire():  # e.g. a restored file another window took meanwhile
            s.recovery_token = self.store.new_token(s.review)
            self._lock = self.store.lock_for(s.recovery_token)
            self._lock.acquire()

    def release(self) -> None:
        """Stop watching the session; its recovery file (if any) stays on disk."""
        self._debounce.stop()
        self._deadline.stop()
        self._periodic.stop()
        if self.session is not None:
            for signal in (self.session.itemsChanged, self.session.reviewerChanged):
                try:
                    signal.disconnect(self.schedule)
                except (RuntimeError, TypeError):
                    pass
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.session = None

    def schedule(self, *_args) -> None:
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def pending(self) -> bool:
        return self._debounce.isActive() or self._deadline.isActive()

    def save_now(self) -> bool:
        self._debounce.stop()
        self._deadline.stop()
        s = self.session
        if s is None or not s.dirty or s.revision == self._saved_revision:
            return False
        self._take_lock()
        try:
            path = self.store.write(s.recovery_token, s.review, s.path, getattr(s, "disk_stamp", None),
                                    getattr(s, "batch_ref", None))
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            self.failed.emit(f"自动保存失败：{exc.strerror or exc}")
            return False
        self._saved_revision = s.revision
        self.saved.emit(str(path))
        return True

    def discard(self) -> None:
        """The session was saved or deliberately abandoned: delete its recovery file."""
        self._debounce.stop()
        self._deadline.stop()
        if self.session is not None and self.session.recovery_token:
            self.store.remove(self.session.recovery_token)
            self._saved_revision = self.session.revision
