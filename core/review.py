"""A reviewer's work over an analysis, and its file format (``fzreview``).

The automatic result of each item (``auto``) and the reviewer's ``verdict`` and
``note`` are kept apart: re-analysing a report replaces ``auto`` and never
touches a verdict. An item whose obligation text changed since the verdict was
given is flagged ``stale`` for re-review.

The file is self-contained JSON (the report text is inside), so a review opens
even when the report file has moved. See docs/review-format.md.
"""

from __future__ import annotations

import json
import stat
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from fzreview.core.analysis import (
    COVERED,
    MISSING,
    PARTIAL,
    Analysis,
    Evidence,
    Finding,
    ItemResult,
    ReportInfo,
    StructureResult,
    summarize,
)
from fzreview.core.atomic_file import json_bytes, write_atomic
from fzreview.core.os_errors import os_error_text
from fzreview.core.review_schema import SchemaError, check_review

FORMAT = "fzreview"
VERSION = 2  # 2: `corrections` of the report's facts (version 1 files load unchanged)
NOT_APPLICABLE = "not_applicable"
VERDICTS = (COVERED, PARTIAL, MISSING, NOT_APPLICABLE)
VERDICT_NAMES = {COVERED: "符合", PARTIAL: "部分符合", MISSING: "不符合", NOT_APPLICABLE: "不适用"}



def progress_of(items) -> tuple[int, int]:
    """(reviewed, total) over (applicable, has_verdict) pairs; see Review.progress."""
    reviewed = total = 0
    for applicable, has_verdict in items:
        if applicable:
            total += 1
            reviewed += bool(has_verdict)
    return reviewed, total


class ReviewFileError(Exception):
    """A review file that cannot be opened; the message is for the reviewer."""


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Verdict:
    verdict: str | None = None
    note: str = ""
    updated: str | None = None
    fingerprint: str = ""  # obligation fingerprint when the verdict was given
    auto_status: str | None = None  # automatic status when the verdict was given
    stale: bool = False  # the obligation changed since the verdict: review again


def effective_status(item: ItemResult, verdict: Verdict | None = None) -> str | None:
    """The status that counts for an item: the reviewer's verdict where given, else the
    automatic status; None when the item does not apply (to the report's level, or by
    the reviewer's 不适用).

    The one definition used by the summary, the assessment (PDF, Word, print), the
    table exports and the app.
    """
    if not item.applicable:
        return None
    given = verdict.verdict if verdict is not None else None
    if given == NOT_APPLICABLE:
        return None
    return given or item.status


