"""The review file's schema: what `load_review` accepts, declared field by field.

A review file is JSON a reviewer may have edited, a tool may have written, or a
disk may have damaged. Before any of it reaches the model, `check_review`
walks it against the schema below and either returns a cleaned copy or raises
SchemaError naming the field (``items[3].auto.status``) and what is wrong. Types,
enumerations, sizes and nesting are all bounded; unknown fields are dropped
(a newer version's additions); lone surrogates in text become U+FFFD (they
could not be saved again).

Adding a field: add one line to the object it belongs to, e.g.
``"reviewed_by": Str(max_len=200)`` in ITEM. Nothing else changes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from fzreview.core.analysis import STATUSES

MAX_TEXT = 8_000_000  # the report text (the loader stops at 1,000,000 characters) and a checklist copy
MAX_SHORT = 10_000  # titles, reasons, messages
MAX_NOTE = 100_000  # a reviewer's note
MAX_LIST = 20_000
MAX_DEPTH = 12  # nesting of free-form objects (facts, corrections)
MAX_INT = 10**12

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class SchemaError(ValueError):
    """`where` is the path of the offending field, `problem` says what is wrong (Chinese)."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}：{problem}" if where else problem)
        self.where = where
        self.problem = problem


def _type_name(value) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "整数", float: "数字", str: "文字", list: "列表", dict: "对象"}.get(
        type(value), type(value).__name__)


class Field:
    optional = False  # None allowed

    def check(self, value, where: str):
        raise NotImplementedError


@dataclass
class Str(Field):
    max_len: int = MAX_SHORT
    min_len: int = 0

    def check(self, value, where):
        if not isinstance(value, str):
            raise SchemaError(where, f"应为文字，实际为{_type_name(value)}")
        if len(value) > self.max_len:
            raise SchemaError(where, f"过长（{len(value):,} 字，上限 {self.max_len:,}）")
        if len(value) < self.min_len:
            raise SchemaError(where, "不能为空")
        return _SURROGATE_RE.sub("\ufffd", value) if _SURROGATE_RE.search(value) else value


@dataclass
class Int(Field):
    low: int = -MAX_INT
    high: int = MAX_INT

    def check(self, value, where):
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(where, f"应为整数，实际为{_type_name(value)}")
        if not self.low <= value <= self.high:
            shown = str(value) if len(str(value)) <= 20 else f"{str(value)[:12]}…（{len(str(value))} 位）"
            raise SchemaError(where, f"数值 {shown} 超出范围（{self.low}–{self.high}）")
        return value


