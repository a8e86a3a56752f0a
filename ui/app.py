"""Start-up of the desktop app: `run_gui(argv)` (called by main.py).

Importing this module is cheap: Qt and the app's widgets are imported inside
the functions.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import cast

log = logging.getLogger(__name__)

APP_NAME = "法治报告审查台"
# FZREVIEW_SMOKE=1: quit right after the first paint, printing one line about the window
# (used by the install test and the bundle smoke test: proves the GUI really starts).
SMOKE_ENV = "FZREVIEW_SMOKE"


def _install_translations(app) -> None:
    """Chinese texts for Qt's own dialogs (file, print, message box buttons)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        app._fzreview_translator = translator  # keep it alive


def _install_excepthook(window_getter) -> None:
    """An unexpected error in the UI becomes a message box, not a silent traceback or a crash."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        previous(exc_type, exc, tb)
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            return
        try:
            from fzreview.ui import dialogs

            dialogs.error(window_getter(), "发生了意外错误",
                          f"{exc_type.__name__}：{exc}\n\n当前的审查已自动保存到恢复文件，可以继续工作；"
                          "如问题重复出现，请保存审查后重新启动。")
        except Exception:
            pass

    sys.excepthook = hook


def create_app(argv: list[str]):
    """The QApplication, with the bundled font and Chinese Qt translations."""
    from PySide6.QtWidgets import QApplication

    from fzreview.ui.fonts import install_app_font

    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "fzreview", *argv]))
    app.setApplicationName("fzreview")
    app.setOrganizationName("fzreview")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("fzreview")  # Wayland/X11: match the installed fzreview.desktop
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    install_app_font(app)
    _install_translations(app)
    return app


def app_icon():
    """The app's icon (assets/icons/fzreview.svg plus PNG sizes), or None if the files are missing."""
    from PySide6.QtGui import QIcon

    from fzreview.core.resources import ICON_DIR

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = ICON_DIR / f"fzreview-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return None if icon.isNull() else icon


def build(argv: list[str]):
    """(app, window) shown on screen, with the start-up work queued: crash recovery,
    then the file named on the command line. Used by run_gui and the start-up benchmark."""
    from fzreview.ui.main_window import MainWindow

    app = create_app(argv)
    window = MainWindow(recovery_dir=os.environ.get("FZREVIEW_RECOVERY_DIR") or None)
    if window.start_maximized:
        window.showMaximized()
    else:
        window.show()
    paths = [a for a in argv if not a.startswith("-")]

    def startup():
        if os.environ.get(SMOKE_ENV):
            _smoke_quit(app, window)
            return
        window.prewarm()
        window.offer_recovery()
        if paths:
            window.open_path(os.path.abspath(paths[0]))

    _after_first_paint(window, startup)
    return app, window


def _smoke_quit(app, window) -> None:
    icon = "icon" if not app.windowIcon().isNull() else "no-icon"
    print(f"fzreview smoke: painted {window.width()}x{window.height()} {icon} {window.windowTitle()}", flush=True)
    app.quit()


def _after_first_paint(window, callback, fallback_ms: int = 1000) -> None:
    """Run `callback` once the window has been painted (so start-up work never delays it)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done: list[bool] = []

    def fire():
        if not done:
            done.append(True)
            window.removeEventFilter(watcher)
            callback()

    class Watcher(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not done:
                QTimer.singleShot(0, fire)
            return False

    watcher = Watcher(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, fire)  # e.g. a window that is never painted


def no_display_message() -> str | None:
    """On Linux without a display Qt aborts the process; say what to do instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("没有可用的图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口。\n"
            "在没有桌面的机器上请使用命令行，例如：python main.py check 报告.docx --pdf 审查意见.pdf")


def run_gui(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    message = no_display_message()
    if message:
        print(message, file=sys.stderr)
        return 1
    app, window = build(argv)
    _install_excepthook(lambda: window)
    return app.exec()
