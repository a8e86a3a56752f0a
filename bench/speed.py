"""Speed of a whole `check`, against a bare jieba.lcut of the same text.

    python bench/speed.py [--runs N]

Builds a report ten times the size of the seed reports (the three seeds
repeated), then times, as whole processes (start-up included):
  (a) python main.py check BIG.txt --json OUT
  (b) python -c "import jieba; jieba.lcut(open(BIG).read())"
and prints the medians and their ratio. The target is ≤ 2× (aim 1.3×).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


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
        timed(lcut)  # warm the jieba dictionary cache and the OS file cache
        timed(check)
        t_check = statistics.median(timed(check) for _ in range(args.runs))
        t_lcut = statistics.median(timed(lcut) for _ in range(args.runs))
    print(f"report: {len(body):,} characters ({len(body) / seed_chars:.1f}× an average seed of {seed_chars:,.0f})")
    print(f"main.py check --json : {t_check:6.3f} s (median of {args.runs})")
    print(f"bare jieba.lcut      : {t_lcut:6.3f} s (median of {args.runs})")
    print(f"ratio                : {t_check / t_lcut:6.2f}×  (target ≤ 2×, aim 1.3×)")


if __name__ == "__main__":
    main()
