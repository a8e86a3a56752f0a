"""Does the report cover an obligation, and which sentences say so?

The judgement follows the annotation guide (docs/judgement.md):

- **terms** of an obligation name it (权责清单, “双随机、一公开”). They are matched on
  the text with quotation marks, 、 and spaces ignored, so “双随机、一公开”,
  双随机一公开 and "双随机、一公开" are one phrase. Patterns (regular expressions)
  count as terms.
- **broad_terms** (营商环境, 专项整治) only count when corroborated: another term of
  the same obligation in the sentence, or a sentence close to the obligation's
  requirement.
- **paraphrases** are found by TF-IDF cosine similarity between the obligation's
  title + requirement and each sentence (jieba tokens, IDF over the report's own
  sentences; nothing is downloaded).
- A hit in the problems or plans part, in a weakening context (尚未, 有待,
  下一步, 将继续 …), as a bare name in a list, or in a sentence with nothing
  concrete (进一步加强……工作) makes the obligation at most **partial**.
- **exclude** contexts make a hit not count at all.

The matcher only reads; `core.engine` assembles the results into an Analysis.
"""

from __future__ import annotations

import math
import re
import time
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from fzreview.core.analysis import COVERED, MISSING, PART_NAMES, PARTIAL, Evidence
from fzreview.core.checklist import Obligation
from fzreview.core.document import Document
from fzreview.core.safe_regex import PATTERN_TIMEOUT, BoundedPattern, PatternClock, PatternTimeout
from fzreview.core.segment import Sentence, content_tokens
from fzreview.core.structure import LEADERSHIP, PLANS, PROBLEMS, ReportParts

# Characters ignored when matching phrases: quotes, 、, middle dots, spaces.
_IGNORED = "“”‘’\"'《》〈〉「」『』、·• \u3000"
_IGNORED_TABLE = {ord(c): None for c in _IGNORED}

WEAKENING = re.compile(
    r"尚未|尚不|有待|不够|不足|欠缺|不到位|不完善|不健全|不规范|不充分|不平衡|薄弱|短板|滞后|缺乏|"
    r"下一?步|今后|计划(?=于|在|开展|推进|启动|完成|实施|建设|建立|出台|制定|召开|组织)|(?<![模比])拟(?!定|制|订)|争取|力争|谋划|着手|筹备|探索建立|"
    r"将(?:继续|进一步|持续|着力|不断|全面|加快|深入|大力|积极|切实|重点|逐步|探索|加强|推进|推动|完善|健全|"
    r"建立|开展|强化|提升|严格|坚持|深化|认真|扎实|做好|抓好)"
)
FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|余|多)?\s*(?:件|次|场|人|家|个|项|份|期|宗|起|条|天|日|小时|名|户|所|套|批|轮|篇|部|元|个百分点|%|％)"
)
CONCRETE_ACT = re.compile(
    r"出台|制定|印发|修订|修改|废止|建立|设立|成立|组建|开展|组织|召开|举办|举行|完成|办理|办结|审查|审核|"
    r"聘请|聘任|公布|公开|发布|实现|建成|上线|开通|签订|评选|创建|获评|获得|通过|纳入|配备|培训|清理|"
    r"排查|化解|受理|调解|检查|抽查|处置|演练|编制|梳理|落地|试行|启用|接入|录入|备案|听取|审议|研究|"
    r"推行|实行|实施|执行|落实|运用|应用|依托|整合|覆盖|达到|提供|参与|列席|旁听|考核|督察|督导|评估|回复|答复"
)
GENERIC_OPENING = re.compile(r"^(?:进一步|持续|不断|切实|全面|大力|积极|深入|着力|认真)?(?:加强|推进|深化|完善|健全|强化|提升|做好|抓好|推动)")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]是)")

STOPWORDS = frozenset(
    "推进 加强 建设 工作 健全 完善 制度 机制 依法 法治 政府 落实 全面 深入 推动 提高 提升 强化 规范 进一步 持续 坚持 "
    "开展 实施 管理 体系 相关 有关 各类 部门 单位 社会 要求 作用 能力 水平 情况 问题 方面 积极 不断 有效 严格 实行 "
    "推行 加快 构建 形成 确保 做到 按照 根据 依据 通过 以及 其他 各级 本级 我们 全县 全区 全市 全镇 全省 我县 我区 "
    "我市 我镇 我省 领域 重点 重要 主要 工作机制 制度化 常态化 规范化 进行 做好 抓好 注重 统筹 发挥 加大 力度 深化 "
    "政策 措施 事项 内容 方式 程序 结果 工作人员 人员 政府部门 行政机关 机关 行政 年度 全年 一批 一系列".split()
)

