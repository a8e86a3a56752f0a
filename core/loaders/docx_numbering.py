"""Word's automatic list numbers ("一、", "（一）", "1."), which are not in the run text.

Word renders them from numbering.xml: a paragraph's w:numPr (numId, ilvl) — set
directly or inherited from its paragraph style — points to a w:num, which
points to a w:abstractNum whose w:lvl gives the number format (numFmt), the
label template (lvlText, "%1、"), and the start value. Counters run per
abstract list and per level; using a level resets the deeper ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

_DIGITS = "零一二三四五六七八九"
_TO_LEGAL = str.maketrans("零一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def _w(element, name: str):
    return element.find(f"{_W}{name}") if element is not None else None


def _val(element, name: str) -> str | None:
    child = _w(element, name)
    return child.get(f"{_W}val") if child is not None else None


# Word accepts list start values 0…32767; a file may claim anything (5,200,000,000 as upperLetter
# would be a 200-million-letter label), so values from the file are clamped to Word's range.
MAX_NUMBER = 32767


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None and len(value) <= 12 else None
    except ValueError:
        return None


def _count(value: str | None) -> int | None:
    """A start value or level index from the file, clamped to 0…MAX_NUMBER."""
    number = _int(value)
    return None if number is None else min(max(number, 0), MAX_NUMBER)


def chinese_counting(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out = ""
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // value) % 10
        if digit:
            if pending_zero:
                out += "零"
                pending_zero = False
            out += _DIGITS[digit] + unit
        elif out:
            pending_zero = True
    return out


def _legal(n: int) -> str:
    text = chinese_counting(n)
    if 10 <= n < 20:
        text = "一" + text  # 壹拾, not 拾
    return text.translate(_TO_LEGAL)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB; it stops at 780 (26 × ZZZ…Z).
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 780 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _from_table(table: str, n: int) -> str:
    return table[n - 1] if 0 < n <= len(table) else str(n)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _legal(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _from_table(_CIRCLED, n)
    if fmt == "decimalEnclosedParen":
        return _from_table(_PARENTHESISED, n)
    if fmt == "decimalEnclosedFullstop":
        return _from_table(_FULLSTOP, n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal, ordinal, cardinalText and anything unknown


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show all levels as decimal
    hidden: bool = False
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _parse_level(lvl, base: Level | None = None) -> Level:
    level = base or Level()
    fmt = _val(lvl, "numFmt")
    text_el = _w(lvl, "lvlText")
    start = _count(_val(lvl, "start"))
    restart = _count(_val(lvl, "lvlRestart"))
    rpr = _w(lvl, "rPr")
    vanish = _w(rpr, "vanish")
    hidden = vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")
    return replace(
        level,
        fmt=fmt if fmt is not None else level.fmt,
        text=text_el.get(f"{_W}val", "") if text_el is not None else level.text,
        start=start if start is not None else level.start,
        restart=restart if restart is not None else level.restart,
        legal=_w(lvl, "isLgl") is not None or level.legal,
        hidden=hidden or level.hidden,
        style=_val(lvl, "pStyle") or level.style,
    )


@dataclass
class _Num:
    abstract_id: str
    starts: dict[int, int]  # lvlOverride/startOverride
    levels: dict[int, Level]  # lvlOverride/lvl


@dataclass
class _Style:
    num_id: str | None
    ilvl: int | None
    based_on: str | None


class Numbering:
    """Computes the label of each numbered paragraph, in document order."""

    def __init__(self, numbering_root=None, styles_root=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}  # abstractNum id → numStyleLink style id
        self.nums: dict[str, _Num] = {}
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.started_overrides: set[tuple[str, int]] = set()
        if styles_root is not None:
            self._read_styles(styles_root)
        if numbering_root is not None:
            self._read_numbering(numbering_root)

    def _read_styles(self, root) -> None:
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if not style_id:
                continue
            num_pr = _w(_w(style, "pPr"), "numPr")
            self.styles[style_id] = _Style(
                num_id=_val(num_pr, "numId"), ilvl=_int(_val(num_pr, "ilvl")), based_on=_val(style, "basedOn"),
            )
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
                self.default_style = style_id

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(f"{_W}abstractNum"):
            abstract_id = abstract.get(f"{_W}abstractNumId")
            if abstract_id is None:
                continue
            abstract_levels: dict[int, Level] = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"))
                if ilvl is not None:
                    abstract_levels[ilvl] = _parse_level(lvl)
            self.abstracts[abstract_id] = abstract_levels
            link = _val(abstract, "numStyleLink")
            if link:
                self.abstract_links[abstract_id] = link
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            abstract_id = _val(num, "abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"))
                if ilvl is None:
                    continue
                start = _count(_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = _w(override, "lvl")
                if lvl is not None:
                    levels[ilvl] = lvl
            self.nums[num_id] = _Num(abstract_id, starts, levels)

    # --- resolving a paragraph's list and level ---------------------------------

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """numId and ilvl inherited through the style chain, and the style that set them."""
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            if style.num_id is not None:
                return style.num_id, style.ilvl, style_id
            style_id = style.based_on
        return None, None, None

    def _abstract_for(self, num: _Num) -> tuple[str, dict[int, Level]] | None:
        abstract_id = num.abstract_id
        link = self.abstract_links.get(abstract_id)
        if link and not self.abstracts.get(abstract_id):
            linked_num, _, _ = self._style_num(link)
            linked = self.nums.get(linked_num or "")
            if linked is not None and linked.abstract_id != abstract_id:
                abstract_id = linked.abstract_id
        levels = self.abstracts.get(abstract_id)
        return (abstract_id, levels) if levels is not None else None

    def label(self, p) -> str:
        """The number label of paragraph element `p` ("" when not numbered); advances the counters."""
        ppr = _w(p, "pPr")
        num_pr = _w(ppr, "numPr")
        style_id = _val(ppr, "pStyle") or self.default_style
        num_id = _val(num_pr, "numId")
        ilvl = _int(_val(num_pr, "ilvl"))
        source_style = None
        if num_id is None:
            num_id, style_ilvl, source_style = self._style_num(style_id)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        num = self.nums[num_id]
        resolved = self._abstract_for(num)
        if resolved is None:
            return ""
        abstract_id, levels = resolved
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if source_style and lv.style == source_style), 0)
        levels = dict(levels)
        for i, lvl in num.levels.items():
            levels[i] = _parse_level(lvl, levels.get(i))
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if ilvl in num.starts and (num_id, ilvl) not in self.started_overrides:
            # A w:num with a startOverride restarts the list where it is first used.
            self.started_overrides.add((num_id, ilvl))
            counters[ilvl] = num.starts[ilvl]
        else:
            counters[ilvl] = min(counters[ilvl] + 1, MAX_NUMBER) if ilvl in counters else level.start
        for deeper in [i for i in counters if i > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart and ilvl <= restart - 1):
                del counters[deeper]
        if level.hidden or level.fmt == "bullet":
            return ""
        return self._render(level, levels, counters)

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
        out = []
        text = level.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                ref = int(text[i + 1]) - 1
                ref_level = levels.get(ref, Level())
                value = counters.get(ref, ref_level.start)
                fmt = "decimal" if level.legal and ref_level.fmt != "none" else ref_level.fmt
                out.append(format_number(value, fmt))
                i += 2
            else:
                out.append(ch)
                i += 1
        return "".join(out)