@dataclass
class Review:
    analysis: Analysis
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    reviewer: str = ""
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    # The reviewer's corrections of the report's facts: {unit, level, year, date, published} (core.facts).
    corrections: dict = field(default_factory=dict)
    # The checklist's YAML text when it is not one of the built-in checklists, so the
    # review reopens, re-analyses and shows requirements without the original file.
    checklist_yaml: str = ""

    def __post_init__(self):
        for item in self.analysis.items:
            self.verdicts.setdefault(item.id, Verdict())
        if not self.corrections:
            self.corrections = dict(getattr(self.analysis.report, "corrections", None) or {})

    def set_correction(self, name: str, value, *, when: str | None = None) -> bool:
        """Correct one of the report's facts (None or '' clears it); True when it changed.

        Raises core.facts.CorrectionError with a Chinese message for a value that cannot be used.
        The caller re-analyses with `corrections` so applicability and timeliness follow.
        """
        from fzreview.core.facts import clean_correction

        value = clean_correction(name, value)
        if self.corrections.get(name) == value:
            return False
        if value is None:
            self.corrections.pop(name, None)
        else:
            self.corrections[name] = value
        self.updated = when or now_iso()
        return True

    # ---------------------------------------------------------- editing

    def set_verdict(self, item_id: str, verdict: str | None, *, when: str | None = None) -> None:
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        item = self._item(item_id)
        v = self.verdicts[item_id]
        v.verdict = verdict
        v.fingerprint = item.fingerprint
        v.auto_status = item.status
        v.stale = False
        v.updated = when or now_iso()
        self.updated = v.updated

    def set_note(self, item_id: str, note: str, *, when: str | None = None) -> None:
        self._item(item_id)
        v = self.verdicts[item_id]
        v.note = note
        v.updated = when or now_iso()
        self.updated = v.updated

    def keep_checklist(self, checklist) -> None:
        """Carry a copy of `checklist` (a core.checklist.Checklist) unless it is built in."""
        from fzreview.core.checklist import checklist_text, is_builtin

        self.checklist_yaml = "" if is_builtin(checklist) else checklist_text(checklist)

    def checklist(self):
        """The checklist this review was made with (core.checklist.Checklist), or None.

        The copy carried in the review when there is one, else the built-in
        checklist of that id (None if it cannot be loaded).
        """
        if self.checklist_yaml:
            from fzreview.core.checklist import ChecklistError, load_checklist_text

            try:
                return load_checklist_text(self.checklist_yaml)
            except ChecklistError:
                return None
        return checklist_for(self.analysis.checklist_id)

    def _item(self, item_id: str) -> ItemResult:
        item = self.analysis.item(item_id)
        if item is None:
            raise KeyError(item_id)
        return item

    # ---------------------------------------------------------- derived

    def effective_status(self, item: ItemResult) -> str | None:
        """See the module function `effective_status` (None: the item does not apply)."""
        return effective_status(item, self.verdicts.get(item.id))

    def reviewed_count(self) -> int:
        return sum(1 for v in self.verdicts.values() if v.verdict)

    def progress(self) -> tuple[int, int]:
        """(reviewed, total) as every view shows 已审 n/m: the items that apply to the report's
        level (the ones the checklist tree counts and steps through) and how many have a verdict."""
        return progress_of((i.applicable, bool(self.verdicts.get(i.id, Verdict()).verdict))
                           for i in self.analysis.items)

    def changed_since_review(self, item_id: str) -> bool:
        """Automatic status or obligation text changed since the verdict was given."""
        v = self.verdicts.get(item_id)
        item = self.analysis.item(item_id)
        if not v or not v.verdict or item is None:
            return False
        return v.stale or (v.auto_status is not None and v.auto_status != item.status)

    def summary(self) -> dict:
        items = [i for i in self.analysis.items
                 if self.verdicts.get(i.id, Verdict()).verdict != NOT_APPLICABLE]
        out = summarize(items, self.analysis.part_titles, self.analysis.structure, self.effective_status)
        out["reviewed"], out["total"] = self.progress()
        return out

    def reanalyse(self, analysis: Analysis) -> list[str]:
        """Take a new automatic analysis, keeping every verdict and note.

        Returns the ids flagged for re-review because their obligation changed.
        """
        flagged = []
        for item in analysis.items:
            v = self.verdicts.setdefault(item.id, Verdict())
            if v.verdict and v.fingerprint and v.fingerprint != item.fingerprint:
                v.stale = True
                flagged.append(item.id)
        self.analysis = analysis
        self.updated = now_iso()
        return flagged

    # ---------------------------------------------------------- file format

    def to_dict(self) -> dict:
        a = self.analysis
        items = []
        for item in a.items:
            v = self.verdicts.get(item.id, Verdict())
            items.append({
                "id": item.id, "title": item.title, "clause": item.clause, "part_ref": item.part_ref,
                "applicable": item.applicable, "quantifiable": item.quantifiable,
                "fingerprint": item.fingerprint,
                "auto": {"status": item.status, "score": item.score,
                         "evidence": [asdict(e) for e in item.evidence], "why": list(item.why)},
                "verdict": v.verdict, "note": v.note, "updated": v.updated,
                "verdict_fingerprint": v.fingerprint, "verdict_auto_status": v.auto_status,
                "stale": v.stale,
            })
        return {
            "format": FORMAT, "version": VERSION,
            "report": asdict(a.report),
            "checklist": {"id": a.checklist_id, "title": a.checklist_title, "sha256": a.checklist_sha256,
                          **({"yaml": self.checklist_yaml} if self.checklist_yaml else {})},
            "engine_version": a.engine_version,
            "part_titles": dict(a.part_titles),
            "structure": [asdict(s) for s in a.structure],
            "findings": [asdict(f) for f in a.findings],
            "items": items,
            "reviewer": self.reviewer, "created": self.created, "updated": self.updated,
            "corrections": dict(self.corrections),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Review:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ReviewFileError("这不是审查文件（缺少 format: fzreview）。")
        version = data.get("version")
        if version is None:
            raise ReviewFileError("审查文件缺少版本号（version），无法打开。文件未被改动。")
        if isinstance(version, bool) or not isinstance(version, int):
            shown = repr(version) if len(repr(version)) <= 20 else repr(version)[:20] + "…"
            raise ReviewFileError(f"审查文件的版本号（version）应为整数，实际为 {shown}，无法打开。文件未被改动。")
        if not 0 <= version <= 1000:
            raise ReviewFileError("审查文件的版本号无效，无法打开。文件未被改动。")
        if version > VERSION:
            raise ReviewFileError(
                f"审查文件由更新版本的审查台保存（格式版本 {version}，本程序支持到 {VERSION}），请升级后再打开。文件未被改动。")
        try:
            data = check_review(data)
        except SchemaError as exc:
            raise ReviewFileError(f"审查文件内容不完整或已损坏（{exc}），无法打开。文件未被改动。") from None
        if "corrections" in data["report"]:
            # The analysis's own snapshot of the corrections: a damaged entry is dropped, not fatal.
            data["report"]["corrections"] = _read_corrections(data["report"]["corrections"], strict=False)
        try:
            items, verdicts = [], {}
            for raw in data["items"]:
                auto = raw["auto"]
                items.append(ItemResult(
                    id=raw["id"], title=raw.get("title", ""), clause=raw.get("clause", ""),
                    part_ref=raw.get("part_ref", ""), status=auto["status"],
                    applicable=bool(raw.get("applicable", True)), score=float(auto.get("score", 0.0)),
                    evidence=[Evidence(**e) for e in auto.get("evidence", [])],
                    why=list(auto.get("why", [])), quantifiable=bool(raw.get("quantifiable", False)),
                    fingerprint=raw.get("fingerprint", ""),
                ))
                verdict = raw.get("verdict")
                if verdict is not None and verdict not in VERDICTS:
                    raise ValueError(f"unknown verdict {verdict!r} for {raw['id']}")
                verdicts[raw["id"]] = Verdict(
                    verdict=verdict, note=str(raw.get("note") or ""), updated=raw.get("updated"),
                    fingerprint=raw.get("verdict_fingerprint", ""),
                    auto_status=raw.get("verdict_auto_status"), stale=bool(raw.get("stale", False)))
            checklist = data["checklist"]
            analysis = Analysis(
                report=ReportInfo(**data["report"]),
                checklist_id=checklist["id"], checklist_title=checklist.get("title", ""),
                checklist_sha256=checklist.get("sha256", ""),
                items=items,
                structure=[StructureResult(**s) for s in data.get("structure", [])],
                findings=[_finding(f) for f in data.get("findings", [])],
                part_titles=dict(data.get("part_titles", {})),
                engine_version=data.get("engine_version", ""),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ReviewFileError(f"审查文件内容不完整或已损坏（{exc}），无法打开。文件未被改动。") from None
        corrections = _read_corrections(data.get("corrections"))
        checklist_yaml = checklist.get("yaml") or ""
        if not isinstance(checklist_yaml, str):
            raise ReviewFileError("审查文件中保存的清单（checklist.yaml）不是文本，无法打开。文件未被改动。")
        return cls(analysis=analysis, verdicts=verdicts, reviewer=str(data.get("reviewer") or ""),
                   created=data.get("created") or now_iso(), updated=data.get("updated") or now_iso(),
                   corrections=corrections, checklist_yaml=checklist_yaml)


def _read_corrections(raw, strict: bool = True) -> dict:
    """The `corrections` object of a review file, each value checked like a typed correction.

    `strict=False` drops a bad value instead of refusing the file.
    """
    from fzreview.core.facts import FACT_NAMES, CorrectionError, clean_correction

    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ReviewFileError("审查文件中的报告信息更正（corrections）格式不对，无法打开。文件未被改动。")
    out = {}
    for name, value in raw.items():
        if name not in FACT_NAMES:
            continue  # a fact a newer version knows: ignored
        try:
            value = clean_correction(name, value)
        except CorrectionError as exc:
            if not strict:
                continue
            raise ReviewFileError(f"审查文件中的报告信息更正有误：{exc}。文件未被改动。") from None
        if value is not None:
            out[name] = value
    return out


def _finding(raw: dict) -> Finding:
    finding = Finding(**raw)
    if finding.kind == "no_figures" and not finding.item_ids:
        # files written before findings carried item ids: the message starts with the id
        head = finding.message.split(" ", 1)[0]
        finding.item_ids = [head] if head else []
    return finding


def checklist_for(checklist_id: str):
    """The built-in checklist `checklist_id`, or None if there is none (never raises)."""
    from fzreview.core.checklist import CHECKLIST_DIR, ChecklistError, load_checklist

    if not checklist_id or not (CHECKLIST_DIR / f"{checklist_id}.yaml").is_file():
        return None
    try:
        return load_checklist(checklist_id)
    except ChecklistError:
        return None


def save_review(review: Review, path: str | Path) -> None:
    """Write atomically: a temporary file in the same folder, then replace."""
    write_atomic(path, json_bytes(review.to_dict(), indent=1))


MAX_REVIEW_BYTES = 256 * 1024 * 1024


def load_review(path: str | Path) -> Review:
    """Read and validate a review file (core/review_schema.py); ReviewFileError for anything else."""
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ReviewFileError("这不是普通文件（文件夹、管道或设备），无法作为审查文件打开。")
        if st.st_size > MAX_REVIEW_BYTES:
            raise ReviewFileError(f"审查文件过大（{st.st_size // (1024 * 1024)} MB），不像审查台保存的文件，无法打开。")
        raw = path.read_bytes()
    except OSError as exc:
        raise ReviewFileError(f"无法读取审查文件：{os_error_text(exc, writing=False)}") from None
    return Review.from_dict(parse_review_json(raw))


def parse_review_json(raw: bytes):
    """JSON of a review file; damaged, over-deep or over-long-number JSON becomes ReviewFileError."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReviewFileError("审查文件已损坏（不是有效的 JSON），无法打开。文件未被改动。") from None
    except RecursionError:
        raise ReviewFileError("审查文件的结构嵌套过深，不是审查台保存的文件，无法打开。文件未被改动。") from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise ReviewFileError("审查文件中有无效的数值（位数过多），无法打开。文件未被改动。") from None
