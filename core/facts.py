"""The report's facts: who reports (unit), at which government tier (level), for which year, and when.

This module holds the facts (ReportFacts, each Fact with its source and span), the reviewer's
corrections and `effective_facts`; `core.fact_finder` reads them from a report.

Every fact carries where it was read: the title, the opening paragraph, the
signature block at the end (落款), the page's own source/date line, the text at
large, or the reviewer's correction.

Tiers follow the checklist (`core.checklist.LEVELS`): 直辖市 and their bureaus
are `province`, 市辖区 and 县级市 are `county`, a department takes its
government's tier.

`core.fact_finder.detect_facts(doc)` finds them; `apply_corrections` lays the reviewer's
corrections over them; `effective_facts(review_or_analysis)` is the one
function every view (GUI, CLI summary, PDF) calls.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields
from datetime import date

from fzreview.core.gazetteer import CITY, COUNTY, PROVINCE, TOWNSHIP

FACT_NAMES = ("unit", "level", "year", "date", "published")
FACT_LABELS = {"unit": "报告单位", "level": "政府层级", "year": "报告年度", "date": "落款日期",
               "published": "发布日期"}
SOURCE_NAMES = {"title": "标题", "opening": "正文开头", "signature": "落款", "page": "网页来源行",
                "text": "正文", "reviewer": "审查人更正", "": "未识别"}
LEVEL_CHARS = {"省": PROVINCE, "自治区": PROVINCE, "市": CITY, "州": CITY, "盟": CITY, "县": COUNTY, "区": COUNTY,
               "旗": COUNTY, "镇": TOWNSHIP, "乡": TOWNSHIP, "街道": TOWNSHIP}


@dataclass
class Fact:
    value: str | int | None = None  # unit: name; level: a LEVELS id; year: int; dates: ISO yyyy-mm-dd
    source: str = ""  # a key of SOURCE_NAMES
    start: int | None = None  # span in the normalised text, when read from it
    end: int | None = None
    auto: str | int | None = None  # the detected value, kept when the reviewer corrected it

    @property
    def corrected(self) -> bool:
        return self.source == "reviewer"


@dataclass
class ReportFacts:
    unit: Fact = field(default_factory=Fact)
    level: Fact = field(default_factory=Fact)
    year: Fact = field(default_factory=Fact)
    date: Fact = field(default_factory=Fact)  # date under the signature (落款)
    published: Fact = field(default_factory=Fact)  # publication date on the web page

    def get(self, name: str) -> Fact:
        return getattr(self, name)

    def signed_date(self) -> datetime.date | None:
        return parse_iso(self.date.value)

    def published_date(self) -> datetime.date | None:
        return parse_iso(self.published.value)

    def to_dict(self) -> dict:
        return {name: {f.name: getattr(self.get(name), f.name) for f in fields(Fact)} for name in FACT_NAMES}

    @classmethod
    def from_dict(cls, data) -> ReportFacts:
        """Read facts back from JSON; anything of the wrong type (a damaged or hand-edited file) is
        left out rather than trusted."""
        out = cls()
        if not isinstance(data, dict):
            return out
        for name in FACT_NAMES:
            raw = data.get(name)
            if isinstance(raw, dict):
                setattr(out, name, _fact_from(raw))
        return out


def _fact_from(raw: dict) -> Fact:
    def scalar(v):
        return v if isinstance(v, (str, int)) and not isinstance(v, bool) and len(str(v)) <= 200 else None

    def offset(v):
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None

    source = raw.get("source")
    start, end = offset(raw.get("start")), offset(raw.get("end"))
    if start is None or end is None or end < start:
        start = end = None
    return Fact(value=scalar(raw.get("value")), source=source if source in SOURCE_NAMES else "",
                start=start, end=end, auto=scalar(raw.get("auto")))


def parse_iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- corrections

class CorrectionError(ValueError):
    """A correction the reviewer typed that cannot be used; the message is Chinese."""


def clean_correction(name: str, value) -> str | int | None:
    """Check and normalise one correction; None or '' clears it."""
    from fzreview.core.checklist import LEVEL_NAMES, LEVELS

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CorrectionError(f"{FACT_LABELS.get(name, name)}应为文字或数字")
    if name == "unit":
        text = re.sub(r"\s+", "", str(value))
        if len(text) > 60:
            raise CorrectionError("报告单位名称太长（最多 60 个字）")
        return text
    if name == "level":
        text = str(value).strip()
        by_name = {v: k for k, v in LEVEL_NAMES.items()}
        text = by_name.get(text, text)
        if text not in LEVELS:
            raise CorrectionError("政府层级应为 " + "、".join(f"{k}（{LEVEL_NAMES[k]}）" for k in LEVELS))
        return text
    if name == "year":
        try:
            year = int(str(value).strip().rstrip("年"))
        except ValueError:
            raise CorrectionError(f"报告年度应为四位数字年份，不是“{value}”") from None
        if not 2000 <= year <= 2100:
            raise CorrectionError(f"报告年度 {year} 不在 2000–2100 之间")
        return year
    if name in ("date", "published"):
        text = str(value).strip()
        m = _DATE_RE.fullmatch(text) or _ISO_RE.fullmatch(text)
        when = _to_date(m) if m else None
        if when is None:
            raise CorrectionError(f"{FACT_LABELS[name]}应写成 2025-03-01 或 2025年3月1日，不是“{value}”")
        return when.isoformat()
    raise CorrectionError(f"未知的报告信息：{name}")


def apply_corrections(facts: ReportFacts, corrections: dict | None) -> ReportFacts:
    """The facts with the reviewer's corrections laid over them (a new object)."""
    out = ReportFacts.from_dict(facts.to_dict())
    for name, value in (corrections or {}).items():
        if name not in FACT_NAMES or value in (None, ""):
            continue
        auto = facts.get(name)
        if value == auto.value:  # a "correction" equal to the detected value corrects nothing
            continue
        setattr(out, name, Fact(value=value, source="reviewer", auto=auto.value))
    given = corrections or {}
    if given.get("unit") and not given.get("level") and given["unit"] != facts.unit.value:
        from fzreview.core.fact_finder import level_of_name

        level = level_of_name(str(given["unit"]))
        if level and level != out.level.value:
            out.level = Fact(value=level, source="reviewer", auto=facts.level.value)
    return out


