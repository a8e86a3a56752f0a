"""GUI fuzz: seeded random reviewer actions through the real widgets.

Each step is something a reviewer does — click a row (with Ctrl or Shift for
several), change the filter, type or clear a search, press 1–4/0, ↑/↓, F8, type a
note, undo, redo, toggle 显示不适用项 — sent as real mouse and key events where a
person would use them. Every few steps the window is checked against the review:
the counts in the filter box, the progress bar and the "显示 n / m" line match the
items, every shown row passes the filter, and the verdicts and notes equal those of
a model that replays the same actions by itself.

More steps or other seeds: FZREVIEW_FUZZ_STEPS=20000 FZREVIEW_FUZZ_SEEDS=1,2,3
pytest tests/ui/test_gui_fuzz.py
"""

from __future__ import annotations

import os
import random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from fzreview.ui.checklist_tree import COL_TITLE, FILTERS, ROLE_ID

STEPS = int(os.environ.get("FZREVIEW_FUZZ_STEPS", "1500"))
SEEDS = [int(s) for s in os.environ.get("FZREVIEW_FUZZ_SEEDS", "11,2026").split(",") if s.strip()]
CHECK_EVERY = 25
KEYS = {Qt.Key.Key_1: "covered", Qt.Key.Key_2: "partial", Qt.Key.Key_3: "missing",
        Qt.Key.Key_4: "not_applicable", Qt.Key.Key_0: None}
SEARCHES = ["", "", "", "a1", "b", "依法", "行政", "公开", "执法", "决策", "x", "监督 制度", "zzz没有"]
NOTES = ["", "待核实", "数据需核实", "补充材料", "见第二部分"]


class Model:
    """What the review should hold: the verdicts and notes, with undo/redo history."""

    def __init__(self, session):
        self.state = {i: (v.verdict, v.note) for i, v in session.review.verdicts.items()}
        self.undo: list[dict] = []
        self.redo: list[dict] = []

    def apply(self, ids, *, verdict=..., note=...):
        new = dict(self.state)
        for i in ids:
            old_v, old_n = new[i]
            new[i] = (old_v if verdict is ... else verdict, old_n if note is ... else note)
        if new != self.state:
            self.undo.append(self.state)
            self.redo.clear()
            self.state = new

    def do_undo(self):
        if self.undo:
            self.redo.append(self.state)
            self.state = self.undo.pop()

    def do_redo(self):
        if self.redo:
            self.undo.append(self.state)
            self.state = self.redo.pop()


