"""Undo and redo of the reviewer's verdicts and notes (a QUndoStack of review edits).

Every verdict or note change made through `ReviewEdits` becomes one command on the
stack: undo puts back the verdicts exactly as they were (verdict, note, time, the
fingerprint and status they were given against), redo puts back the edit. An edit
that changes nothing pushes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoCommand, QUndoStack

from fzreview.core.review import VERDICT_NAMES


class ReviewEditCommand(QUndoCommand):
    def __init__(self, session, text: str, before: dict, after: dict):
        super().__init__(text)
        self.session = session
        self.before = before  # item id → Verdict (copies)
        self.after = after
        self._applied = True  # pushed after the edit was made: the first redo() has nothing to do

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.restore(self.after)

    def undo(self) -> None:
        self.session.restore(self.before)


class ReviewEdits:
    """Edits of the current session that can be undone."""

    def __init__(self, stack: QUndoStack):
        self.stack = stack

    def _edit(self, session, ids: list[str], text: str, apply) -> list[str]:
        before = {i: replace(v) for i in ids if (v := session.verdict(i)) is not None}
        changed = apply()
        if changed:
            after = {i: replace(session.verdict(i)) for i in changed}
            self.stack.push(ReviewEditCommand(session, text, {i: before[i] for i in changed}, after))
        return changed

    def set_verdict(self, session, ids: list[str], verdict: str | None) -> list[str]:
        name = VERDICT_NAMES.get(verdict, "") if verdict else "清除结论"
        what = f"{_count(ids)}{name}"
        return self._edit(session, ids, what, lambda: session.set_verdict(ids, verdict))

    def set_note(self, session, ids: list[str], note: str) -> list[str]:
        what = f"{_count(ids)}{'备注' if note.strip() else '清除备注'}"
        return self._edit(session, ids, what, lambda: session.set_note(ids, note))


def _count(ids: list[str]) -> str:
    return f"{ids[0]} " if len(ids) == 1 else f"{len(ids)} 项 "


def make_stack(parent) -> QUndoStack:
    stack = QUndoStack(parent)
    stack.setUndoLimit(1000)
    return stack


def undo_actions(parent, stack: QUndoStack, *, before=None):
    """撤销 (Ctrl+Z) and 重做 (Ctrl+Y, Ctrl+Shift+Z) for `stack`, naming the step they undo or redo.

    `before()` runs first (the item panel sends the note being typed, so it becomes a
    step of its own before anything is undone).
    """
    from PySide6.QtGui import QAction, QKeySequence

    undo = QAction("撤销", parent)
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    redo = QAction("重做", parent)
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    redo.setShortcuts([*keys, *[QKeySequence(k) for k in ("Ctrl+Y", "Ctrl+Shift+Z") if QKeySequence(k) not in keys]])

    def run(step):
        if before is not None:
            before()
        step()

    undo.triggered.connect(lambda *_: run(stack.undo))
    redo.triggered.connect(lambda *_: run(stack.redo))

    # The stack's own signals carry the state (it emits them while being destroyed too,
    # when it can no longer be asked).
    def setter(action, method, fmt=None):
        def apply(value):
            try:
                getattr(action, method)(fmt(value) if fmt else value)
            except RuntimeError:  # the action went first at shutdown
                pass
        return apply

    stack.canUndoChanged.connect(setter(undo, "setEnabled"))
    stack.canRedoChanged.connect(setter(redo, "setEnabled"))
    stack.undoTextChanged.connect(setter(undo, "setText", lambda t: f"撤销 {t}" if t else "撤销"))
    stack.redoTextChanged.connect(setter(redo, "setText", lambda t: f"重做 {t}" if t else "重做"))
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    return undo, redo
