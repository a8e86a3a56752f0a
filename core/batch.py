"""A review batch (审查批次): one SQLite file indexing the reports of a folder.

Each report is one row: its path and sha256, the report's facts (unit, tier,
year), the review status (未审 / 审查中 / 已完成), the reviewer, coverage, review
progress, and the review itself in the fzreview JSON format of core/review.py —
so every report of a batch can be opened, reviewed and exported like a review
file. Files that could not be read are kept with their message.

One finished report is one transaction, and sha256 is unique: a batch killed
half-way keeps what it finished and never holds a report twice. The database
runs in WAL mode so the GUI can read while an analysis run writes.

No Qt here; the parallel analysis that fills a batch is core/batch_run.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fzreview.core.analysis import problem_findings
from fzreview.core.review import Review, ReviewFileError, now_iso

FORMAT = "fzreview-batch"
VERSION = 1
SUFFIX = ".fzbatch"

TODO, IN_PROGRESS, DONE = "todo", "in_progress", "done"
STATUS_NAMES = {TODO: "未审", IN_PROGRESS: "审查中", DONE: "已完成"}

# Why a file of the folder is not among the batch's reports.
UNREADABLE, NOT_A_REPORT = "unreadable", "not_a_report"
FAILURE_NAMES = {UNREADABLE: "无法读取", NOT_A_REPORT: "不是年度报告"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL DEFAULT '',
    tier TEXT,
    year INTEGER,
    status TEXT NOT NULL DEFAULT 'todo',
    status_set INTEGER NOT NULL DEFAULT 0,
    reviewer TEXT NOT NULL DEFAULT '',
    coverage REAL NOT NULL DEFAULT 0,
    reviewed INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    findings INTEGER NOT NULL DEFAULT 0,
    added TEXT NOT NULL,
    updated TEXT NOT NULL,
    review TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    message TEXT NOT NULL,
    seen TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'unreadable'
);
"""


class BatchError(Exception):
    """A batch file that cannot be opened or written; the message is for the reviewer."""


@dataclass(frozen=True)
class Facts:
    """What the batch needs to know about a report: who wrote it, at which tier, for which year."""

    unit: str
    tier: str | None  # province | city | county | township (core.checklist.LEVELS)
    year: int | None


def report_facts(review: Review) -> Facts:
    """The one place the batch, the matrix and the comparison read a report's facts."""
    from fzreview.core.facts import effective_facts

    f = effective_facts(review)  # detected facts with the reviewer's corrections
    year = f.year.value
    return Facts(unit=str(f.unit.value or ""), tier=f.level.value, year=int(year) if year else None)


def review_status(review: Review) -> str:
    """未审 while nothing is reviewed, 已完成 when every item has a verdict, 审查中 between."""
    reviewed, total = review.progress()
    if review.reviewed_count() == 0:
        return TODO
    return DONE if reviewed >= total else IN_PROGRESS


@dataclass
class Entry:
    """One report of a batch, without its review (cheap to list)."""

    id: int
    path: str
    sha256: str
    unit: str
    tier: str | None
    year: int | None
    status: str
    reviewer: str
    coverage: float
    reviewed: int
    total: int
    findings: int
    updated: str

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


def not_a_report_reason(review: Review) -> str:
    """Why the analysed file is not an annual report (core/report_kind.py), "" when it is one."""
    return next((f.message for f in review.analysis.findings if f.kind == "not_a_report"), "")


@dataclass
class Failure:
    """A file of the folder that is not among the reports: unreadable, or not an annual report."""

    path: str
    sha256: str
    message: str
    kind: str = UNREADABLE

    @property
    def kind_name(self) -> str:
        return FAILURE_NAMES.get(self.kind, FAILURE_NAMES[UNREADABLE])


_ENTRY_COLUMNS = "id, path, sha256, unit, tier, year, status, reviewer, coverage, reviewed, total, findings, updated"


def _figures(review: Review) -> dict:
    facts = report_facts(review)
    summary = review.summary()
    reviewed, total = review.progress()
    return {
        "unit": facts.unit, "tier": facts.tier, "year": facts.year,
        "reviewer": review.reviewer or "", "coverage": float(summary["coverage"]),
        "reviewed": reviewed, "total": total,
        "findings": len(problem_findings(review.analysis.findings)),
    }


