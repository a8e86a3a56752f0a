"""Filling a batch: every report of a folder analysed in parallel across cores.

`plan(folder, batch)` decides what to do with each file (new, changed, already
held, failed before and unchanged); `run(folder, batch, …)` analyses the new and
changed ones in a process pool whose workers load jieba and the checklist once
(the initializer), and stores each finished report in its own transaction as
it arrives. A run that is killed keeps every report it finished; running it
again does only the rest. A file that cannot be read is recorded with its
message and never stops the run.

The workers are started with the "spawn" method (safe beside the GUI's threads)
and bootstrap the `fzreview` package themselves (see `_bootstrap_source`), so the
pool works from a checkout, an installed wheel and the tests alike.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from fzreview.core.batch import NOT_A_REPORT, UNREADABLE, Batch

REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".ofd", ".doc", ".wps")

NEW, CHANGED, HELD, FAILED_BEFORE = "new", "changed", "held", "failed_before"


@dataclass
class Planned:
    path: str
    sha256: str
    action: str  # NEW | CHANGED | HELD | FAILED_BEFORE


@dataclass
class RunResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already held (same sha256)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message): could not be read
    not_reports: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not an annual report
    cancelled: bool = False

    @property
    def analysed(self) -> int:
        return len(self.added) + len(self.changed)


def report_files(folder: str | Path) -> list[Path]:
    """Report files under `folder` (recursively), in a stable order; hidden and Office lock files left out."""
    folder = Path(folder)
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES:
            out.append(p)
    return out


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def plan(files: list[Path], batch: Batch) -> list[Planned]:
    by_sha, by_path = batch.known()
    failed = batch.failed_sha()
    out = []
    seen: set[str] = set()
    for p in files:
        path = str(p.resolve())
        try:
            sha = file_sha256(p)
        except OSError as exc:
            out.append(Planned(path, "", f"error:{exc.strerror or exc}"))
            continue
        if sha in by_sha or sha in seen:
            action = HELD
        elif failed.get(path) == sha:
            action = FAILED_BEFORE
        elif path in by_path:
            action = CHANGED
        else:
            action = NEW
        seen.add(sha)
        out.append(Planned(path, sha, action))
    return out


# ---------------------------------------------------------------------- workers

_worker_state: dict = {}


def init_worker(warm: bool = False) -> None:
    """Once per worker process: load the checklists and jieba's dictionary.

    `warm` also analyses the bundled sample once, so that regexes and lazily built
    tables are ready before forked workers inherit them.
    """
    if "checklist" in _worker_state:
        return
    import jieba

    from fzreview.core.checklist import load_checklist, load_structure

    jieba.setLogLevel(60)
    jieba.initialize()
    _worker_state["checklist"] = load_checklist()
    _worker_state["structure"] = load_structure()
    if warm:
        from fzreview.core.engine import analyse
        from fzreview.core.loaders import load_document
        from fzreview.core.resources import SAMPLE_REPORT

        try:
            analyse(load_document(SAMPLE_REPORT), _worker_state["checklist"], _worker_state["structure"])
        except Exception:  # only a warm-up: the real reports report their own errors
            pass


def analyse_file(path: str, sha256: str) -> tuple[str, str, object]:
    """In a worker: ("ok", path, core.batch.Prepared), ("error", path, message), or
    ("not_a_report", path, reason) for a file that is not an annual report (core/report_kind.py).

    The review is serialised here, in parallel, rather than in the process writing the batch.
    """
    from fzreview.core.batch import NOT_A_REPORT, not_a_report_reason, prepare
    from fzreview.core.document import DocumentError
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document
    from fzreview.core.review import Review

    if "checklist" not in _worker_state:
        init_worker()
    try:
        doc = load_document(path)
    except DocumentError as exc:
        return "error", path, str(exc)
    except MemoryError:
        return "error", path, "文件过大，内存不足，无法分析。"
    try:
        analysis = analyse(doc, _worker_state["checklist"], _worker_state["structure"])
        analysis.report.sha256 = sha256  # the file's bytes, as planned
        review = Review(analysis=analysis)
        reason = not_a_report_reason(review)
        if reason:  # scored against the 纲要 it would be nonsense: left out of the batch, like `check`
            return NOT_A_REPORT, path, reason
        return "ok", path, prepare(review)
    except Exception as exc:  # a bug must not stop the batch; the reviewer sees the file listed
        return "error", path, f"分析时发生意外错误（{type(exc).__name__}：{exc}）"


def _bootstrap_source() -> str:
    """Python run first in each spawned worker: make `fzreview` importable as in this process."""
    pkg = sys.modules.get("fzreview")
    paths = [str(p) for p in getattr(pkg, "__path__", [])]
    return (
        "import sys, types\n"
        f"paths = {paths!r}\n"
        "if paths and 'fzreview' not in sys.modules:\n"
        "    try:\n"
        "        import fzreview.core.batch_run\n"
        "    except ImportError:\n"
        "        sys.modules.pop('fzreview', None)\n"
        "        pkg = types.ModuleType('fzreview'); pkg.__path__ = paths; pkg.__file__ = None\n"
        "        sys.modules['fzreview'] = pkg\n"
        "from fzreview.core.batch_run import init_worker\n"
        "init_worker()\n"
    )


def _can_fork() -> bool:
    """fork is safe only without other threads (never in the GUI) and where it exists."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------- the run

