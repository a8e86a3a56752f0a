"""Reading the report's facts (core.facts) from its text.

Where each fact is looked for, in order: the title (what stands before the year or 关于),
the 落款 (the short lines above the date at the end), the subject of the opening sentence
(“2024年，绥滨县坚持……”, “……领导下，新市街道办事处……”, “我区……”), the page's own source and
date line, and last the division the report names most. Places are checked against the
gazetteer of China's administrative divisions (core.gazetteer), so a fragment such as “构建镇”
or “坚持县” is never taken for a name: a province, city or county must exist, and a township
(镇, 乡, 街道) is only taken where the report names itself (title, 落款, the subject of its
opening sentence, or right after its county).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from fzreview.core.document import Document
from fzreview.core.facts import LEVEL_CHARS, Fact, ReportFacts, find_date
from fzreview.core.gazetteer import CITY, COUNTY, PROVINCE, TOWNSHIP, Division, gazetteer, stem

_CJK = "\u4e00-\u9fff"
_YEAR_TITLE_RE = re.compile(r"(?<![\d\-—－~～至到])(20[0-4]\d)\s*年度?(?![）)])")
_YEAR_OPEN_RE = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)?\s*(20[0-4]\d)\s*年?(?:以来|度|，|,|、|\s|在|我|全|是)")
_YEAR_ANY_RE = re.compile(r"(20[0-4]\d)\s*年")
# A year the report speaks of: not the end or start of a range (2021—2025年), not inside a document's name.
_YEAR_FREE_RE = re.compile(r"(?<![\d\-—－~～至到])(20[0-4]\d)\s*年(?![\d\-—－~～至到]|度?[）)]|度?[—\-－~～至到])")
_REPORT_HERE_RE = re.compile(r"现将(?:我[局委办县市区镇乡厅]|本[局委办县市区镇乡厅])?(20[0-4]\d)\s*年")
_PAGE_DATE_RE = re.compile(r"(?:发布|公开|发文|成文|印发)?(?:日期|时间)\s*[:：]?\s*")
_SOURCE_RE = re.compile(r"(?:信息)?来源\s*[:：]\s*([" + _CJK + r"]{2,30})")
_GOV_SUFFIX = r"(?:人民政府办公室|人民政府|政府|街道办事处|办事处)"
_GOV_SUFFIX_RE = re.compile(_GOV_SUFFIX)
_TOWNSHIP_RE = re.compile(r"([" + _CJK + r"]{1,7}?)(街道办事处|街道|镇|乡)")
# A department of a government: 司法局, 生态环境厅, 卫生健康委员会, 市场监督管理局 …
_DEPT_RE = re.compile(r"([" + _CJK + r"]{2,12}?)(委员会|管理委员会|局|厅|委|办公室|办)")
_DEPT_BAD = re.compile(r"[的在以了对为是着把被从向与及等各全本我该此其年月日、]|坚持|按照|根据|围绕|认真|深入|"
                       r"全面|党委|人民|政府|领导|工作|建设|法治|依法|贯彻|落实|推进|加强|报告")
_TOWNSHIP_BAD = re.compile(r"[的在以了对为是着把被从向与及等各全本我该此其年月日、，]|坚持|按照|根据|围绕|认真|深入|全面|"
                           r"构建|推进|加强|建设|紧密|现将|推动|开展|实现|完善|健全|落实|贯彻|法治|依法|工作|领导")
_SELF_SUBJECT_RE = re.compile(r"(?:我|本)(省|自治区|市|州|县|区|旗|镇|乡|街道)(?=[一-鿿])(?!委|政府|人民|级|域|内|外)")
_SUPERIOR_RE = re.compile(r"(?:^|(?<=[在照据、和及与，。\n]))(省|市|州|县|区|旗)(?:委|政府|人民政府)(?!员)")
_SELF_RE = re.compile(r"(?:我|全|本)(局|厅|委|办|省|自治区|市|州|盟|县|区|旗|镇|乡|街道)")
# Words that open a clause after the reporting body: “2024年，绥滨县坚持……”.
_VERB_AFTER = re.compile(r"(?:坚持|始终|深入|认真|全面|紧紧|紧扣|紧密|以|不断|聚焦|围绕|扎实|积极|按照|严格|持续|着力|大力|牢固|"
                         r"立足|统筹|贯彻|落实|在|法治|各级|及|和|党委|党工委|工委|依法|高度|把|将|对|全力|切实|主动|准确|"
                         r"锚定|强化|践行|笃|，|。|、|的|\s|$)")
_ADDRESSEE_END = ("：", ":")
# Where the subject of the opening sentence starts.
_SUBJECT_AT_RE = re.compile(r"(?:20[0-4]\d\s*年(?:以来|度)?[，,]?|(?:领导|指导|支持|监督)下[，,]|现将|以来[，,]|(?<=\n)|^)")








@dataclass
class Body:
    """A reporting body read from a phrase: its divisions, township, department and the text it spans."""
    divisions: list[Division]
    township: str = ""
    department: str = ""
    prefix: str = ""  # a bare tier character before a department: 县 in 县司法局
    start: int = 0
    end: int = 0

    @property
    def name(self) -> str:
        """The body as the report names it, divisions in their official form: 楚雄州 → 楚雄彝族自治州,
        景德镇市昌江区 kept whole, 县司法局 kept bare, 省政府 → 省人民政府."""
        head = "".join(d.name for d in self.divisions)
        bare = self.prefix if not self.divisions and not self.township else ""
        if bare and not self.department:
            bare += "人民政府" if bare in ("省", "市", "州", "县", "区", "旗") else ""
        return head + self.township + bare + self.department

    @property
    def government(self) -> Division | None:
        return self.divisions[-1] if self.divisions else None

    @property
    def level(self) -> str | None:
        if self.township:
            return TOWNSHIP
        gov = self.government
        if gov is not None:
            return gov.tier
        return LEVEL_CHARS.get(self.prefix)

    def score(self) -> int:
        return 3 * len(self.divisions) + (3 if self.township else 0) + (2 if self.department else 0)


def parse_body(text: str, pos: int = 0, *, anchored_end: bool = False, allow_bare: bool = True) -> Body | None:
    """Read a reporting body starting exactly at `pos` of `text`.

    Divisions must be real (gazetteer) and each inside the previous; a township
    name may follow a county (or open the phrase when `allow_bare`); a department
    may follow. With `anchored_end`, the body must run to the end of `text`
    (after dropping 人民政府/办事处 and the like).
    """
    gz = gazetteer()
    chain: list[Division] = []
    i = pos
    while True:
        options = gz.match_at(text, i)
        picked = None
        for name, divisions in options:
            if chain:
                inside = [d for d in divisions if d.within(chain[-1]) and d is not chain[-1]]
                if inside:
                    picked = (name, inside[0])
                    break
            else:
                picked = (name, divisions[0])
                break
        if picked is None:
            break
        chain.append(picked[1])
        i += len(picked[0])
    body = Body(chain, start=pos)
    # A county repeated as a bare tier character (元谋县县卫生健康局) or a bare one alone (县司法局).
    prefix = ""
    for ch in ("自治区", "街道", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡"):
        if text.startswith(ch, i):
            prefix = ch
            break
    if chain and prefix in ("县", "区", "旗") and text[i - 1] == prefix and _dept_at(text, i + 1):
        i += 1  # 元谋县县卫生健康局: the tier written twice
        prefix = ""
    township = None
    if (chain and chain[-1].tier in (COUNTY, CITY)) or (not chain and allow_bare):
        township = _township_at(text, i, anchored_end)
    if township:
        body.township = township
        i += len(township)
    elif prefix in ("省", "自治区", "市", "州", "盟", "县", "区", "旗"):
        # 县司法局, 省政府: the tier character alone, followed by a department or the government.
        after = i + len(prefix)
        if not chain and (_dept_at(text, after) or text.startswith(("人民政府", "政府"), after)):
            body.prefix = prefix
            i = after
    m = _GOV_SUFFIX_RE.match(text, i)
    if m:
        i = m.end()
    dept = _dept_at(text, i)
    if dept and (chain or body.township or body.prefix):
        body.department = dept
        i += len(dept)
    m = _GOV_SUFFIX_RE.match(text, i)
    if m:
        i = m.end()
    body.end = i
    if not (chain or body.township or body.prefix):
        return None
    if anchored_end and text[i:].strip(" \u3000、，,") not in ("", "关于", "关于的"):
        return None
    return body


def _township_at(text: str, i: int, anchored_end: bool) -> str | None:
    """A township name at `i`: the longest name (≤ 7 characters) ending in 镇/乡/街道 that is followed
    by its government, a department, the end or a clause word."""
    best = None
    for m in re.finditer(r"街道办事处|街道|街|镇|乡", text[i:i + 12]):
        name = text[i:i + m.end()]
        core = name[:-len(m.group(0))]
        if not 1 <= len(core) <= 7 or not re.fullmatch(f"[{_CJK}]+", core) or _TOWNSHIP_BAD.search(core):
            continue
        if m.group(0) == "街" and not (2 <= len(core) <= 4 and _VERB_AFTER.match(text, i + len(name))
                                      and not text.startswith(("，", "、", "的", "和", "及"), i + len(name))):
            continue  # 石门街坚持……: a street office under its short name
        if any(w in core for w in ("人民", "政府", "城乡", "乡村", "村镇", "城镇", "乡镇", "街道")):
            continue
        rest = text[i + len(name):]
        if m.group(0) in ("镇", "乡") and rest[:1] in ("村", "街", "域", "级", "长", "党", "政", "干", "人", "镇", "乡"):
            if not rest.startswith(("人民政府", "政府", "党委")):
                continue
        if anchored_end or _VERB_AFTER.match(rest) or _GOV_SUFFIX_RE.match(rest) or _YEAR_ANY_RE.match(rest) \
                or rest.startswith("关于"):
            best = name  # keep the longest: 三乡镇, not 三乡
    return best


def _dept_at(text: str, i: int) -> str | None:
    m = _DEPT_RE.match(text, i)
    if not m or _DEPT_BAD.search(m.group(1)):
        return None
    name = m.group(0)
    if m.group(2) == "委" and text.startswith("员会", m.end()):
        name += "员会"
    if name.endswith(("党委", "工委")):
        return None
    return name


def level_of_name(name: str) -> str | None:
    """The tier of a body named by the reviewer (绥滨县 → county, 重庆市应急管理局 → province)."""
    body = parse_body(name, 0, anchored_end=False)
    if body is not None and body.level:
        return body.level
    for suffix, level in LEVEL_CHARS.items():
        if name.startswith(suffix):
            return level
    return None


# ---------------------------------------------------------------- zones

@dataclass
class _Zones:
    header: list[tuple[int, int]]  # paragraphs above the body (title, page lines, addressee)
    opening: tuple[int, int]  # the first body paragraphs
    signature: list[tuple[int, int]]  # the last short lines (落款)


def _zones(doc: Document) -> _Zones:
    text = doc.text
    paras = [(p.start, p.end) for p in doc.paragraphs]
    header: list[tuple[int, int]] = []
    body_at = len(paras)
    for n, (s, e) in enumerate(paras[:10]):
        line = text[s:e]
        if len(line) > 70 or line.endswith(("。", "；")) or (_YEAR_OPEN_RE.match(line) and "，" in line) \
                or re.match(r"[一二三四五六七八九十]+、", line):
            body_at = n
            break
        header.append((s, e))
    if body_at == len(paras):
        header, body_at = header[:1], min(1, len(paras) - 1)
    open_start = paras[body_at][0] if paras else 0
    opening = (open_start, min(len(text), open_start + 700))
    signature: list[tuple[int, int]] = []
    for s, e in reversed(paras[-8:]):
        line = text[s:e]
        if len(line) > 40 or line.endswith(("。", "；")):
            if signature:
                break
            continue
        signature.append((s, e))
    return _Zones(header, opening, signature[::-1])


# ---------------------------------------------------------------- detection

def detect_facts(doc: Document) -> ReportFacts:
    text = doc.text
    zones = _zones(doc)
    facts = ReportFacts()
    facts.published = _page_date(doc, zones)
    facts.date = _signed_date(doc, zones)
    facts.year = _year(doc, zones)
    body, source = _body(doc, zones)
    if body is not None:
        facts.unit = Fact(body.name, source, body.start, body.end)
        level = body.level
        gov = body.government
        if level == CITY and not gov and _municipality_mentioned(text):
            level = PROVINCE  # 市应急管理局 of 重庆市
        if level is None:
            level = _self_level(text)
        facts.level = Fact(level, source if level else "", body.start, body.end)
    else:
        level = _self_level(text)
        if level:
            facts.level = Fact(level, "text")
            char = next((c for c, lv in LEVEL_CHARS.items() if lv == level), "")
            guess = Body([], prefix=char)
            _complete(doc, guess)
            if guess.divisions:
                facts.unit = Fact(guess.name, "text")
                facts.level = Fact(guess.level, "text")
    return facts


def _municipality_mentioned(text: str) -> bool:
    head = text[:1500]
    return any(m in head for m in ("北京", "天津", "上海", "重庆"))


def _self_level(text: str) -> str | None:
    """The tier the report uses for itself: 我县, 全镇 …; a department (我局) takes the tier of the
    government it answers to (在县委、县政府的领导下)."""
    counts = Counter(m.group(1) for m in _SELF_RE.finditer(text))
    for suffix, n in counts.most_common():
        if n < 2 and suffix not in ("局", "厅", "委", "办"):
            continue
        if suffix in LEVEL_CHARS:
            return LEVEL_CHARS[suffix]
        superiors = Counter(m.group(1) for m in _SUPERIOR_RE.finditer(text[:3000]))
        if superiors:
            return LEVEL_CHARS[superiors.most_common(1)[0][0]]
    return None


def _lines(text: str, spans) -> list[tuple[str, int]]:
    return [(text[s:e], s) for s, e in spans]


def _body(doc: Document, zones: _Zones) -> tuple[Body | None, str]:
    text = doc.text
    found: list[tuple[Body, str]] = []
    # 1. The title: the body is what stands before the year (or 关于) in a header line.
    for line, at in _lines(text, zones.header):
        if line.endswith(_ADDRESSEE_END) or _PAGE_DATE_RE.match(line) or _SOURCE_RE.match(line):
            continue
        if line.startswith(("中共", "中国共产党")):
            line2 = re.sub(r"^(?:中共|中国共产党)[^、\s]{2,20}?委(?:员会)?[\s、]*", "", line)
            at += len(line) - len(line2)
            line = line2
        if line.startswith("关于"):  # 关于绥滨县2024年法治政府建设情况的报告
            line, at = line[2:], at + 2
        cut = re.search(r"关于|20[0-4]\d\s*年|法治政府|法治建设|依法行政|[（(]", line)
        head = line[:cut.start()] if cut else line
        head_stripped = head.rstrip(" 　")
        if not head_stripped:
            continue
        body = parse_body(text[:at + len(head_stripped)], at, anchored_end=True)
        if body is not None:
            found.append((body, "title"))
            break
    # 2. The signature block: a short line before the date at the end.
    for line, at in _lines(text, zones.signature):
        d = find_date(line)
        name = line[:d[1]].strip() if d else line.strip()
        if not name or len(name) > 30:
            continue
        body = parse_body(text[:at + len(name)], at, anchored_end=True)
        if body is not None:
            found.append((body, "signature"))
            break
    # 3. The opening sentence's subject: “2024年，X坚持……”, “……领导下，X……”, “现将X2024年……”.
    o_start, o_end = zones.opening
    first = text[o_start:o_end]
    stop = first.find("。")
    sentence_end = o_start + (stop if stop >= 0 else len(first))
    for m in _SUBJECT_AT_RE.finditer(text, o_start, sentence_end):
        pos = m.end()
        me = _SELF_SUBJECT_RE.match(text, pos, sentence_end)
        if me:  # “2024年，我区坚持……”: the tier, the name from the rest of the report
            found.append((Body([], prefix=me.group(1), start=me.start(), end=me.end()), "opening"))
            break
        body = parse_body(text[:sentence_end], pos, allow_bare=True)
        if body is None or body.end - body.start < 2:
            continue
        if not _VERB_AFTER.match(text, body.end) and not _YEAR_ANY_RE.match(text, body.end) \
                and not text.startswith(("关于", "法治"), body.end):
            continue
        found.append((body, "opening"))
        break
    # 4. The page's source line names the publisher; use it only to fill a gap.
    for line, at in _lines(text, zones.header):
        sm = _SOURCE_RE.search(line)
        if sm:
            body = parse_body(text[:at + sm.end(1)], at + sm.start(1), anchored_end=True)
            if body is not None and (body.divisions or body.township):
                found.append((body, "page"))
    self_level = _self_level(text)
    if not found:
        return _most_named(doc, self_level), "text"
    best, source = found[0]
    for other, other_source in found[1:]:
        if other_source == "page" and best.score() >= 3:
            continue
        if _same_body(best, other) and other.score() > best.score():
            best, source = other, other_source
    if best.prefix and not best.divisions and not best.township:
        _complete(doc, best)
    return best, source


def _complete(doc: Document, body: Body) -> None:
    """县司法局 → 绥滨县司法局 when the report names one division of that tier (or names it at least
    twice as often as any other); 我区 → 昌江区 when it names one city and only one of that city's
    districts or counties, even without its suffix (现代化魅力新昌江)."""
    tier = LEVEL_CHARS.get(body.prefix)
    all_named = _named(doc)
    named = [b for b in all_named if b.government is not None and not b.township and b.government.tier == tier]
    if tier == CITY:  # a 市 bureau of a 直辖市
        named += [b for b in all_named if b.government is not None and b.government.municipality
                  and len(b.divisions) == 1]
    counts = Counter(b.government.code for b in named if b.government is not None)
    if not counts and tier == COUNTY:
        gov = _only_child_named(doc, all_named)
        if gov is not None:
            body.divisions = [gov]
            body.prefix = ""
        return
    if not counts:
        return
    (code, n), *rest = counts.most_common()
    if rest and rest[0][1] * 2 > n:
        return
    gov = next(d for d in (b.government for b in named) if d is not None and d.code == code)
    body.divisions = [gov]
    body.prefix = ""


def _only_child_named(doc: Document, named: list[Body]) -> Division | None:
    """The one district or county of the report's city (or 直辖市) whose stem the text contains."""
    gz = gazetteer()
    parents = Counter(b.government for b in named
                      if b.government is not None and (b.government.tier == CITY or b.government.municipality))
    if len(parents) != 1:
        return None
    parent = next(iter(parents))
    found = [d for d in gz.children_of(parent) if len(stem(d.name)) >= 2 and stem(d.name) in doc.text]
    return found[0] if len(found) == 1 else None


