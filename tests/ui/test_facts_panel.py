"""报告信息 panel: the facts with their sources, corrections that re-analyse and survive save/reopen."""

from __future__ import annotations

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"


def test_facts_panel_corrects_and_reanalyses(make_window, open_and_wait, wait_idle, dialogs, tmp_path):
    w = make_window()
    open_and_wait(w, REPORT)
    panel = w.facts_panel
    w.tabs.setCurrentWidget(panel)
    assert panel.editors["unit"].text() == "洪梅镇"
    assert panel.editors["level"].currentData() == "township"
    assert "来源" in panel.sources["unit"].text()
    applicable_before = sum(i.applicable for i in w.session.analysis.items)

    panel.editors["level"].setCurrentIndex(panel.editors["level"].findData("county"))
    panel.editors["unit"].setText("东莞市洪梅镇")
    assert panel.apply_button.isEnabled()
    panel.apply_button.click()
    wait_idle(w)
    assert w.session.review.corrections == {"level": "county", "unit": "东莞市洪梅镇"}
    assert sum(i.applicable for i in w.session.analysis.items) > applicable_before
    assert not dialogs.infos  # a correction re-analyses without a dialog
    assert w.tabs.currentWidget() is panel  # 应用更正 keeps the reviewer on 报告信息
    assert "审查人已更正" in panel.sources["unit"].text() and "洪梅镇" in panel.sources["unit"].text()
    assert panel.reset_buttons["unit"].isEnabled() and w.session.dirty

    # a value that cannot be used is refused with a message, nothing changes
    panel.editors["date"].setText("2025-02-30")
    panel.apply()
    assert dialogs.errors and "落款日期" in dialogs.errors[-1][1]
    assert "date" not in w.session.review.corrections

    target = tmp_path / "r.fzreview.json"
    dialogs.save_paths.append(str(target))
    assert w.save()
    w.close()  # lets go of the review file (a second window would get it read-only)
    w2 = make_window()
    open_and_wait(w2, target)
    assert w2.facts_panel.editors["unit"].text() == "东莞市洪梅镇"
    assert w2.facts_panel.editors["level"].currentData() == "county"
    # re-analysis keeps the corrections
    assert w2.reanalyse()
    wait_idle(w2)
    assert w2.session.review.corrections["unit"] == "东莞市洪梅镇"
    assert w2.session.analysis.report.level == "county"
    # 恢复 gives the detected fact back
    w2.facts_panel.reset_buttons["unit"].click()
    wait_idle(w2)
    assert w2.facts_panel.editors["unit"].text() == "洪梅镇"


def test_a_notice_opens_on_the_facts_tab_with_a_warning(make_window, open_and_wait, tmp_path):
    notice = tmp_path / "通知.txt"
    notice.write_text("关于报送2024年度法治政府建设情况报告的通知\n各镇人民政府、县直各单位：\n"
                      "为做好法治政府建设年度报告工作，请各单位于2025年2月15日前报送依法行政情况。\n特此通知。\n"
                      "县司法局\n2025年1月6日", encoding="utf-8")
    w = make_window()
    open_and_wait(w, notice)
    assert w.tabs.currentWidget() is w.facts_panel
    assert w.facts_panel.kind_label.isVisible() and "通知" in w.facts_panel.kind_label.text()
