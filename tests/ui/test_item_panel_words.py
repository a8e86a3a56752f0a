"""The item panel speaks a reviewer's words (no 得分/命中用语/模型), and the note box names its item."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

JARGON = ("得分", "命中", "模型", "相似度", "相关度", "弱化语境", "宽泛用语", "score")


def _panel_text(w) -> str:
    rows = [w.item_panel.evidence.item(n) for n in range(w.item_panel.evidence.count())]
    return "\n".join([w.item_panel.info.toPlainText(), *(r.text() + r.toolTip() for r in rows)])


def test_no_internals_in_the_item_panel(window):
    w = window
    seen = {}
    for item in w.session.analysis.items:
        w.tree.select_ids([item.id])
        text = _panel_text(w)
        for word in JARGON:
            assert word not in text, (item.id, word, text)
        assert not re.search(r"(?<![\d.])[01]\.\d\d(?![\d%％])", text.split("依据")[0]), text  # no raw scores
        seen[item.status] = text
    for status, text in seen.items():
        assert "自动判断把握：" in text and "估计" in text, (status, text)
        assert re.search(r"自动判断把握：(较高|中等|较低)（估计 \d+%）", text)


def test_note_label_names_the_item_after_auto_advance(window, qtbot):
    w = window
    w.act_advance.setChecked(True)
    items = [i for i in w.session.analysis.items if i.applicable]
    w.tree.select_ids([items[0].id])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)
    following = w.tree.selected_ids()[0]
    assert following != items[0].id
    assert following in w.item_panel.note_label.text()
    w.item_panel.note.setFocus()
    w.item_panel.note.insertPlainText("给下一项的备注")
    w.item_panel.flush_note()
    assert w.session.review.verdicts[following].note == "给下一项的备注"
    assert w.session.review.verdicts.get(items[0].id).note == ""


def test_verdict_key_on_a_group_row_says_choose_an_item(window, qtbot):
    w = window
    tree = w.tree.tree
    group = tree.model().index(0, 0)
    assert group.isValid() and tree.model().rowCount(group) > 0  # a part row with children
    tree.setCurrentIndex(group)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_1)
    assert "请选择具体义务项" in w.statusBar().currentMessage()
