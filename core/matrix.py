"""The batch matrix: units × 纲要 parts and units × clauses, and the weakest obligations.

Plain data built from the reviews of a batch; the .xlsx (core/matrix_xlsx.py),
the PDF summary (core/matrix_pdf.py) and the GUI all show this one model. A
cell is a unit's coverage of that part or clause, where the reviewer's verdict
wins over the automatic result (Review.effective_status) and an item the
reviewer marked 不适用 drops out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, coverage
from fzreview.core.batch import Batch, Entry, not_a_report_reason, report_facts
from fzreview.core.checklist import LEVEL_NAMES
from fzreview.core.review import NOT_APPLICABLE, Review

# Coverage bands shared by every rendering of the matrix: (lower bound, band name, colour).
BANDS = ((0.8, "良好", "#c8e6c9"), (0.5, "一般", "#fff3c4"), (0.2, "较弱", "#ffd8b0"), (0.0, "薄弱", "#f8c4c4"))
NO_DATA_COLOR = "#eeeeee"


def band_color(value: float | None) -> str:
    if value is None:
        return NO_DATA_COLOR
    return next(color for low, _, color in BANDS if value >= low)


@dataclass
class Column:
    key: str  # part ref ("二") or clause ("（五）深入推进“放管服”改革")
    title: str
    part_ref: str


@dataclass
class Row:
    report_id: int
    unit: str
    tier: str
    year: int | None
    file: str
    coverage: float
    reviewed: int
    total: int
    status: str
    parts: dict[str, float | None]  # part ref → coverage (None: no applicable item)
    clauses: dict[str, float | None]
    missing_parts: list[str]  # titles of the required report parts not found
    late: list[str]  # messages on late submission or publication


@dataclass
class ObligationTally:
    id: str
    title: str
    part_ref: str
    clause: str
    units: int  # units for which the obligation applies
    covered: int
    partial: int
    missing: int

    @property
    def addressed(self) -> int:
        return self.covered + self.partial

    @property
    def share(self) -> float:
        return self.addressed / self.units if self.units else 0.0


@dataclass
class Matrix:
    parts: list[Column]
    clauses: list[Column]
    rows: list[Row]
    obligations: list[ObligationTally] = field(default_factory=list)  # weakest first

    @property
    def flagged(self) -> list[Row]:
        """Units with required parts missing or late submission or publication."""
        return [r for r in self.rows if r.missing_parts or r.late]


def unit_label(entry: Entry, review: Review) -> str:
    facts = report_facts(review)
    return facts.unit or entry.name


def _cov(statuses: list[str]) -> float | None:
    n = len(statuses)
    if not n:
        return None
    return round(coverage(statuses.count(COVERED), statuses.count(PARTIAL), n), 4)


def effective(review: Review) -> dict[str, str | None]:
    """item id → effective status for applicable items (None: not applicable)."""
    out: dict[str, str | None] = {}
    for item in review.analysis.items:
        v = review.verdicts.get(item.id)
        if not item.applicable or (v is not None and v.verdict == NOT_APPLICABLE):
            out[item.id] = None
        else:
            out[item.id] = review.effective_status(item)
    return out


def build_matrix(reviews: list[tuple[Entry, Review]]) -> Matrix:
    parts: dict[str, Column] = {}
    clauses: dict[str, Column] = {}
    tallies: dict[str, ObligationTally] = {}
    rows: list[Row] = []
    for entry, review in reviews:
        if not_a_report_reason(review):  # held by a batch made before such files were left out
            continue
        a = review.analysis
        status_of = effective(review)
        by_part: dict[str, list[str]] = {}
        by_clause: dict[str, list[str]] = {}
        for item in a.items:
            parts.setdefault(item.part_ref, Column(item.part_ref, a.part_titles.get(item.part_ref, ""), item.part_ref))
            clauses.setdefault(item.clause, Column(item.clause, item.clause, item.part_ref))
            t = tallies.setdefault(item.id, ObligationTally(item.id, item.title, item.part_ref, item.clause, 0, 0, 0, 0))
            status = status_of[item.id]
            by_part.setdefault(item.part_ref, [])
            by_clause.setdefault(item.clause, [])
            if status is None:
                continue
            by_part[item.part_ref].append(status)
            by_clause[item.clause].append(status)
            t.units += 1
            if status == COVERED:
                t.covered += 1
            elif status == PARTIAL:
                t.partial += 1
            elif status == MISSING:
                t.missing += 1
        facts = report_facts(review)
        summary = review.summary()
        rows.append(Row(
            report_id=entry.id, unit=unit_label(entry, review), tier=LEVEL_NAMES.get(facts.tier or "", ""),
            year=facts.year, file=entry.name, coverage=float(summary["coverage"]),
            reviewed=review.progress()[0], total=review.progress()[1], status=entry.status_name,
            parts={k: _cov(v) for k, v in by_part.items()}, clauses={k: _cov(v) for k, v in by_clause.items()},
            missing_parts=[s.title for s in a.structure if s.kind == "content" and s.mandatory and not s.present],
            late=[f.message for f in a.findings if f.kind == "late"],
        ))
    rows.sort(key=lambda r: (r.unit, r.year or 0, r.file))
    obligations = sorted((t for t in tallies.values() if t.units),
                         key=lambda t: (t.share, t.covered, t.id))
    return Matrix(parts=list(parts.values()), clauses=list(clauses.values()), rows=rows, obligations=obligations)


def batch_matrix(batch: Batch) -> Matrix:
    return build_matrix(list(batch.reviews()))