Progress = Callable[[int, int, str, str], None]  # (done, total, path, outcome)


def run(folder: str | Path, batch: Batch, *, jobs: int | None = None, progress: Progress | None = None,
        cancel: threading.Event | None = None, files: list[Path] | None = None) -> RunResult:
    """Analyse the folder's new and changed reports into `batch`.

    `progress(done, total, path, outcome)` is called after each file, outcome being
    "added", "changed", "failed", "not_a_report" or "held". `cancel` stops the run between reports
    (what is finished stays stored). `jobs=1` runs in this process.
    """
    folder = Path(folder)
    if not batch.folder:
        batch.set_meta("folder", str(folder.resolve()))
    planned = plan(report_files(folder) if files is None else files, batch)
    result = RunResult()
    todo: list[Planned] = []
    for p in planned:
        if p.action == HELD:
            result.skipped.append(p.path)
        elif p.action == FAILED_BEFORE:
            before = next((f for f in batch.failures() if f.path == p.path), None)
            if before is not None and before.kind == NOT_A_REPORT:
                result.not_reports.append((p.path, before.message))
            else:
                result.failed.append((p.path, before.message if before else ""))
        elif p.action.startswith("error:"):
            message = f"无法读取文件：{p.action[6:]}"
            batch.add_failure(p.path, "", message)
            result.failed.append((p.path, message))
        else:
            todo.append(p)
    total = len(planned)
    done = total - len(todo)
    if progress:
        progress(done, total, "", "held")
    action_of = {p.path: p for p in todo}

    def store(outcome: tuple[str, str, object]) -> None:
        nonlocal done
        kind, path, payload = outcome
        p = action_of[path]
        if kind == "ok":
            batch.add(path, p.sha256, payload)
            (result.changed if p.action == CHANGED else result.added).append(path)
            label = "changed" if p.action == CHANGED else "added"
        elif kind == NOT_A_REPORT:
            batch.add_failure(path, p.sha256, str(payload), NOT_A_REPORT)
            result.not_reports.append((path, str(payload)))
            label = "not_a_report"
        else:
            batch.add_failure(path, p.sha256, str(payload), UNREADABLE)
            result.failed.append((path, str(payload)))
            label = "failed"
        done += 1
        if progress:
            progress(done, total, path, label)

    jobs = max(1, jobs or default_jobs())
    jobs = min(jobs, max(1, len(todo)))
    if not todo:
        return result
    if jobs == 1:
        for p in todo:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            store(analyse_file(p.path, p.sha256))
        return result

    if _can_fork():
        # One process, no other threads (the command line): load jieba and warm up here once;
        # forked workers inherit it all instead of loading it each.
        init_worker(warm=len(todo) > 2 * jobs)
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=exec, initargs=(_bootstrap_source(),))
    try:
        pending: set[Future] = {executor.submit(analyse_file, p.path, p.sha256) for p in todo}
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                if fut.cancelled():
                    continue
                try:
                    store(fut.result())
                except Exception as exc:  # a worker died (BrokenProcessPool) or a result could not be stored
                    raise RuntimeError(f"分析进程异常退出（{type(exc).__name__}：{exc}）。已完成的报告已保存，"
                                       "重新运行即可继续。") from exc
            if cancel is not None and cancel.is_set():
                for fut in pending:
                    fut.cancel()
                result.cancelled = True
                break
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return result
