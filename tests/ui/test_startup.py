"""Start-up: the bundled font, and run_gui's composition (recovery offer, then the file argument)."""

from __future__ import annotations

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"


def test_bundled_font_becomes_the_application_font(qapp):
    from fzreview.ui.fonts import font_file, install_app_font

    if font_file() is None:
        assert install_app_font(qapp) is None  # graceful fallback
        return
    family = install_app_font(qapp)
    assert family and "WenQuanYi" in family
    assert qapp.font().families()[0] == family


def test_missing_font_falls_back_gracefully(qapp, monkeypatch, tmp_path):
    import fzreview.ui.fonts as fonts

    monkeypatch.setattr(fonts, "FONT_FILE", tmp_path / "none.ttc")
    monkeypatch.setattr(fonts, "SYSTEM_FONT_FILES", ())
    before = qapp.font()
    assert fonts.install_app_font(qapp) is None
    assert qapp.font().family() == before.family()


def test_build_offers_recovery_then_opens_the_argument(qtbot, dialogs, tmp_path, monkeypatch, fresh_review,
                                                       wait_idle):
    import fzreview.ui.app
    from fzreview.ui.autosave import RecoveryStore

    recovery = tmp_path / "env-recovery"  # FZREVIEW_RECOVERY_DIR (see conftest)
    review = fresh_review()
    review.set_verdict("G01-01", "covered")
    RecoveryStore(recovery).write("left-behind", review, None)
    dialogs.answers += ["later"]  # keep the recovery file for another time
    app, window = fzreview.ui.app.build([str(REPORT)])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session is not None, timeout=60000)
    wait_idle(window)
    assert dialogs.questions[0][0] == "恢复未保存的审查"
    assert window.session.analysis.report.path == str(REPORT)
    assert (recovery / "left-behind.fzreview.json").is_file()
    assert window.settings.fileName() == str(tmp_path / "env-settings.ini")


def test_import_ui_app_is_cheap():
    import subprocess
    import sys

    code = "import main; main.use_checkout(); import sys, fzreview.ui.app; print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'fzreview.core', 'jieba'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(REPORT.parent.parent.parent)).stdout
    assert out.strip() == "[]"


def test_no_display_gives_a_message_not_an_abort(monkeypatch):
    from fzreview.ui.app import no_display_message

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert "python main.py check" in no_display_message()
    monkeypatch.setenv("DISPLAY", ":0")
    assert no_display_message() is None
