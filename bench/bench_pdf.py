"""Time the assessment of a full 170-item review: the content model, the PDF and the Word file.

    python bench/bench_pdf.py [REPORT] [--runs N]

Prints the median time to build the assessment (core.assessment), to export
the PDF (and the first, cold export, which also loads the font) and the .docx,
beside the median time to analyse the report when core.engine is available.
Figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

main.use_checkout()

DEFAULT_REPORT = ROOT / "tests" / "fixtures" / "suibin-county-2024.txt"


def _timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def _synthetic_analysis():
    """The labelled 170-item analysis the tests use (no engine needed)."""
    spec = importlib.util.spec_from_file_location("_pdf_tests", ROOT / "tests" / "test_render_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_analysis()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", nargs="?", default=str(DEFAULT_REPORT))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from fzreview.core.review import NOT_APPLICABLE, VERDICTS, Review

    analysis = None
    try:
        from fzreview.core.engine import analyse
    except ImportError:
        analyse = None
    if analyse is not None:
        from fzreview.core.checklist import load_checklist, load_structure
        from fzreview.core.loaders import load_document

        doc = load_document(args.report)
        checklist, structure = load_checklist(), load_structure()
        times, analysis = _timed(lambda: analyse(doc, checklist, structure), args.runs)
        print(f"analyse  {Path(args.report).name}: median {statistics.median(times) * 1000:7.1f} ms"
              f"  (first {times[0] * 1000:.1f} ms, {args.runs} runs)")
    else:
        print("analyse: core.engine not available, skipped (using the labelled test analysis)")
        analysis = _synthetic_analysis()

    review = Review(analysis, reviewer="审查人")
    for n, item in enumerate(analysis.items):  # a reviewed file: verdicts and notes on most items
        if n % 4 != 3:
            review.set_verdict(item.id, VERDICTS[n % len(VERDICTS)] if n % 9 else NOT_APPLICABLE)
        if n % 3 == 0:
            review.set_note(item.id, f"第{n}条批注：依据摘录与纲要要求对应，但缺少量化数据，建议补充。")

    from fzreview.core.render_pdf import export_pdf  # the import (reportlab) is part of the cost

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "assessment.pdf"
        times, pages = _timed(lambda: export_pdf(review, out, date="2025-03-01"), args.runs)
        size = out.stat().st_size
    print(f"export_pdf {len(analysis.items)} items: median {statistics.median(times) * 1000:7.1f} ms"
          f"  (first {times[0] * 1000:.1f} ms incl. font load, {args.runs} runs) "
          f"-> {pages} pages, {size / 1024:.0f} KiB")

    from fzreview.core.assessment import build_assessment

    times, _ = _timed(lambda: build_assessment(review, date="2025-03-01"), args.runs)
    print(f"build_assessment: median {statistics.median(times) * 1000:7.1f} ms  ({args.runs} runs)")

    from fzreview.core.render_docx import export_docx  # the import (python-docx) is part of the cost

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "assessment.docx"
        times, _ = _timed(lambda: export_docx(review, out, date="2025-03-01"), args.runs)
        size = out.stat().st_size
    print(f"export_docx {len(analysis.items)} items: median {statistics.median(times) * 1000:7.1f} ms"
          f"  (first {times[0] * 1000:.1f} ms, {args.runs} runs) -> {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