def _named(doc: Document, *, quoted_too: bool = True) -> list[Body]:
    """Every division chain the report names, where it stands on its own (not inside a longer word).

    Names inside 《》 are documents' names: the report's own (《集美区法治政府建设实施方案》) or a
    superior's (《浙江省法治政府建设实施纲要》); `quoted_too=False` leaves them out.
    """
    gz = gazetteer()
    text = doc.text
    out: list[Body] = []
    i = 0
    limit = min(len(text), 20000)
    quoted = [] if quoted_too else [m.span() for m in re.finditer(r"《[^《》\n]{0,80}》", text[:limit])]
    q = 0
    while i < limit:
        while q < len(quoted) and quoted[q][1] <= i:
            q += 1
        if q < len(quoted) and quoted[q][0] <= i:
            i = quoted[q][1]
            continue
        if not gz.match_at(text, i):
            i += 1
            continue
        body = parse_body(text, i, allow_bare=False)
        if body is None or not body.divisions:
            i += 1
            continue
        first = body.divisions[0]
        matched = next(n for n, ds in gz.match_at(text, i) if first in ds)
        # A one-character stem (南县, 和县) is a name only where it cannot be a word: at a line start or
        # before its government.
        stem_short = len(matched) <= 2 and matched[-1] in "县区市旗州" and len(body.divisions) == 1 \
            and not body.department
        if stem_short and not ((i == 0 or text[i - 1] in "\n　 ") and text.startswith(("人民政府", "政府", "委"), body.end)):
            i += 1
            continue
        out.append(body)
        i = max(body.end, i + 1)
    return out


