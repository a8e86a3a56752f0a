"""Cost of a batch of 40 reports against one `check` of one report.

    python bench/bench_batch.py [--reports 40] [--jobs N] [--runs 3]

Builds a folder of 40 distinct reports from the seed reports (each copy gets a
closing line of its own, so each has its own sha256 and is analysed), then
times, as whole processes (start-up included):
  (a) python main.py check SEED.txt                    — one report, the unit of cost
  (b) python main.py batch FOLDER --out NEW --jobs N   — all 40, into a fresh batch file
  (c) the same batch command again                     — nothing changed: every file skipped
and prints the medians beside the floor: (b) ≤ 5 × (a). Analysing the 40 as
separate `check` processes would cost 40 × (a).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]
FLOOR = 5.0


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = [(ROOT / "tests" / "fixtures" / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for n in range(args.reports):
            (folder / f"report-{n:02d}.txt").write_text(texts[n % len(texts)] + f"\n（第 {n} 份）\n", encoding="utf-8")
        chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir()) / args.reports
        py = sys.executable
        check = [py, "main.py", "check", str(ROOT / "tests" / "fixtures" / f"{SEEDS[0]}.txt")]
        timed(check)  # warm the OS file cache and jieba's dictionary cache
        t_check = statistics.median(timed(check) for _ in range(args.runs))
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        t_batch, t_again = [], []
        for run in range(args.runs):
            out = Path(tmp) / f"run{run}.fzbatch"
            t_batch.append(timed([py, "main.py", "batch", str(folder), "--out", str(out), *jobs]))
            t_again.append(timed([py, "main.py", "batch", str(folder), "--out", str(out), *jobs]))
        batch, again = statistics.median(t_batch), statistics.median(t_again)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.reports} reports of {chars:,.0f} characters on average, {cores} cores, jobs={args.jobs or 'default'}")
    print(f"one `check` of one report:        {t_check:6.2f} s  (median of {args.runs})")
    print(f"`batch` of {args.reports}, fresh:             {batch:6.2f} s  = {batch / t_check:4.1f} × check   "
          f"(floor ≤ {FLOOR:.0f} × check = {FLOOR * t_check:.2f} s)  {'OK' if batch <= FLOOR * t_check else 'OVER'}")
    print(f"`batch` again, nothing changed:   {again:6.2f} s  = {again / t_check:4.1f} × check")
    print(f"as {args.reports} separate checks:           {args.reports * t_check:6.2f} s  = {args.reports:.0f} × check")


if __name__ == "__main__":
    main()
