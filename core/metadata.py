"""What a report says about itself: year, jurisdiction, government level, dates.

All of it is read from the text; nothing is invented. A report that never
names its year gives `year=None`, and the reviewer can pass `--level`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from fzreview.core.document import Document

_YEAR_RE = re.compile(r"(20[1-3]\d)\s*年")
_TITLE_YEAR_RE = re.compile(r"(20[1-3]\d)\s*年度?[^，。]{0,20}(?:法治政府建设|法治建设|依法行政)")
# Jurisdiction names: a short name followed by an administrative suffix.
_SUFFIXES = "自治区|自治州|自治县|街道办事处|街道|省|市|州|盟|县|区|旗|镇|乡"
_SUFFIX_RE = re.compile(_SUFFIXES)
_HANZI_RE = re.compile(r"[\u4e00-\u9fff]+")
_SELF_RE = re.compile(r"(?:我|全|本)(省|市|州|县|区|旗|镇|乡|街道)")
_LEVEL_OF_SUFFIX = {
    "省": "province", "自治区": "province",
    "市": "city", "州": "city", "自治州": "city", "盟": "city",
    "县": "county", "区": "county", "旗": "county", "自治县": "county",
    "镇": "township", "乡": "township", "街道": "township", "街道办事处": "township",
}
# Leading characters that make a false name (全县, 各区, 该镇 …) or a generic phrase.
_BAD_FIRST = set("全我本各该此每等在和与及对向为以将把其到至从由省市县区镇乡")
_BAD_NAMES = re.compile(r"(?:城|社|开发|园|工业|新|片|景|辖|地|郊|城乡|山|牧|小|老|矿|校|院|营|社区|专|"
                        r"政府|党委|人民|机关|行政|执法|法治|示范|试点|重点|功能|保护|风景|城市|农村|"
                        r"部门|单位|全)$")
_BAD_CHARS = re.compile(r"[的了在对为是和与及等届召组织开展年月日个项各全本我该此共推进依法治委会议成立第]")
_DATE_RE = re.compile(r"(20[1-3]\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_PUBLISHED_RE = re.compile(r"(?:发布|公开|发文|成文)(?:日期|时间)[:：]?\s*")


@dataclass
class ReportMeta:
    year: int | None
    jurisdiction: str
    level: str | None
    published: date | None  # publication date on the web page (发布日期)
    published_span: tuple[int, int] | None
    signed: date | None  # date under the signature (落款日期)
    signed_span: tuple[int, int] | None


def detect_year(doc: Document) -> int | None:
    head = doc.text[:400]
    title = doc.title or ""
    for source in (title, head):
        m = _TITLE_YEAR_RE.search(source)
        if m:
            return int(m.group(1))
    # The first sentence of a report usually opens with its year ("2024年，……").
    for para in doc.paragraphs[:6]:
        m = re.match(r"\s*(20[1-3]\d)\s*年(?:以来|度|，|,)", doc.text[para.start:para.end])
        if m:
            return int(m.group(1))
    years = Counter(int(y) for y in _YEAR_RE.findall(doc.text))
    return years.most_common(1)[0][0] if years else None


def detect_jurisdiction(doc: Document) -> tuple[str, str | None]:
    """(name, level) of the reporting government, e.g. ("澄海区", "county").

    Every 2–4 character run before an administrative suffix is a candidate; the
    true name recurs with the same characters, so candidates are counted (the
    title and opening count triple) and the most frequent one at the level the
    report uses for itself (我县, 全镇 …) wins, lengthened while the longer form
    is nearly as frequent (洪梅 → 洪梅镇, not 梅镇).
    """
    text = doc.text
    counts: Counter[str] = Counter()
    suffix_of: dict[str, str] = {}
    head = doc.title + "\n" + text[:600]
    for zone, weight in ((head, 3), (text, 1)):
        for m in _SUFFIX_RE.finditer(zone):
            suffix = m.group(0)
            for length in (2, 3, 4):
                name = zone[max(0, m.start() - length):m.start()]
                if len(name) < length or not _HANZI_RE.fullmatch(name) or _BAD_CHARS.search(name):
                    continue
                if name[0] in _BAD_FIRST or _BAD_NAMES.search(name) or _SUFFIX_RE.search(name):
                    continue
                counts[name + suffix] += weight
                suffix_of[name + suffix] = suffix
    self_refs = Counter(_SELF_RE.findall(text))
    self_level = None
    if self_refs:
        suffix, n = self_refs.most_common(1)[0]
        if n >= 2:
            self_level = _LEVEL_OF_SUFFIX.get(suffix)
    ranked = [(n, name) for name, n in counts.items()
              if n >= 2 and (self_level is None or _LEVEL_OF_SUFFIX.get(suffix_of[name]) == self_level)]
    best = ""
    if ranked:
        top_n, best = max(ranked, key=lambda r: (r[0], -len(r[1])))
        for n, name in sorted(ranked, key=lambda r: -len(r[1])):
            if name.endswith(best) and n >= 0.6 * top_n:
                best = name
                break
    level = self_level or (_LEVEL_OF_SUFFIX.get(suffix_of[best]) if best else None)
    return best, level


def _parse_date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def detect_dates(doc: Document) -> tuple[tuple[date, tuple[int, int]] | None, tuple[date, tuple[int, int]] | None]:
    """(published, signed): the page's publication date and the signature date.

    Published: a date after 发布日期/发布时间, or a date line among the first
    paragraphs (web pages put it under the title). Signed: a date on its own
    line among the last paragraphs (落款).
    """
    text = doc.text
    published = None
    m = _PUBLISHED_RE.search(text)
    if m:
        d = _DATE_RE.match(text, m.end())
        if d and _parse_date(d):
            published = (_parse_date(d), d.span())
    if published is None:
        for para in doc.paragraphs[:5]:
            chunk = text[para.start:para.end]
            d = _DATE_RE.search(chunk)
            if d and len(chunk) <= 40 and _parse_date(d):
                published = (_parse_date(d), (para.start + d.start(), para.start + d.end()))
                break
    signed = None
    for para in reversed(doc.paragraphs[-6:]):
        chunk = text[para.start:para.end]
        d = _DATE_RE.fullmatch(chunk.strip())
        if d and _parse_date(d):
            lead = len(chunk) - len(chunk.lstrip())
            signed = (_parse_date(d), (para.start + lead, para.start + lead + len(chunk.strip())))
            break
    return published, signed


def detect_meta(doc: Document) -> ReportMeta:
    name, level = detect_jurisdiction(doc)
    published, signed = detect_dates(doc)
    return ReportMeta(
        year=detect_year(doc), jurisdiction=name, level=level,
        published=published[0] if published else None,
        published_span=published[1] if published else None,
        signed=signed[0] if signed else None,
        signed_span=signed[1] if signed else None,
    )