SIM_PARAPHRASE = 0.40  # cosine at or above which a sentence without terms counts as a paraphrase
SIM_STRONG = 0.60  # paraphrase close enough to count as covered when the sentence is concrete
SIM_CORROBORATE = 0.20  # cosine at which a broad term counts as corroborated
MIN_SHARED = 3  # a paraphrase must share at least this many distinct content words
MIN_SENTENCE = 16  # shorter sentences (headings) are never paraphrases


def compact(text: str) -> str:
    return text.translate(_IGNORED_TABLE)


@dataclass
class CompiledObligation:
    obligation: Obligation
    terms: list[tuple[str, str]]  # (display, compact)
    broad: list[tuple[str, str]]
    patterns: list[BoundedPattern]
    exclude: re.Pattern[str] | None

    @cached_property
    def query(self) -> Counter:
        """Content words of the title and requirement. Tokenised when first asked for: the rule
        matcher needs them, the fitted judgement reads them from its weights file's profiles."""
        o = self.obligation
        return Counter(t for t in content_tokens(f"{o.title}。{o.requirement}") if t not in STOPWORDS)

    @classmethod
    def build(cls, o: Obligation) -> CompiledObligation:
        def compile_terms(terms):
            out, seen = [], set()
            for t in terms:
                c = compact(t)
                if c and c not in seen:
                    seen.add(c)
                    out.append((t, c))
            return out

        exclude = re.compile("|".join(re.escape(e) for e in o.exclude)) if o.exclude else None
        return cls(o, compile_terms(o.terms), compile_terms(o.broad_terms),
                   [BoundedPattern(p) for p in o.patterns], exclude)