def _dump(review: Review) -> str:
    return json.dumps(review.to_dict(), ensure_ascii=False, separators=(",", ":"))


@dataclass
class Prepared:
    """A new report's review already in its stored form (made in an analysis worker, so the
    process that writes the batch only inserts it)."""

    review_json: str
    figures: dict
    status: str


def prepare(review: Review) -> Prepared:
    return Prepared(_dump(review), _figures(review), review_status(review))


def is_batch_file(path: str | Path) -> bool:
    """An SQLite file (by its header), whatever its name."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


class Batch:
    """An open batch file. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise BatchError(f"找不到审查批次文件：{self.path}")
        if self.path.exists() and self.path.stat().st_size and not is_batch_file(self.path):
            raise BatchError(f"这不是审查批次文件：{self.path}")
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._check_format()
            self._upgrade()
        except sqlite3.DatabaseError as exc:
            raise BatchError(f"审查批次文件无法打开（{exc}）：{self.path}") from None

    def _check_format(self) -> None:
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        if not meta:
            with self._tx():
                self.db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                    [("format", FORMAT), ("version", str(VERSION)), ("created", now_iso())])
            return
        if meta.get("format") != FORMAT:
            raise BatchError(f"这不是审查批次文件：{self.path}")
        if int(meta.get("version", "0")) > VERSION:
            raise BatchError(f"审查批次文件由更新版本的审查台保存（格式版本 {meta['version']}），请升级后再打开。")

    def _upgrade(self) -> None:
        """Batches written before failures had a kind: add the column (every old row was unreadable)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(failures)")}
        if "kind" not in columns:
            self.db.execute(f"ALTER TABLE failures ADD COLUMN kind TEXT NOT NULL DEFAULT '{UNREADABLE}'")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions

    class _Tx:
        def __init__(self, db):
            self.db = db

        def __enter__(self):
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type, exc, tb):
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")

    def _tx(self) -> Batch._Tx:
        return Batch._Tx(self.db)

    # ------------------------------------------------------------------ meta

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def folder(self) -> str:
        return self.get_meta("folder")

    # ------------------------------------------------------------------ reading

    def entries(self) -> list[Entry]:
        rows = self.db.execute(f"SELECT {_ENTRY_COLUMNS} FROM reports ORDER BY unit, year, path")
        return [Entry(*row) for row in rows]

    def entry(self, report_id: int) -> Entry | None:
        row = self.db.execute(f"SELECT {_ENTRY_COLUMNS} FROM reports WHERE id = ?", (report_id,)).fetchone()
        return Entry(*row) if row else None

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]

    def known(self) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
        """sha256 → id, and path → (id, sha256), of every report held."""
        by_sha, by_path = {}, {}
        for rid, path, sha in self.db.execute("SELECT id, path, sha256 FROM reports"):
            by_sha[sha] = rid
            by_path[path] = (rid, sha)
        return by_sha, by_path

    def review(self, report_id: int) -> Review:
        row = self.db.execute("SELECT review FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise BatchError(f"审查批次中没有编号为 {report_id} 的报告。")
        try:
            return Review.from_dict(json.loads(row[0]))
        except (ValueError, ReviewFileError) as exc:
            raise BatchError(f"审查批次中第 {report_id} 份报告的审查记录已损坏：{exc}") from None

    def reviews(self) -> Iterator[tuple[Entry, Review]]:
        for e in self.entries():
            yield e, self.review(e.id)

    def failures(self) -> list[Failure]:
        return [Failure(*row) for row in
                self.db.execute("SELECT path, sha256, message, kind FROM failures ORDER BY path")]

    def progress(self) -> dict:
        """The batch's progress across all reports: counts by status and items reviewed."""
        counts = {s: 0 for s in STATUS_NAMES}
        reviewed = total = 0
        for status, r, t in self.db.execute("SELECT status, reviewed, total FROM reports"):
            counts[status] = counts.get(status, 0) + 1
            reviewed += r
            total += t
        return {"reports": sum(counts.values()), **counts, "reviewed": reviewed, "total": total,
                "failed": self.db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]}

    def find_previous(self, report_id: int) -> int | None:
        """The same unit's report of the year before, if the batch holds it."""
        e = self.entry(report_id)
        if e is None or not e.unit or e.year is None:
            return None
        row = self.db.execute("SELECT id FROM reports WHERE unit = ? AND year = ? AND id != ? ORDER BY id LIMIT 1",
                              (e.unit, e.year - 1, report_id)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ writing

    def add(self, path: str, sha256: str, review: Review | Prepared) -> int:
        """Store a newly analysed report in its own transaction; returns its id.

        A report already held at the same path (the file changed) is replaced, keeping
        its verdicts and notes (Review.reanalyse); a report already held with the same
        sha256 is left as it is.
        """
        path = str(path)
        now = now_iso()
        with self._tx():
            row = self.db.execute("SELECT id FROM reports WHERE sha256 = ?", (sha256,)).fetchone()
            if row:
                return row[0]
            old = self.db.execute("SELECT id, review, status, status_set FROM reports WHERE path = ?",
                                  (path,)).fetchone()
            if old:
                if isinstance(review, Prepared):
                    review = Review.from_dict(json.loads(review.review_json))
                kept = Review.from_dict(json.loads(old[1]))
                kept.reanalyse(review.analysis)
                review = kept
            ready = review if isinstance(review, Prepared) else prepare(review)
            figures = ready.figures
            status = old[2] if old and old[3] else ready.status
            if old:
                self.db.execute(
                    "UPDATE reports SET sha256=?, unit=?, tier=?, year=?, status=?, reviewer=?, coverage=?, "
                    "reviewed=?, total=?, findings=?, updated=?, review=? WHERE id=?",
                    (sha256, figures["unit"], figures["tier"], figures["year"], status, figures["reviewer"],
                     figures["coverage"], figures["reviewed"], figures["total"], figures["findings"], now,
                     ready.review_json, old[0]))
                rid = old[0]
            else:
                cur = self.db.execute(
                    "INSERT INTO reports (path, sha256, unit, tier, year, status, reviewer, coverage, reviewed, "
                    "total, findings, added, updated, review) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (path, sha256, figures["unit"], figures["tier"], figures["year"], status, figures["reviewer"],
                     figures["coverage"], figures["reviewed"], figures["total"], figures["findings"], now, now,
                     ready.review_json))
                rid = cur.lastrowid
            self.db.execute("DELETE FROM failures WHERE path = ?", (path,))
        return rid

    def save_review(self, report_id: int, review: Review) -> None:
        """Write a reviewer's work on one report back into the batch."""
        figures = _figures(review)
        with self._tx():
            row = self.db.execute("SELECT status_set, status FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise BatchError(f"审查批次中没有编号为 {report_id} 的报告。")
            status = row[1] if row[0] else review_status(review)
            self.db.execute(
                "UPDATE reports SET status=?, reviewer=?, coverage=?, reviewed=?, total=?, findings=?, "
                "updated=?, review=? WHERE id=?",
                (status, figures["reviewer"], figures["coverage"], figures["reviewed"], figures["total"],
                 figures["findings"], now_iso(), _dump(review), report_id))

    def set_status(self, report_id: int, status: str | None) -> None:
        """The reviewer sets a report's status by hand; None goes back to the derived status."""
        if status is not None and status not in STATUS_NAMES:
            raise ValueError(status)
        with self._tx():
            if status is None:
                review = self.review(report_id)
                self.db.execute("UPDATE reports SET status=?, status_set=0 WHERE id=?",
                                (review_status(review), report_id))
            else:
                self.db.execute("UPDATE reports SET status=?, status_set=1 WHERE id=?", (status, report_id))

    def add_failure(self, path: str, sha256: str, message: str, kind: str = UNREADABLE) -> None:
        """Record a file that is not among the reports (`kind`: UNREADABLE or NOT_A_REPORT)."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO failures (path, sha256, message, seen, kind) VALUES (?, ?, ?, ?, ?)",
                            (str(path), sha256, message, now_iso(), kind))

    def failed_sha(self) -> dict[str, str]:
        """path → sha256 of the files that failed (a failed file is not retried until it changes)."""
        return dict(self.db.execute("SELECT path, sha256 FROM failures"))