class Fuzzer:
    def __init__(self, window, qtbot, seed: int):
        self.w, self.qtbot = window, qtbot
        self.rng = random.Random(seed)
        self.model = Model(window.session)
        self.has_undo = hasattr(window, "undo_stack")
        self.log: list[str] = []
        self.actions = [
            (12, self.click_row), (3, self.ctrl_click_row), (2, self.shift_click_row),
            (5, self.change_filter), (3, self.type_search), (14, self.verdict_key),
            (10, self.arrow), (2, self.next_unreviewed), (3, self.type_note),
            (3 if self.has_undo else 0, self.undo), (2 if self.has_undo else 0, self.redo),
            (1 if hasattr(window.tree, "show_all_box") else 0, self.toggle_all),
            (6, self.idle),
        ]
        self.weights = [w for w, _ in self.actions]

    # ------------------------------------------------------------------ actions

    def _visible_rows(self):
        tree = self.w.tree.tree
        out = []
        index = tree.indexAt(QPoint(4, 4))
        while index.isValid() and len(out) < 200:
            rect = tree.visualRect(index)
            if rect.top() > tree.viewport().height():
                break
            out.append(index)
            index = tree.indexBelow(index)
        return out

    def _click(self, modifier=Qt.KeyboardModifier.NoModifier):
        rows = self._visible_rows()
        if not rows:
            return
        index = self.rng.choice(rows)
        tree = self.w.tree.tree
        rect = tree.visualRect(index.siblingAtColumn(COL_TITLE))
        self.log.append(f"click {index.data(ROLE_ID) or index.data()} {modifier}")
        self.w.item_panel.flush_note()
        self.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    def click_row(self):
        self._click()

    def ctrl_click_row(self):
        self._click(Qt.KeyboardModifier.ControlModifier)

    def shift_click_row(self):
        self._click(Qt.KeyboardModifier.ShiftModifier)

    def change_filter(self):
        n = self.rng.randrange(len(FILTERS))
        self.log.append(f"filter {FILTERS[n][0]}")
        self.w.tree.filter_box.setCurrentIndex(n)

    def type_search(self):
        text = self.rng.choice(SEARCHES)
        self.log.append(f"search {text!r}")
        box = self.w.tree.search
        box.setFocus()
        box.clear()
        if text.isascii():
            self.qtbot.keyClicks(box, text)
        else:
            box.insert(text)  # as an input method would
        if self.rng.random() < 0.3:
            self.qtbot.keyClick(box, Qt.Key.Key_Return)

    def verdict_key(self):
        key = self.rng.choice(list(KEYS))
        tree = self.w.tree.tree
        tree.setFocus()
        self.w.item_panel.flush_note()
        ids = self.w.tree.selected_ids()
        self.log.append(f"key {KEYS[key]} on {ids[:3]}{'…' if len(ids) > 3 else ''}")
        self.qtbot.keyClick(tree, key)
        if ids:
            self.model.apply(ids, verdict=KEYS[key])

    def arrow(self):
        key = self.rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up])
        self.log.append(f"arrow {key}")
        self.w.tree.tree.setFocus()
        self.w.item_panel.flush_note()
        self.qtbot.keyClick(self.w.tree.tree, key)

    def next_unreviewed(self):
        self.log.append("F8")
        self.w.item_panel.flush_note()
        self.w.act_next.trigger()

    def type_note(self):
        ids = self.w.tree.selected_ids()
        if not ids:
            return
        text = self.rng.choice(NOTES)
        self.log.append(f"note {text!r} on {ids[:3]}")
        note = self.w.item_panel.note
        unchanged = note.toPlainText() == text  # nothing typed: nothing to save
        note.setFocus()
        note.selectAll()
        if text:
            note.insertPlainText(text)
        else:
            self.qtbot.keyClick(note, Qt.Key.Key_Delete)
        self.w.item_panel.flush_note()
        if not unchanged:
            self.model.apply(ids, note=text)

    def undo(self):
        self.log.append("undo")
        self.w.item_panel.flush_note()
        self.w.act_undo.trigger()
        self.model.do_undo()

    def redo(self):
        self.log.append("redo")
        self.w.item_panel.flush_note()
        self.w.act_redo.trigger()
        self.model.do_redo()

    def idle(self):
        """The reviewer pauses: queued work and timers run (between other steps they may not)."""
        ms = self.rng.choice([0, 0, 0, 5, 20])
        self.log.append(f"idle {ms} ms")
        if ms:
            self.qtbot.wait(ms)
        else:
            QApplication.processEvents()

    def toggle_all(self):
        box = self.w.tree.show_all_box
        self.log.append(f"show all {not box.isChecked()}")
        box.click()

    # ------------------------------------------------------------------ checks

    def trail(self) -> str:
        p = self.w.tree.proxy
        return (f"\nproxy: mode={p.mode} text={p.text!r} pinned={sorted(p.pinned)} pending={p.pending()}"
                "\nlast actions:\n" + "\n".join(self.log[-30:]))

    def check(self):
        w = self.w
        QApplication.processEvents()
        s = w.session
        actual = {i: (v.verdict, v.note) for i, v in s.review.verdicts.items()}
        diff = {i: (actual[i], self.model.state[i]) for i in actual if actual[i] != self.model.state[i]}
        assert not diff, f"review differs from the actions (actual, expected): {diff}" + self.trail()
        panel = w.tree
        scope = [i for i in s.analysis.items if panel.in_scope(i)] if hasattr(panel, "in_scope") \
            else list(s.analysis.items)
        counts = {"all": len(scope), "missing": 0, "partial": 0, "covered": 0, "unreviewed": 0,
                  "noted": 0, "changed": 0}
        for i in scope:
            v = s.review.verdicts[i.id]
            counts[i.status] += 1
            counts["unreviewed"] += not v.verdict
            counts["noted"] += bool(v.note.strip())
            counts["changed"] += s.changed_since_review(i.id)
        for n, (key, label) in enumerate(FILTERS):
            assert panel.filter_box.itemText(n) == f"{label}（{counts[key]}）", (key, counts)
        reviewed = sum(1 for i in scope if s.review.verdicts[i.id].verdict)
        assert panel.progress.value() == reviewed and panel.progress.maximum() == max(len(scope), 1)
        visible = panel.visible_ids()
        accepted = [i.id for i in scope if panel.proxy.accepts(i.id, panel._haystack(i.id))]
        assert set(accepted) <= set(visible), "an item that passes the filter is hidden"
        extra = set(visible) - set(accepted)
        assert extra <= set(panel.proxy.pinned), f"shown but neither matching nor selected: {extra}" + self.trail()
        assert panel.shown.text() == f"显示 {len(accepted)} / {len(scope)} 项"
        for ref in {i.part_ref for i in s.analysis.items}:
            part = [i for i in scope if i.part_ref == ref]
            done = sum(1 for i in part if s.review.verdicts[i.id].verdict)
            assert panel.model.part_index(ref).siblingAtColumn(2).data() == f"{done}/{len(part)}", ref
        # The tree's rows are the model's rows: every visible item row names a real obligation.
        assert all(s.analysis.item(i) is not None for i in visible)
        assert set(panel.selected_ids()) <= set(visible)

    def run(self, steps: int):
        for step in range(steps):
            action = self.rng.choices([a for _, a in self.actions], weights=self.weights)[0]
            action()
            if step % CHECK_EVERY == CHECK_EVERY - 1:
                self.check()
        self.check()
        return steps


@pytest.mark.parametrize("seed", SEEDS)
def test_random_reviewer_actions_never_crash_and_keep_state_consistent(window, qtbot, seed):
    w = window
    w.activateWindow()
    assert Fuzzer(w, qtbot, seed).run(STEPS) == STEPS
