"""Running slow work (loading, analysis, PDF export) off the UI thread.

`TaskRunner.start(fn, …)` runs `fn` in a QThreadPool and calls back on the UI
thread. Errors the reviewer can act on (a report that cannot be read, a broken
checklist or review file, a file that cannot be written) arrive as their Chinese
message; anything unexpected arrives as a short generic message while the
traceback goes to the log. Nothing here ever shows a traceback to the reviewer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskError(Exception):
    """Raised by task bodies with a message for the reviewer (Chinese)."""


def reviewer_message(exc: BaseException) -> str:
    """The message shown for an exception raised by a task."""
    from fzreview.core.checklist import ChecklistError
    from fzreview.core.document import DocumentError
    from fzreview.core.review import ReviewFileError

    if isinstance(exc, (TaskError, DocumentError, ChecklistError, ReviewFileError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}：" if getattr(exc, "filename", None) else ""
        return f"文件操作失败：{where}{exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "内存不足，无法完成操作。"
    return f"发生了意外错误（{type(exc).__name__}：{exc}）。当前的审查没有受到影响。"


class _Signals(QObject):
    progress = Signal(int, int, str)  # done, total, a status message ("" keeps the current one)
    finished = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable, args: tuple, with_progress: bool):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.with_progress = fn, args, with_progress
        self.signals = _Signals()

    def run(self) -> None:
        try:
            if self.with_progress:
                emit = self.signals.progress.emit
                result = self.fn(*self.args, progress=lambda done, total, message="": emit(done, total, message))
            else:
                result = self.fn(*self.args)
        except BaseException as exc:
            known = reviewer_message(exc)
            if known.startswith("发生了意外错误"):
                log.exception("background task %s failed", getattr(self.fn, "__name__", self.fn))
            self.signals.failed.emit(known)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they report back."""

    busyChanged = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: set[_Task] = set()

    def busy(self) -> bool:
        return bool(self._running)

    def start(self, fn: Callable, *args, on_done: Callable[[object], None],
              on_fail: Callable[[str], None], on_progress: Callable[[int, int, str], None] | None = None) -> None:
        task = _Task(fn, args, with_progress=on_progress is not None)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        task.signals.finished.connect(lambda result, t=task: self._finish(t, on_done, result))
        task.signals.failed.connect(lambda message, t=task: self._finish(t, on_fail, message))
        self._running.add(task)
        if len(self._running) == 1:
            self.busyChanged.emit(True)
        self.pool.start(task)

    def _finish(self, task: _Task, callback: Callable, value) -> None:
        self._running.discard(task)
        if not self._running:
            self.busyChanged.emit(False)
        try:
            callback(value)
        except Exception:
            log.exception("task callback failed")

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