@dataclass
class TextIndex:
    """Everything about one document the matcher needs, computed once."""

    doc: Document
    sentences: list[Sentence]
    parts: ReportParts
    compact_text: str = ""
    compact_map: array = field(default_factory=lambda: array("i"))
    sentence_starts: list[int] = field(default_factory=list)
    tokens: list[Counter] = field(default_factory=list)
    norms: list[float] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    sentence_parts: list[str] = field(default_factory=list)
    sentence_flags: list[tuple[bool, bool, list[str]]] = field(default_factory=list)  # figure, concrete, weak
    skipped: set[int] = field(default_factory=set)  # the report's own title is not evidence
    pattern_clock: PatternClock = field(default_factory=PatternClock)  # time left for checklist patterns
    _pairs: set[str] | None = field(default=None, repr=False, compare=False)  # see find()

    @classmethod
    def build(cls, doc: Document, sentences: list[Sentence], parts: ReportParts) -> TextIndex:
        idx = cls(doc, sentences, parts)
        text = doc.text
        keep = [i for i, ch in enumerate(text) if ch not in _IGNORED]
        idx.compact_text = "".join(text[i] for i in keep)
        idx.compact_map = array("i", keep)
        idx.sentence_starts = [s.start for s in sentences]
        df: Counter = Counter()
        for s in sentences:
            toks = Counter(t for t in content_tokens(s.text) if t not in STOPWORDS)
            idx.tokens.append(toks)
            df.update(toks.keys())
        n = len(sentences) or 1
        idx.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        for i, toks in enumerate(idx.tokens):
            idx.norms.append(math.sqrt(sum((tf * idx.idf[t]) ** 2 for t, tf in toks.items())) or 1.0)
            for t in toks:
                idx.postings.setdefault(t, []).append(i)
        for i, s in enumerate(sentences):
            if doc.title and s.text == doc.title:
                idx.skipped.add(i)
            idx.sentence_parts.append(parts.part_at(s.start))
            weak = sorted(set(WEAKENING.findall(s.text)))
            idx.sentence_flags.append((bool(FIGURE.search(s.text)), bool(CONCRETE_ACT.search(s.text)), weak))
        return idx

    def similarity_without(self, query: Counter, i: int, drop: set[str]) -> tuple[float, int]:
        """Cosine of the query with sentence i, ignoring the tokens in `drop`, and the
        number of distinct tokens still shared. Used to ask whether a broad term is
        corroborated by the rest of its sentence rather than by its own words."""
        toks = self.tokens[i]
        qw = {t: tf * self.idf.get(t, 0.0) for t, tf in query.items() if t in self.idf}
        qnorm = math.sqrt(sum(w * w for w in qw.values()))
        shared = [t for t in qw if t in toks and t not in drop]
        if not qnorm or not shared:
            return 0.0, 0
        dot = sum(qw[t] * toks[t] * self.idf[t] for t in shared)
        return dot / (qnorm * self.norms[i]), len(shared)

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def find(self, needle: str) -> list[tuple[int, int]]:
        """Spans (in doc.text) of a compacted phrase."""
        out: list[tuple[int, int]] = []
        hay = self.compact_text
        if self._pairs is None:  # the character pairs of the text: most needles are absent, and say so at once
            self._pairs = set(map(str.__add__, hay, hay[1:]))
        if any(needle[k:k + 2] not in self._pairs for k in range(len(needle) - 1)):
            return out
        cmap = self.compact_map
        pos = hay.find(needle)
        while pos >= 0:
            out.append((cmap[pos], cmap[pos + len(needle) - 1] + 1))
            pos = hay.find(needle, pos + 1)
        return out

    def similarities(self, query: Counter) -> tuple[dict[int, float], dict[int, int]]:
        """Cosine similarity of the query with every sentence sharing a token with it,
        and the number of distinct tokens shared."""
        qw = {t: tf * self.idf.get(t, 0.0) for t, tf in query.items() if t in self.idf}
        qnorm = math.sqrt(sum(w * w for w in qw.values()))
        if not qnorm:
            return {}, {}
        dots: dict[int, float] = {}
        shared: dict[int, int] = {}
        for t, w in qw.items():
            idf = self.idf[t]
            for i in self.postings.get(t, ()):
                dots[i] = dots.get(i, 0.0) + w * self.tokens[i][t] * idf
                shared[i] = shared.get(i, 0) + 1
        return {i: d / (qnorm * self.norms[i]) for i, d in dots.items()}, shared


@dataclass
class SentenceJudgement:
    index: int
    terms: list[str]
    broad: list[str]
    similarity: float
    strength: float
    status: str  # covered | partial
    reasons: list[str]


@dataclass
class MatchResult:
    status: str
    score: float
    evidence: list[Evidence]
    why: list[str]


def pattern_matches(rx: BoundedPattern, idx: TextIndex) -> list | None:
    """The non-empty matches of a checklist pattern in the report, or None when it ran out of time.

    Every pattern search of one analysis shares `idx.pattern_clock`; a stopped pattern is recorded there.
    """
    clock = idx.pattern_clock
    timeout = min(PATTERN_TIMEOUT, clock.remaining())
    started = time.perf_counter()
    try:
        if timeout <= 0:
            raise PatternTimeout(rx.pattern)
        return list(rx.finditer(idx.doc.text, timeout=timeout))
    except PatternTimeout:
        clock.timed_out.append(rx.pattern)
        return None
    finally:
        clock.add(time.perf_counter() - started)


def stopped_pattern_notes(co: CompiledObligation, idx: TextIndex) -> list[str]:
    """Reasons to add to an item whose patterns were stopped for taking too long."""
    return _stopped_notes([rx.pattern for rx in co.patterns if rx.pattern in idx.pattern_clock.timed_out])


