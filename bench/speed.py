"""Speed of a whole `check`, against a bare jieba.lcut of the same text.

    python bench/speed.py [--runs N]

Builds a report ten times the size of the seed reports (the three seeds
repeated), then times, as whole processes (start-up included):
  (a) python main.py check BIG.txt --json OUT
  (b) python -c "import jieba; jieba.lcut(open(BIG).read())"
  (c) the same lcut, with jieba's dictionary loaded the way the app loads it (from the
      user cache, core/segment.py: about a third of jieba's own marshal load)
and prints the medians and the ratios. The target is (a)/(b) ≤ 2× (aim 1.3×); (a)/(c) is
the app's own work on top of the tokenising it cannot avoid.

The runs are interleaved (check, lcut, check, lcut …) so a change in machine load
hits both alike, and each run's CPU time (user + sys of the child process) is
reported beside its wall time: on a loaded machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process."""
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0, _children_cpu() - c0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = [(ROOT / "tests" / "fixtures" / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    seed_chars = sum(len(t) for t in texts) / len(texts)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        body = "\n".join(texts)
        while len(body) < 10 * seed_chars:
            body += "\n" + "\n".join(texts)
        body = body[: int(10 * seed_chars)]
        big.write_text(body, encoding="utf-8")
        out = Path(tmp) / "out.json"
        check = [sys.executable, "main.py", "check", str(big), "--json", str(out)]
        lcut = [sys.executable, "-c", f"import jieba; jieba.lcut(open({str(big)!r}, encoding='utf-8').read())"]
        app_lcut = [sys.executable, "-c", "import main; main.use_checkout(); from fzreview.core.segment import tokenizer; "
                    f"tokenizer().lcut(open({str(big)!r}, encoding='utf-8').read())"]
        timed(lcut)  # warm the jieba dictionary caches and the OS file cache
        timed(check)
        timed(app_lcut)
        runs_check, runs_lcut, runs_app = [], [], []
        for _ in range(args.runs):
            runs_check.append(timed(check))
            runs_lcut.append(timed(lcut))
            runs_app.append(timed(app_lcut))
    wall_check = statistics.median(w for w, _ in runs_check)
    wall_lcut = statistics.median(w for w, _ in runs_lcut)
    cpu_check = statistics.median(c for _, c in runs_check)
    cpu_lcut = statistics.median(c for _, c in runs_lcut)
    wall_app = statistics.median(w for w, _ in runs_app)
    cpu_app = statistics.median(c for _, c in runs_app)
    print(f"report: {len(body):,} characters ({len(body) / seed_chars:.1f}× an average seed of {seed_chars:,.0f})")
    print(f"medians of {args.runs} interleaved runs     wall        CPU (user+sys)")
    print(f"main.py check --json : {wall_check:8.3f} s  {cpu_check:8.3f} s")
    print(f"bare jieba.lcut      : {wall_lcut:8.3f} s  {cpu_lcut:8.3f} s")
    print(f"lcut, app's dict load: {wall_app:8.3f} s  {cpu_app:8.3f} s")
    print(f"ratio check / lcut   : {wall_check / wall_lcut:8.2f}×   {cpu_check / cpu_lcut:8.2f}×  "
          "(target ≤ 2×, aim 1.3×)")
    print(f"ratio check / (c)    : {wall_check / wall_app:8.2f}×   {cpu_check / cpu_app:8.2f}×  "
          "(the app's own work on top of tokenising)")


if __name__ == "__main__":
    main()