def _most_named(doc: Document, self_level: str | None) -> Body | None:
    """No self-naming phrase: the division the report names most often (its first 600 characters
    count triple), at the tier the report uses for itself (我县, 全省) when it does."""
    counts: Counter[str] = Counter()
    first: dict[str, Body] = {}
    for body in _named(doc, quoted_too=False):
        if self_level and body.level != self_level:
            continue
        key = body.name
        counts[key] += 3 if body.start < 600 else 1
        first.setdefault(key, body)
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return first[name] if n >= 2 else None


def _same_body(a: Body, b: Body) -> bool:
    """b says the same as a, with more: 县司法局 / 绥滨县司法局, 留下街道 / 西湖区留下街道."""
    if a.department and b.department and a.department != b.department:
        return False
    if a.township and b.township and a.township != b.township:
        return False
    if a.government and b.government and not (a.government.within(b.government) or b.government.within(a.government)):
        return False
    if a.prefix and b.level and LEVEL_CHARS.get(a.prefix) not in (b.level, None):
        return False
    return True


def _year(doc: Document, zones: _Zones) -> Fact:
    text = doc.text
    for line, at in _lines(text, zones.header):
        if _PAGE_DATE_RE.match(line) or _SOURCE_RE.search(line) or find_date(line) or line.endswith("。"):
            continue
        m = _YEAR_TITLE_RE.search(line)
        if m and ("报告" in line or "法治" in line or "依法" in line or len(line) < 40):
            return Fact(int(m.group(1)), "title", at + m.start(1), at + m.end(1))
    o_start, o_end = zones.opening
    m = _YEAR_OPEN_RE.match(text, o_start)
    if m:
        return Fact(int(m.group(1)), "opening", m.start(1), m.end(1))
    m = _REPORT_HERE_RE.search(text, o_start, o_end)
    if m:
        return Fact(int(m.group(1)), "opening", m.start(1), m.end(1))
    for para_start, _ in _paragraph_spans(doc, o_start, 3):
        m = _YEAR_OPEN_RE.match(text, para_start)
        if m:
            return Fact(int(m.group(1)), "opening", m.start(1), m.end(1))
    years = Counter(int(m.group(1)) for m in _YEAR_FREE_RE.finditer(text))
    if years:
        y = years.most_common(1)[0][0]
        m = re.search(f"{y}\\s*年", text)
        return Fact(y, "text", m.start() if m else None, m.end() if m else None)
    return Fact()