def match(co: CompiledObligation, idx: TextIndex, max_evidence: int = 5) -> MatchResult:
    hits: dict[int, set[str]] = {}
    broad_hits: dict[int, set[str]] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for display, needle in co.terms:
        for span in idx.find(needle):
            i = idx.sentence_at(span[0])
            hits.setdefault(i, set()).add(display)
            spans.setdefault(i, []).append(span)
    for rx in co.patterns:
        for m in pattern_matches(rx, idx) or ():
            i = idx.sentence_at(m.start())
            hits.setdefault(i, set()).add(f"“{m.group(0)}”")  # quoted: a matched passage, not a listed term
            spans.setdefault(i, []).append(m.span())
    for display, needle in co.broad:
        for span in idx.find(needle):
            i = idx.sentence_at(span[0])
            broad_hits.setdefault(i, set()).add(display)
    for i, found in broad_hits.items():  # 巡察 inside 巡视巡察 is one signal, not two
        broad_hits[i] = {t for t in found if not any(t != u and compact(t) in compact(u) for u in found)}
    sims, shared = idx.similarities(co.query)
    # A paraphrase must be a real sentence sharing several content words, not a short heading.
    # One shared word corroborates nothing.
    for i in list(sims):
        if shared[i] < 2:
            sims[i] = min(sims[i], SIM_CORROBORATE / 2)
        elif shared[i] < MIN_SHARED or len(idx.sentences[i].text) < MIN_SENTENCE:
            sims[i] = min(sims[i], SIM_PARAPHRASE - 0.01)

    candidates = set(hits) | set(broad_hits) | {i for i, s in sims.items() if s >= SIM_PARAPHRASE}
    candidates -= idx.skipped
    judged: list[SentenceJudgement] = []
    for i in candidates:
        sent = idx.sentences[i]
        if co.exclude is not None and co.exclude.search(sent.text):
            continue
        cited = bool(spans.get(i)) and all(_inside_title(idx.doc.text, a, b) for a, b in spans[i])
        sim = sims.get(i, 0.0)
        if i in broad_hits and i not in hits:
            own = {tok for t in broad_hits[i] for tok in content_tokens(t)}
            rest, n_shared = idx.similarity_without(co.query, i, own)
            sim = rest if n_shared >= 2 else min(rest, SIM_CORROBORATE / 2)
        j = _judge_sentence(i, _maximal(hits.get(i, ())), _maximal(broad_hits.get(i, ())), sim, idx,
                            cited_only=cited)
        if j is not None:
            judged.append(j)

    if not judged:
        best_sim = max(sims.values(), default=0.0)
        return MatchResult(MISSING, round(min(best_sim, 0.29), 3), [], ["报告中未找到与本项义务相关的表述"])

    judged.sort(key=lambda j: (j.status == COVERED, j.strength), reverse=True)
    best = judged[0]
    status = best.status
    # Several distinct partial mentions in the measures part add up to coverage
    # only when each names the obligation (terms), never on similarity alone.
    if status == PARTIAL:
        solid = [j for j in judged if j.terms and idx.sentence_parts[j.index] not in (PROBLEMS, PLANS)
                 and not idx.sentence_flags[j.index][2]]
        if len(solid) >= 3:
            status = COVERED
            best.reasons.append(f"在举措部分有 {len(solid)} 处相关表述，合并判断为已覆盖")
    score = round(min(1.0, best.strength + 0.03 * (len(judged) - 1)), 3)
    evidence = []
    for j in judged[:max_evidence]:
        s = idx.sentences[j.index]
        evidence.append(Evidence(start=s.start, end=s.end, text=s.text, terms=j.terms + j.broad,
                                 part=idx.sentence_parts[j.index], score=round(j.strength, 3),
                                 weak=list(idx.sentence_flags[j.index][2])))
    why = list(best.reasons)
    if len(judged) > 1:
        why.append(f"共 {len(judged)} 处相关表述")
    return MatchResult(status, score, evidence, why)


def _stopped_notes(stopped: list[str]) -> list[str]:
    return [f"清单中的正则表达式 {p!r} 运行超时，已跳过（请简化该表达式），本项判断未用到它" for p in stopped]