@dataclass
class Float(Field):
    low: float = -1e9
    high: float = 1e9

    def check(self, value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(where, f"应为数字，实际为{_type_name(value)}")
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise SchemaError(where, f"数值 {value} 超出范围")
        return float(value)


class Bool(Field):
    def check(self, value, where):
        if not isinstance(value, bool):
            raise SchemaError(where, f"应为 true 或 false，实际为{_type_name(value)}")
        return value


@dataclass
class Enum(Field):
    values: tuple

    def check(self, value, where):
        if isinstance(value, bool) or value not in self.values:
            allowed = "、".join("null" if v is None else str(v) for v in self.values)
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
            raise SchemaError(where, f"值 {shown} 无效，应为 {allowed} 之一")
        return value


@dataclass
class Opt(Field):
    """`inner`, or null."""

    inner: Field

    def check(self, value, where):
        return None if value is None else self.inner.check(value, where)


@dataclass
class List(Field):
    item: Field
    max_items: int = MAX_LIST

    def check(self, value, where):
        if not isinstance(value, list):
            raise SchemaError(where, f"应为列表，实际为{_type_name(value)}")
        if len(value) > self.max_items:
            raise SchemaError(where, f"条目过多（{len(value):,} 条，上限 {self.max_items:,}）")
        return [self.item.check(v, f"{where}[{i}]") for i, v in enumerate(value)]


@dataclass
class Map(Field):
    """An object with free keys (text) and values of one kind."""

    value: Field
    max_items: int = 1000

    def check(self, value, where):
        if not isinstance(value, dict):
            raise SchemaError(where, f"应为对象，实际为{_type_name(value)}")
        if len(value) > self.max_items:
            raise SchemaError(where, f"条目过多（{len(value):,} 条，上限 {self.max_items:,}）")
        return {Str(200).check(k, where): self.value.check(v, f"{where}.{k}") for k, v in value.items()}


@dataclass
class AnyJSON(Field):
    """Free-form JSON (checked later by its owner), bounded in depth and size."""

    max_depth: int = MAX_DEPTH

    def check(self, value, where, depth: int = 0):
        if depth > self.max_depth:
            raise SchemaError(where, f"嵌套过深（超过 {self.max_depth} 层）")
        if isinstance(value, dict):
            if len(value) > 1000:
                raise SchemaError(where, "条目过多")
            return {Str(200).check(k, where): self.check(v, f"{where}.{k}", depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            if len(value) > MAX_LIST:
                raise SchemaError(where, "条目过多")
            return [self.check(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        if isinstance(value, str):
            return Str(MAX_NOTE).check(value, where)
        if isinstance(value, float):
            return Float(-1e15, 1e15).check(value, where)
        if isinstance(value, int) and not isinstance(value, bool):
            return Int().check(value, where)
        return value  # bool, None


@dataclass
class Obj(Field):
    """An object with known fields; unknown fields are dropped, `required` ones must be present."""

    fields: dict[str, Field]
    required: frozenset = field(default_factory=frozenset)

    def check(self, value, where):
        if not isinstance(value, dict):
            raise SchemaError(where, f"应为对象，实际为{_type_name(value)}")
        missing = sorted(self.required - value.keys())
        if missing:
            raise SchemaError(where, f"缺少字段 {', '.join(missing)}")
        out = {}
        for name, spec in self.fields.items():
            if name in value:
                out[name] = spec.check(value[name], f"{where}.{name}" if where else name)
        return out


def obj(required: str = "", **fields: Field) -> Obj:
    return Obj(fields, frozenset(required.split()))


# ---------------------------------------------------------------- the review file

VERDICT_VALUES = ("covered", "partial", "missing", "not_applicable")
LEVEL_VALUES = ("province", "city", "county", "township")

OFFSET = Int(0, MAX_TEXT)

EVIDENCE = obj(
    "start end text",
    start=OFFSET, end=OFFSET, text=Str(MAX_SHORT), terms=List(Str(1000), 500), part=Str(64),
    score=Float(), weak=List(Str(1000), 500),
)

ITEM = obj(
    "id auto",
    id=Str(64, min_len=1), title=Str(), clause=Str(), part_ref=Str(64),
    applicable=Bool(), quantifiable=Bool(), fingerprint=Str(128),
    auto=obj("status", status=Enum(STATUSES), score=Float(), evidence=List(EVIDENCE, 500),
             why=List(Str(), 500)),
    verdict=Opt(Enum(VERDICT_VALUES)), note=Str(MAX_NOTE), updated=Opt(Str(64)),
    verdict_fingerprint=Str(128), verdict_auto_status=Opt(Enum(STATUSES)), stale=Bool(),
)

REPORT = obj(
    "text",
    path=Str(4096), sha256=Str(128), text=Str(MAX_TEXT), title=Str(), year=Opt(Int(1900, 2200)),
    jurisdiction=Str(), level=Opt(Enum(LEVEL_VALUES)), level_source=Str(32), source_format=Str(32),
    encoding=Opt(Str(64)), warnings=List(Str(), 500), published=Opt(Str(64)), signed=Opt(Str(64)),
    facts=Map(AnyJSON()), corrections=Map(AnyJSON()), source_kind=Str(32),
    ocr_confidence=List(Opt(Float(0.0, 1.0)), 5000),
)

STRUCTURE = obj(
    "id present",
    id=Str(64), title=Str(), present=Bool(), start=Opt(OFFSET), end=Opt(OFFSET), mandatory=Bool(),
    detail=Str(), kind=Str(32),
)

FINDING = obj(
    "kind message",
    kind=Str(64), message=Str(), start=Opt(OFFSET), end=Opt(OFFSET), severity=Str(32),
    item_ids=List(Str(64), 1000),
)

CHECKLIST = obj("id", id=Str(200, min_len=1), title=Str(), sha256=Str(128), yaml=Opt(Str(MAX_TEXT)))

REVIEW = obj(
    "format version report checklist items",
    format=Str(32), version=Int(0, 1000),
    report=REPORT, checklist=CHECKLIST, engine_version=Str(64),
    part_titles=Map(Str()), structure=List(STRUCTURE, 200), findings=List(FINDING, 5000),
    items=List(ITEM, 5000), reviewer=Str(200), created=Opt(Str(64)), updated=Opt(Str(64)),
    corrections=Opt(Map(AnyJSON())),
)


def check_review(data) -> dict:
    """A cleaned copy of a parsed review file, or SchemaError naming the first bad field."""
    out = REVIEW.check(data, "")
    text_len = len(out["report"]["text"])
    for i, item in enumerate(out["items"]):
        for j, ev in enumerate(item["auto"].get("evidence", [])):
            if not ev["start"] <= ev["end"] <= text_len:
                raise SchemaError(f"items[{i}].auto.evidence[{j}]", "位置超出报告文字范围")
    for name in ("structure", "findings"):
        for i, entry in enumerate(out.get(name, [])):
            start, end = entry.get("start"), entry.get("end")
            if start is not None and end is not None and not start <= end <= text_len:
                raise SchemaError(f"{name}[{i}]", "位置超出报告文字范围")
    if not out["items"]:
        raise SchemaError("items", "没有任何义务项（审查文件至少应有一项）")
    ids = [item["id"] for item in out["items"]]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise SchemaError("items", f"条目 {dup} 重复")
    return out
