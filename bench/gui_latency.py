"""Event-loop latency of the desktop app while a report is opened (read, analysed, shown).

A QTimer fires every 5 ms on the UI thread; each gap between two firings beyond
that is time the event loop could not react (no repaint, no key press handled).
The figure that matters is the longest gap, beside the 50 ms floor a person
notices as a stall (issue 12); the 95th percentile shows whether stalls are rare.
"max UI-CPU" is the most CPU time the UI thread itself spent between two ticks:
what the longest stall would be on an idle machine (wall-clock gaps also count
waiting for the CPU and for the GIL, so they grow with the machine's load).

Each run is a fresh process (QT_QPA_PLATFORM=offscreen unless --platform says
otherwise) that shows the main window, then opens:

- prewarm: nothing opened yet; after start-up a worker thread loads the analysis
  modules, jieba's dictionary and the checklist (ui/tasks.py prewarm, as the app
  does after its first paint); "open s" is how long that takes;
- cold: the first report of the process;
- warm: a second report in the same window (replacing the first).

With --trace, a watchdog thread prints where the UI thread was whenever it has
not run the timer for 30 ms (for finding what blocks). Settings and recovery files
go to a temporary folder. Prints figures; asserts nothing.

    python bench/gui_latency.py [--runs 3] [--report A] [--second B] [--platform xcb] [--trace]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FLOOR_MS = 50.0

CHILD = r'''
import json, os, sys, threading, time, traceback
sys.path.insert(0, sys.argv[1])
import main
main.use_checkout()
from PySide6.QtCore import QSettings, QTimer
from fzreview.ui.app import create_app

report, second, tmp, trace = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"
app = create_app([])
from fzreview.ui.main_window import MainWindow

w = MainWindow(settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat),
               recovery_dir=os.path.join(tmp, "recovery"))
w.resize(1366, 768)
w.show()
ticks = []
last = [time.perf_counter()]
main_ident = threading.get_ident()

def tick():
    now = time.perf_counter()
    ticks.append((now, time.thread_time()))
    last[0] = now

probe = QTimer()
probe.setInterval(5)
probe.timeout.connect(tick)

def watchdog():
    # While the UI thread has not run the probe for 30 ms, sample where it is every 5 ms.
    samples, stall_of = [], None
    while True:
        time.sleep(0.005)
        stalled = time.perf_counter() - last[0]
        if stalled > 0.03:
            stall_of = last[0]
            frame = sys._current_frames().get(main_ident)
            where = " <- ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}"
                                for f in reversed(traceback.extract_stack(frame, limit=6))) if frame else "?"
            samples.append(where)
        elif samples and last[0] != stall_of:
            print(f"--- UI thread stalled ~{(last[0] - stall_of) * 1000:.0f} ms; samples:", file=sys.stderr)
            for where in samples:
                print("    " + where, file=sys.stderr)
            sys.stderr.flush()
            samples = []

if trace:
    threading.Thread(target=watchdog, daemon=True).start()

phases = {}
state = {"phase": None, "start": 0, "ready_at": None}

def gaps_between(t0, t1):
    ts = [t for t in ticks if t0 <= t[0] <= t1]
    return [(b[0] - a[0]) * 1000 for a, b in zip(ts, ts[1:])]

def cpu_gaps_between(t0, t1):
    # UI-thread CPU time spent between two probe ticks: the stall on an idle machine
    ts = [t for t in ticks if t0 <= t[0] <= t1]
    return [(b[1] - a[1]) * 1000 for a, b in zip(ts, ts[1:])]

def begin(name, path):
    state.update(phase=name, start=time.perf_counter(), ready_at=None)
    assert w.open_path(path), "open did not start"
    QTimer.singleShot(5, poll)

def poll():
    if w._loading or w.tasks.busy() or w.session is None:
        QTimer.singleShot(5, poll)
        return
    if state["ready_at"] is None:
        state["ready_at"] = time.perf_counter()
    QTimer.singleShot(600, end)  # what the window does right after showing counts too

def end():
    t1 = time.perf_counter()
    g = gaps_between(state["start"], t1)
    phases[state["phase"]] = {"gaps": g, "cpu": cpu_gaps_between(state["start"], t1),
                              "open_s": state["ready_at"] - state["start"]}
    if state["phase"] == "cold":
        w.session.mark_saved(os.path.join(tmp, "x.json"))  # no save question
        begin("warm", second)
    else:
        print(json.dumps({k: v for k, v in phases.items()}), flush=True)
        w.session.mark_saved(os.path.join(tmp, "x.json"))
        app.quit()

def start():
    probe.start()
    QTimer.singleShot(100, prewarm)

def prewarm():
    # What ui.app.build does after the first paint: the worker loads modules, jieba, the checklist.
    state.update(phase="prewarm", start=time.perf_counter())
    if hasattr(w, "prewarm"):  # (a checkout from before the prewarm has none)
        w.prewarm()
    QTimer.singleShot(5, prewarm_poll)

def prewarm_poll():
    if w.tasks.busy():
        QTimer.singleShot(5, prewarm_poll)
        return
    t1 = time.perf_counter()
    phases["prewarm"] = {"gaps": gaps_between(state["start"], t1), "cpu": cpu_gaps_between(state["start"], t1),
                         "open_s": t1 - state["start"]}
    QTimer.singleShot(300, lambda: begin("cold", report))

QTimer.singleShot(500, start)  # after the first paint
app.exec()
'''


def run_once(report: Path, second: Path, platform: str, trace: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = platform
        env["FZREVIEW_RECOVERY_DIR"] = os.path.join(tmp, "recovery")
        proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(report), str(second), tmp,
                               "1" if trace else "0"], capture_output=True, text=True, env=env, timeout=600)
        if trace and proc.stderr:
            print(proc.stderr, file=sys.stderr)
        if proc.returncode != 0 or not proc.stdout.strip():
            raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--report", type=Path, default=FIXTURES / "suibin-county-2024.txt")
    ap.add_argument("--second", type=Path, default=FIXTURES / "chenghai-district-2023.txt")
    ap.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    ap.add_argument("--trace", action="store_true", help="print where the UI thread stalls (> 30 ms)")
    args = ap.parse_args()

    results = [run_once(args.report, args.second, args.platform, args.trace) for _ in range(args.runs)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"GUI event-loop latency while opening a report (5 ms probe timer, {args.runs} runs, "
          f"platform {args.platform}, {os.cpu_count()} cores, load average {load:.1f} at the end)")
    print(f"  cold = {args.report.name} as the first report; warm = {args.second.name} after it; "
          "open s = seconds until shown (prewarm: until loaded)")
    print(f"{'':8}{'max gap ms':>11}{'p95 gap ms':>11}{'gaps>50ms':>10}{'max UI-CPU ms':>14}{'open s':>8}   floor")
    for phase in ("prewarm", "cold", "warm"):
        maxes = [max(r[phase]["gaps"] or [0]) for r in results]
        p95s = [p95(r[phase]["gaps"]) for r in results]
        over = [sum(g > FLOOR_MS for g in r[phase]["gaps"]) for r in results]
        opens = [r[phase]["open_s"] for r in results]
        cpu = [max(r[phase]["cpu"] or [0]) for r in results]
        print(f"{phase:8}{max(maxes):11.1f}{statistics.median(p95s):11.1f}{max(over):10d}{max(cpu):14.1f}"
              f"{statistics.median(opens):8.2f}   max gap <= {FLOOR_MS:.0f} ms")
        print(f"{'':8}  per run, max gap: " + ", ".join(f"{m:.0f}" for m in maxes)
              + "; max UI-thread CPU between two ticks: " + ", ".join(f"{c:.0f}" for c in cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