def _judge_sentence(i: int, terms: list[str], broad: list[str], sim: float,
                    idx: TextIndex, cited_only: bool = False) -> SentenceJudgement | None:
    sent = idx.sentences[i]
    part = idx.sentence_parts[i]
    has_figure, has_act, weak = idx.sentence_flags[i]
    part_name = PART_NAMES.get(part, part)
    reasons: list[str] = []
    capped = False
    if terms:
        strength = 0.75 + 0.08 * min(2, len(terms) - 1) + 0.1 * min(sim, 1.0)
        reasons.append(f"报告直接写到了本项的关键说法：{'、'.join(terms[:4])}（{part_name}）")
    elif broad and (len(broad) >= 2 or sim >= SIM_CORROBORATE):
        strength = 0.5 + 0.2 * min(sim, 1.0)
        reasons.append(f"报告用了{'、'.join(broad[:3])}等较宽泛的说法，有其他表述佐证（{part_name}）")
    elif sim >= SIM_PARAPHRASE:
        strength = 0.4 + 0.4 * min(sim, 1.0)
        reasons.append(f"报告有与本项要求意思相近的表述（{part_name}），但没有直接写到本项的关键说法")
        if sim < SIM_STRONG or not (has_figure or has_act):
            capped = True
    elif broad:
        strength = 0.3
        reasons.append(f"报告只用了{'、'.join(broad[:3])}等较宽泛的说法，没有其他表述佐证")
        capped = True
    else:
        return None

    if part in (PROBLEMS, PLANS):
        capped = True
        reasons.append(f"只出现在“{part_name}”部分，至多部分覆盖")
    elif part == "preamble" and not has_figure:
        capped = True
        reasons.append("只出现在报告开头的概述中，正文未具体说明")
    if weak:
        capped = True
        reasons.append(f"用了{'、'.join(weak[:3])}等较原则或计划性的说法")
    if not has_figure and not has_act and _is_generic(sent.text, terms + broad):
        capped = True
        reasons.append("只有笼统表述，没有具体举措或数据")
    if _NUMBERING.match(sent.text) and len(sent.text) <= 30 and not has_figure:
        capped = True
        reasons.append("只在小标题中出现，正文未具体说明")
    if cited_only:
        capped = True
        reasons.append("只出现在所引文件的名称（《》）中，未说明做了什么")
    elif terms and _only_listed(sent.text, terms) and not has_figure:
        capped = True
        reasons.append("只在列举中提及名称，未说明做了什么")
    if part == LEADERSHIP:
        strength += 0.02
    status = PARTIAL if capped else COVERED
    if status == PARTIAL:
        strength = min(strength, 0.6)
    return SentenceJudgement(i, terms, broad, sim, strength, status, reasons)


_PRODUCED = re.compile(r"编制|印发|制定|出台|修订|发布|公布|起草|形成|审议|签订|建立|听取|传达")


def _maximal(terms) -> list[str]:
    """Distinct hits, dropping any contained in a longer one (评查 inside 执法案卷评查)."""
    by_key: dict[str, str] = {}
    for t in sorted(terms, key=lambda t: t.startswith("“")):  # a listed term wins over a quoted match
        by_key.setdefault(compact(t), t)
    return sorted(t for c, t in by_key.items() if not any(c != d and c in d for d in by_key))


def _inside_title(text: str, start: int, end: int) -> bool:
    """The span sits inside a 《book title》 — the name of a document being cited."""
    open_ = text.rfind("《", max(0, start - 80), start + 1)
    if open_ < 0 or text.rfind("》", open_, start) >= 0:
        return False
    close = text.find("》", end - 1, end + 80)
    if close < 0 or text.find("《", end, close) >= 0:
        return False
    # "编制并印发《……目录》" produces the document: that is an act, not a citation.
    return not _PRODUCED.search(text[max(0, open_ - 6):open_])


def _is_generic(text: str, terms: list[str]) -> bool:
    """A sentence that says only "进一步加强……工作": its content is the terms themselves."""
    rest = _NUMBERING.sub("", text)
    for t in terms:
        rest = rest.replace(t, "")
    rest = re.sub(r"[，。；：、“”（）《》\s]", "", rest)
    return bool(GENERIC_OPENING.match(rest)) and len(rest) < 16 or len(rest) < 6


def _only_listed(text: str, terms: list[str]) -> bool:
    """Each term hit sits in an enumeration of four or more items (A、B、C、D等)."""
    for t in terms:
        pos = text.find(t)
        if pos < 0:
            return False
        seg_start = max(text.rfind(ch, 0, pos) for ch in "，。；：")
        seg_end_candidates = [text.find(ch, pos) for ch in "，。；："]
        seg_end = min([c for c in seg_end_candidates if c >= 0], default=len(text))
        segment = text[seg_start + 1:seg_end]
        if segment.count("、") < 3:
            return False
        if CONCRETE_ACT.search(segment):
            return False
    return True