def effective_facts(subject) -> ReportFacts:
    """The facts every view shows and every rule uses: detected facts plus the reviewer's corrections.

    `subject` is a Review (its corrections count) or an Analysis (the facts it was made with).
    """
    analysis = getattr(subject, "analysis", subject)
    report = analysis.report
    auto = ReportFacts.from_dict(getattr(report, "facts", None))
    if not getattr(report, "facts", None):  # an analysis saved before facts were kept
        old = _fact_from({"value": report.jurisdiction or None})
        auto.unit = Fact(old.value, "text" if old.value else "")
        for name, value, source in (("level", report.level, "text"), ("year", report.year, "text"),
                                    ("published", report.published, "page")):
            value = _fact_from({"value": value}).value
            setattr(auto, name, Fact(value, source if value else ""))
    corrections = {}
    for given in (getattr(report, "corrections", None), getattr(subject, "corrections", None)):
        for name, value in (given.items() if isinstance(given, dict) else ()):
            try:
                value = clean_correction(name, value)
            except CorrectionError:
                continue  # a damaged value is not shown as the reviewer's
            if value is not None:
                corrections[name] = value
    return apply_corrections(auto, corrections)


# ---------------------------------------------------------------- dates

_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?!\d)(?:\s*日)?")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_DATE_RE = re.compile(r"([〇○零OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def _to_date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date in `text` (2025年1月20日, 2025-01-20, 二〇二五年一月二十日) with its span."""
    best = None
    for rx in (_DATE_RE, _CN_DATE_RE):
        m = rx.search(text)
        if not m:
            continue
        try:
            if rx is _DATE_RE:
                when = _to_date(m)
            else:
                when = date(int("".join(str(_CN_DIGITS[c]) for c in m.group(1))), _cn_number(m.group(2)),
                            _cn_number(m.group(3)))
        except (ValueError, KeyError):
            when = None
        if when and (best is None or m.start() < best[1]):
            best = (when, m.start(), m.end())
    return best
