"""Start-up time of the desktop app: process start → first paint of the main window.

Each measurement is a fresh Python process (QT_QPA_PLATFORM=offscreen unless a
display is forced with --platform) started by this script; the child reports how
long after its spawn its window received the first paint event. Figures, side by
side, median of --runs runs:

- bare QMainWindow: `python -c` that shows an empty QMainWindow (the floor: the
  interpreter, PySide6 and a window);
- app, empty: `ui.app.build([])`, the start-up run_gui does (bundled font,
  translations, the main window, the recovery check);
- app + report: the same with the fixture report on the command line, plus the
  time until the analysed report is on screen (loading and analysis run in a
  worker, so the first paint does not wait for them).

Settings and recovery files go to a temporary folder. Prints figures; asserts nothing.

    python bench/bench_gui_startup.py [--runs 5] [--report tests/fixtures/hongmei-town-2024.txt]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPORT = ROOT / "tests" / "fixtures" / "hongmei-town-2024.txt"

# Shared by both children: report the first paint of `window`, then optionally wait
# for `ready()` and the paint after it. Times are seconds since the parent spawned us.
_FIRST_PAINT = r'''
import json, os, time
from PySide6.QtCore import QEvent, QObject, QTimer

T0 = float(os.environ["FZ_BENCH_T0"])
result = {}

class FirstPaint(QObject):
    def __init__(self, window, ready):
        super().__init__()
        self.window, self.ready = window, ready

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and getattr(obj, "window", None) and obj.window() is self.window:
            now = time.time() - T0
            if "first_paint" not in result:
                result["first_paint"] = now
                if self.ready is None:
                    QTimer.singleShot(0, finish)
            elif self.ready is not None and "ready" not in result and self.ready():
                result["ready"] = now
                QTimer.singleShot(0, finish)
        return False

def finish():
    print("BENCH " + json.dumps(result), flush=True)
    os._exit(0)  # skip teardown: it is not part of start-up

def watch(app, window, ready=None):
    f = FirstPaint(window, ready)
    app.installEventFilter(f)
    if ready is not None:  # make sure a paint follows readiness
        t = QTimer(app, interval=10)
        t.timeout.connect(lambda: ready() and window.update())
        t.start()
    QTimer.singleShot(120000, finish)  # never hang the benchmark
    return f, (t if ready is not None else None)
'''

CHILD_BARE = _FIRST_PAINT + r'''
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1280, 760)
w.show()
keep = watch(app, w)
app.exec()
'''

CHILD_APP = _FIRST_PAINT + r'''
import sys
sys.path.insert(0, os.environ["FZ_BENCH_ROOT"])
import main
main.use_checkout()
import fzreview.ui.app
argv = json.loads(os.environ["FZ_BENCH_ARGV"])
app, window = fzreview.ui.app.build(argv)
ready = (lambda: window.session is not None and not window._loading) if argv else None
keep = watch(app, window, ready)
app.exec()
'''


def run_child(code: str, argv: list[str], platform: str, workdir: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "QT_QPA_PLATFORM": platform,
        "FZ_BENCH_ROOT": str(ROOT),
        "FZ_BENCH_ARGV": json.dumps(argv),
        "FZREVIEW_SETTINGS": str(workdir / "settings.ini"),
        "FZREVIEW_RECOVERY_DIR": str(workdir / "recovery"),
    })
    env["FZ_BENCH_T0"] = repr(time.time())
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=180, cwd=str(ROOT))
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise RuntimeError(f"child produced no figure (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report", default=str(DEFAULT_REPORT))
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for the children")
    args = parser.parse_args()

    cases = [
        ("bare QMainWindow", CHILD_BARE, []),
        ("app, empty", CHILD_APP, []),
        ("app + report", CHILD_APP, [args.report]),
    ]
    print(f"time from process start to first paint, median of {args.runs} runs "
          f"(QT_QPA_PLATFORM={args.platform}, Python {sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="fz-bench-") as tmp:
        run_child(CHILD_BARE, [], args.platform, Path(tmp))  # warm the OS file cache
        for name, code, argv in cases:
            results = [run_child(code, argv, args.platform, Path(tmp)) for _ in range(args.runs)]
            paint = statistics.median(r["first_paint"] for r in results)
            line = f"  {name:<18} first paint {paint * 1000:7.0f} ms"
            if argv:
                ready = statistics.median(r["ready"] for r in results if "ready" in r)
                line += f"   report analysed and shown {ready * 1000:7.0f} ms"
            spread = [round(r["first_paint"] * 1000) for r in results]
            print(f"{line}   (runs: {', '.join(map(str, spread))} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
