"""OCR of scanned reports: character accuracy and seconds per page (needs the `ocr` extra).

Each seed report's text is laid out on A4 with the bundled font, a red round seal is
stamped over the text of its first and last page, and the pages are rasterised to an
image-only PDF (150 dpi, slightly grey and tilted; tests/support/scanned_pdf.py). The
app reads that PDF as a user would (`load_bytes`, OCR chosen because there is no text
layer) and the bench prints, per report and overall:

  accuracy  1 − edit distance / length, between the report's text and the OCR text
            (both normalised by the loader, whitespace removed)
  s/page    wall-clock seconds per page, and CPU seconds per page (all threads)
  jaccard   of the obligations judged covered or partial, OCR text vs original text

    python bench/ocr.py              # the three seed reports
    python bench/ocr.py --keep-red   # also without whitening the seal ink, to see what that buys
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import main  # noqa: E402

main.use_checkout()

FLOOR_ACCURACY = 0.97  # below this a reviewer would meet a wrong character every few lines
FLOOR_JACCARD = 0.9
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row per character of `a`."""
    import numpy as np

    if not a or not b:
        return max(len(a), len(b))
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1)
    row = idx.copy()
    for i, ch in enumerate(a, start=1):
        sub = row[:-1] + (bb != ord(ch))
        dele = row[1:] + 1
        best = np.minimum(sub, dele)
        new = np.empty_like(row)
        new[0] = i
        new[1:] = best
        # insertions: new[j] = min_k<=j (new[k] + j - k)
        row = np.minimum.accumulate(new - idx) + idx
    return int(row[-1])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def addressed(analysis) -> set[str]:
    return {i.id for i in analysis.items if i.status in ("covered", "partial")}


def run(keep_red: bool) -> None:
    from support.scanned_pdf import scanned_pdf

    from fzreview.core.checklist import load_checklist, load_structure
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_bytes, load_document, ocr

    if not ocr.available():
        sys.exit("the OCR extra is not installed: pip install '.[ocr]'")
    if keep_red:
        ocr.whiten_red_ink = lambda bgr: bgr[:, :, :3].copy()  # type: ignore[assignment]
    checklist, structure = load_checklist(), load_structure()
    ocr._get_engine()  # load the models before timing
    totals = {"pages": 0, "wall": 0.0, "cpu": 0.0, "chars": 0, "errors": 0}
    label = "seal ink kept" if keep_red else "seal ink whitened"
    print(f"OCR of scanned seed reports ({label}; {ocr.RENDER_DPI} dpi)")
    print(f"{'report':<26}{'pages':>6}{'s/page':>9}{'cpu s/page':>12}{'accuracy':>10}{'conf':>7}{'jaccard':>9}")
    for name in SEEDS:
        path = ROOT / "tests" / "fixtures" / f"{name}.txt"
        truth_doc = load_document(path)
        pdf = scanned_pdf(path.read_text(encoding="utf-8"))
        wall, cpu = time.perf_counter(), time.process_time()
        doc = load_bytes(pdf, suffix=".pdf")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pages = len(doc.ocr_confidence)
        truth, got = squeeze(truth_doc.text), squeeze(doc.text)
        errors = edit_distance(truth, got)
        a, b = addressed(analyse(truth_doc, checklist, structure)), addressed(analyse(doc, checklist, structure))
        jaccard = len(a & b) / len(a | b)
        conf = sum(c for c in doc.ocr_confidence if c) / max(1, sum(1 for c in doc.ocr_confidence if c))
        print(f"{name:<26}{pages:>6}{wall / pages:>9.2f}{cpu / pages:>12.2f}{1 - errors / len(truth):>10.4f}"
              f"{conf:>7.3f}{jaccard:>9.3f}")
        totals["pages"] += pages
        totals["wall"] += wall
        totals["cpu"] += cpu
        totals["chars"] += len(truth)
        totals["errors"] += errors
    accuracy = 1 - totals["errors"] / totals["chars"]
    print(f"{'all':<26}{totals['pages']:>6}{totals['wall'] / totals['pages']:>9.2f}"
          f"{totals['cpu'] / totals['pages']:>12.2f}{accuracy:>10.4f}")
    print(f"character accuracy {accuracy:.4f} (floor {FLOOR_ACCURACY}); "
          f"{totals['errors']} wrong/missing/extra characters in {totals['chars']}; "
          f"Jaccard floor {FLOOR_JACCARD}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep-red", action="store_true", help="do not whiten the seal's red ink")
    args = parser.parse_args()
    run(args.keep_red)