def _paragraph_spans(doc: Document, start: int, n: int) -> list[tuple[int, int]]:
    k = doc.paragraph_at(start)
    return [(p.start, p.end) for p in doc.paragraphs[k:k + n]]


def _page_date(doc: Document, zones: _Zones) -> Fact:
    """The publication date on the page's own date line (发布日期、发布时间、时间、日期) or a bare date under the title."""
    text = doc.text
    for line, at in _lines(text, zones.header):
        for m in _PAGE_DATE_RE.finditer(line):
            if not m.group(0).strip():
                continue
            d = find_date(line[m.end():m.end() + 20])
            if d and line[m.end():m.end() + d[1]].strip() == "":
                return Fact(d[0].isoformat(), "page", at + m.end() + d[1], at + m.end() + d[2])
    for line, at in _lines(text, zones.header):
        d = find_date(line)
        if d and len(line) <= 40:
            return Fact(d[0].isoformat(), "page", at + d[1], at + d[2])
    return Fact()


def _signed_date(doc: Document, zones: _Zones) -> Fact:
    text = doc.text
    for line, at in reversed(_lines(text, zones.signature)):
        d = find_date(line)
        if d and len(line) - (d[2] - d[1]) <= 30:
            return Fact(d[0].isoformat(), "signature", at + d[1], at + d[2])
    return Fact()
