"""The review being worked on: the core Review plus where it is saved and whether it changed.

All edits from the UI go through `ReviewSession`, which updates the core Review
and announces what changed, so the tree, the panels and the autosaver stay in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from fzreview.core.analysis import Analysis


class ReviewSession(QObject):
    itemsChanged = Signal(list)  # ids whose verdict or note changed
    dirtyChanged = Signal(bool)
    reviewerChanged = Signal(str)

    def __init__(self, review, *, path: str | None = None, checklist=None,
                 recovery_token: str | None = None, dirty: bool = False, parent=None):
        super().__init__(parent)
        self.review = review
        self.path = path  # the review file, None until saved
        self.checklist = checklist
        self.recovery_token = recovery_token
        self.revision = 0  # bumps on every change
        self.lock = None  # ui.review_lock.ReviewLock held on `path` while it is shown
        self.read_only = False  # another window has the file: view, or save under another name
        self.disk_stamp = None  # core.disk_stamp.DiskStamp of `path` when loaded or last saved
        self._dirty = dirty
        self._requirements: dict[str, str] = {}
        self._items: dict = {}
        self._items_for: Analysis | None = None

    # ---------------------------------------------------------- state

    @property
    def analysis(self):
        return self.review.analysis

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _touch(self) -> None:
        self.revision += 1
        if not self._dirty:
            self._dirty = True
            self.dirtyChanged.emit(True)

    def mark_saved(self, path: str) -> None:
        self.path = path
        if self._dirty:
            self._dirty = False
            self.dirtyChanged.emit(False)

    # ---------------------------------------------------------- edits

    def set_verdict(self, ids: list[str], verdict: str | None) -> list[str]:
        changed = []
        for item_id in ids:
            v = self.review.verdicts.get(item_id)
            if v is None:
                continue
            # Giving the same verdict again confirms it after a change (clears the marker).
            if v.verdict == verdict and not self.review.changed_since_review(item_id):
                continue
            self.review.set_verdict(item_id, verdict)
            changed.append(item_id)
        if changed:
            self._touch()
            self.itemsChanged.emit(changed)
        return changed

    def set_note(self, ids: list[str], note: str) -> list[str]:
        changed = []
        for item_id in ids:
            v = self.review.verdicts.get(item_id)
            if v is None or v.note == note:
                continue
            self.review.set_note(item_id, note)
            changed.append(item_id)
        if changed:
            self._touch()
            self.itemsChanged.emit(changed)
        return changed

    def restore(self, states: dict) -> list[str]:
        """Put back verdicts as they were (undo/redo): item id → Verdict."""
        from dataclasses import replace

        ids = [i for i in states if i in self.review.verdicts]
        for item_id in ids:
            self.review.verdicts[item_id] = replace(states[item_id])
        if ids:
            self._touch()
            self.itemsChanged.emit(ids)
        return ids

    def set_reviewer(self, name: str) -> None:
        name = name.strip()
        if name != self.review.reviewer:
            self.review.reviewer = name
            self._touch()
            self.reviewerChanged.emit(name)

    def set_corrections(self, changes: dict) -> list[str]:
        """Correct the report's facts ({name: value or None}); returns the names that changed.

        Raises core.facts.CorrectionError (a Chinese message) before changing anything when a
        value cannot be used. The caller re-analyses so applicability and timeliness follow.
        """
        from fzreview.core.facts import clean_correction

        for name, value in changes.items():
            clean_correction(name, value)
        changed = [name for name, value in changes.items() if self.review.set_correction(name, value)]
        if changed:
            self._touch()
        return changed

    def reanalysed(self, analysis, checklist=None) -> list[str]:
        """Take a new automatic analysis; verdicts and notes are kept (Review.reanalyse)."""
        flagged = self.review.reanalyse(analysis)
        if checklist is not None:
            self.checklist = checklist
            self._requirements.clear()
        self._touch()
        return flagged

    # ---------------------------------------------------------- derived

    def items_by_id(self) -> dict:
        """id → ItemResult of the current analysis (Analysis.item() searches the list)."""
        analysis: Analysis = self.review.analysis
        stale = self._items_for is not analysis
        if stale or len(self._items) != len(analysis.items):
            self._items = {i.id: i for i in analysis.items}
            self._items_for = analysis
        return self._items

    def verdict(self, item_id: str):
        return self.review.verdicts.get(item_id)

    def requirement(self, item_id: str) -> str:
        if item_id not in self._requirements:
            ob = self.checklist.get(item_id) if self.checklist is not None else None
            self._requirements[item_id] = ob.requirement if ob is not None else ""
        return self._requirements[item_id]

    def changed_since_review(self, item_id: str) -> bool:
        return self.review.changed_since_review(item_id)

    def display_name(self) -> str:
        from pathlib import Path

        r = self.analysis.report
        return r.title or (Path(r.path).name if r.path else "") or "未命名报告"
