"""How long the find bar (Ctrl+F) holds the UI thread on a large report.

The 绥滨县 fixture is repeated 90 times (about 950 KB, as in the QA trial) and shown
in the window; then "治理" is typed one character at a time, 150 ms apart, as an
input method commits it, and F3 steps through the matches. A 5 ms QTimer probe on
the UI thread records every gap; the longest is the figure, beside the 50 ms floor.
Wall-clock gaps grow with the machine's load; the UI thread's own CPU time between
two ticks is what the stall would be on an idle machine. Prints figures; asserts nothing.

    python bench/find_latency.py [--repeat 90] [--needle 治理]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_MS = 50.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=90)
    ap.add_argument("--needle", default="治理")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import main as entry

    entry.use_checkout()
    from PySide6.QtCore import QSettings, QTimer

    from fzreview.ui.app import create_app

    app = create_app([])
    from fzreview.ui.main_window import MainWindow

    tmp = tempfile.mkdtemp()
    report = Path(tmp) / "big.txt"
    text = (ROOT / "tests" / "fixtures" / "suibin-county-2024.txt").read_text(encoding="utf-8")
    report.write_text("\n".join([text] * args.repeat), encoding="utf-8")
    w = MainWindow(settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat),
                   recovery_dir=os.path.join(tmp, "recovery"))
    w.resize(1366, 768)
    w.show()
    w.open_path(str(report))
    t0 = time.perf_counter()
    while (w._loading or w.tasks.busy()) and time.perf_counter() - t0 < 600:
        app.processEvents()
        time.sleep(0.01)
    print(f"report {report.stat().st_size / 1024:.0f} KB, opened in {time.perf_counter() - t0:.1f} s")

    gaps: list[float] = []
    cpu: list[float] = []
    last = [time.perf_counter()]
    last_cpu = [time.thread_time()]

    def tick():
        now, now_cpu = time.perf_counter(), time.thread_time()
        gaps.append((now - last[0]) * 1000)
        cpu.append((now_cpu - last_cpu[0]) * 1000)
        last[0], last_cpu[0] = now, now_cpu

    probe = QTimer()
    probe.timeout.connect(tick)
    probe.start(5)
    bar = w.find_bar

    def run_for(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    bar.open()
    run_for(0.3)
    gaps.clear()
    cpu.clear()
    last[0], last_cpu[0] = time.perf_counter(), time.thread_time()
    for ch in args.needle:
        bar.edit.insert(ch)
        run_for(0.15)
    run_for(0.6)  # the debounced search runs
    typed = bar.edit.text()
    typing_max, typing_cpu = max(gaps), max(cpu)
    gaps.clear()
    cpu.clear()
    last[0], last_cpu[0] = time.perf_counter(), time.thread_time()
    for _ in range(10):
        bar.step(1)
        run_for(0.05)
    print(f"typed {args.needle!r} → box holds {typed!r}; count: {bar.count.text()}")
    print(f"longest UI stall while typing and searching: {typing_max:.0f} ms wall, {typing_cpu:.0f} ms UI-thread CPU"
          f" (floor {FLOOR_MS:.0f} ms)")
    print(f"longest UI stall per F3 step: {max(gaps):.0f} ms wall, {max(cpu):.0f} ms UI-thread CPU"
          f" (floor {FLOOR_MS:.0f} ms)")
    probe.stop()
    os._exit(0)  # no save prompt


if __name__ == "__main__":
    main()
