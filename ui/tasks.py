"""Bodies of the background tasks (plain Python, no Qt): open, re-analyse, export.

They run on a worker thread (see ui/workers.py) and raise DocumentError,
ChecklistError, ReviewFileError, TaskError or OSError with a message for the reviewer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".ofd", ".doc", ".wps")
REVIEW_SUFFIXES = (".json",)


def preload(*modules: str) -> None:
    """Import modules on the calling (UI) thread before a task needs them.

    PySide6 hooks every import and inspects the new module's source; doing that on
    a worker thread while the UI thread runs Qt is a known source of crashes, so
    the task bodies' imports are done here first. A module that cannot be imported
    is left for the task to report.
    """
    import importlib

    from fzreview.ui import import_hook

    if import_hook.safe():
        return  # the task imports them on its own thread (see ui/import_hook.py)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass


ANALYSIS_MODULES = ("fzreview.core.checklist", "fzreview.core.document", "fzreview.core.loaders", "fzreview.core.engine", "fzreview.core.review", "jieba")
PDF_MODULES = ("fzreview.core.render_pdf", "reportlab.graphics.renderPDF")
DOCX_MODULES = ("fzreview.core.render_docx",)


_prewarm_started = threading.Event()
_prewarm_done = threading.Event()


def prewarm() -> None:
    """Load what the first analysis needs ahead of time, on a worker thread after start-up:
    the analysis modules, jieba's dictionary and the checklist. Opening a report then
    costs only the analysis, and nothing of it runs on the UI thread."""
    import importlib

    _prewarm_started.set()
    try:
        for name in ANALYSIS_MODULES:
            importlib.import_module(name)
        _load_jieba_gently()
        from fzreview.core.checklist import load_checklist, load_structure
        from fzreview.core.segment import tokenizer

        tokenizer()  # jieba is ready: this only sets its log level
        load_checklist()
        load_structure()
    finally:
        _prewarm_done.set()


def _load_jieba_gently() -> None:
    """Build jieba's prefix dictionary in Python instead of reading its cache.

    jieba reads its cache with one marshal.load, a single C call that holds the GIL
    for about half a second: the window froze that long. Built line by line in
    Python (jieba's own gen_pfdict), the GIL passes to the UI thread every few
    milliseconds; it takes longer, but on a worker nobody waits for.
    """
    import jieba

    dt = jieba.dt
    with dt.lock:
        if dt.initialized:
            return
        dt.FREQ, dt.total = dt.gen_pfdict(dt.get_dict_file())
        dt.initialized = True


def _after_prewarm(timeout: float = 120.0) -> None:
    """A task that analyses waits for a running prewarm (instead of loading jieba the
    quick way that freezes the window)."""
    if _prewarm_started.is_set():
        _prewarm_done.wait(timeout)


@dataclass
class Opened:
    review: object  # core.review.Review
    checklist: object | None  # core.checklist.Checklist, None if it cannot be loaded
    review_path: str | None  # set when a saved review file was opened
    source_path: str  # the file the reviewer opened
    stamp: object = None  # core.disk_stamp.DiskStamp of the review file as it was read


def is_review_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in REVIEW_SUFFIXES


def open_file(path: str, reviewer: str = "", progress=None) -> Opened:
    """A report (analysed now) or a saved review file → a Review ready to show."""
    _after_prewarm()
    from fzreview.core.review import Review, load_review

    if is_review_file(path):
        from fzreview.core.disk_stamp import DiskStamp

        stamp = DiskStamp.of(path)  # before reading: a change meanwhile is noticed at save
        review = load_review(path)
        return Opened(review, review.checklist(), str(path), str(path), stamp)
    from fzreview.core.checklist import load_checklist, load_structure
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document

    doc = load_document(path, progress=ocr_progress(progress))
    checklist = load_checklist()
    analysis = analyse(doc, checklist, load_structure(), progress=progress)
    return Opened(Review(analysis=analysis, reviewer=reviewer), checklist, None, str(path))


def ocr_progress(progress):
    """Page progress of a scanned PDF being read by OCR, with a status line for the reviewer."""
    if progress is None:
        return None
    return lambda done, total: progress(done, total, f"正在识别扫描件（OCR）：第 {min(done + 1, total)}/{total} 页……")


@dataclass
class Reanalysed:
    analysis: object  # core.analysis.Analysis
    checklist: object
    from_embedded_text: bool  # the report file was not found: its saved text was analysed
    report_changed: bool  # the report file differs from the one first analysed


def reanalyse(report_path: str, report_sha: str, embedded_text: str, checklist_id: str,
              corrections: dict | None, checklist_yaml: str = "", progress=None) -> Reanalysed:
    """Analyse the report again with the current engine, the review's checklist and the
    reviewer's corrections of the report's facts (core.facts).

    `checklist_yaml` is the copy a review carries of a checklist that is not built
    in; it is used instead of looking the checklist up by id.
    """
    _after_prewarm()
    from fzreview.core.checklist import load_checklist, load_checklist_text, load_structure
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document

    checklist = load_checklist_text(checklist_yaml) if checklist_yaml else load_checklist(checklist_id)
    from_text = not (report_path and Path(report_path).is_file())
    if from_text:
        doc = Document.from_text(embedded_text, source_path=report_path, sha256=report_sha)
    else:
        doc = load_document(report_path, progress=ocr_progress(progress))
    analysis = analyse(doc, checklist, load_structure(), progress=progress, corrections=corrections)
    changed = bool(report_sha) and not from_text and doc.sha256 != report_sha
    return Reanalysed(analysis, checklist, from_text, changed)


def with_previous_year(review, previous):
    """The review, or its assessment with the year-over-year section when `previous` is
    (batch file, id of the same unit's report of the year before) — see ui/batch_view.py."""
    if not previous:
        return review
    from fzreview.core.batch import Batch
    from fzreview.core.compare_section import assessment_with_last

    batch_path, last_id = previous
    with Batch(batch_path, create=False) as b:
        last = b.review(last_id)
    return assessment_with_last(review, last)


def export_pdf(review, out_path: str, previous=None) -> int:
    """Write the assessment PDF; returns the number of pages."""
    try:
        from fzreview.core.render_pdf import export_pdf as _export
    except Exception as exc:
        from fzreview.ui.workers import TaskError

        raise TaskError(f"PDF 导出功能暂不可用（{type(exc).__name__}：{exc}）。") from None
    return _export(with_previous_year(review, previous), out_path, reviewer=review.reviewer)


def export_docx(review, out_path: str, previous=None) -> None:
    """Write the assessment as a Word file."""
    try:
        from fzreview.core.render_docx import export_docx as _export
    except Exception as exc:
        from fzreview.ui.workers import TaskError

        raise TaskError(f"Word 导出功能暂不可用（{type(exc).__name__}：{exc}）。") from None
    _export(with_previous_year(review, previous), out_path, reviewer=review.reviewer)


def export_table(review, out_path: str) -> int:
    from fzreview.core.table_export import write_table

    return write_table(review, out_path)
