"""Signals: what one sentence says about one obligation, as numbers.

For every obligation the sentences worth a look (candidates) are those with a
term, pattern or broad-term hit, or enough words or characters in common with
the obligation's title, requirement and terms. Each candidate gets a
`SentenceSignals`: the raw facts (terms hit, part, weakening words …) and
`vector()`, the numbers the model reads (names in FEATURES).

What the corpus knows — document frequencies of words and character pairs
over the sentences of real reports, how often each obligation is addressed,
how often a term's hit meant the obligation was addressed — comes in a
`CorpusStats`, read from the weights file at run time and computed from the
training folds by the training script. Nothing here depends on scikit-learn.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from fzreview.core.matcher import (
    CONCRETE_ACT,
    FIGURE,
    GENERIC_OPENING,
    STOPWORDS,
    WEAKENING,
    CompiledObligation,
    TextIndex,
    _inside_title,
    _maximal,
    compact,
    pattern_matches,
)
from fzreview.core.segment import content_tokens
from fzreview.core.structure import LEADERSHIP, MEASURES, PLANS, PROBLEMS

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]是)")
_HANZI_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# The report's own formulas: how it introduces itself (现将…情况报告如下, 根据…要求), the guiding-thought
# opener (坚持以…为指导) — they name obligations without reporting anything done.
_FORMULA = re.compile(r"(?:报告|汇报)如下|特此报告|^(?:根据|按照|依据)[^，。]{0,60}(?:要求|规定|部署)|为指导|指引下|正确领导下")
_PUNCT = re.compile(r"[，。；：、“”‘’（）《》〈〉()\s,.;:]")

BM25_K1, BM25_B = 1.2, 0.75
MIN_COSINE = 0.06  # below this (and without hits or two shared words) a sentence is not a candidate
MIN_CHAR_SIM = 0.15
MIN_LEARNED = 2.0
MIN_EXEMPLAR = 0.18
MAX_SIMILAR = 14  # candidates without any hit, per obligation
COMMON_BIGRAM = 0.04  # character pairs in more than this share of corpus sentences are not compared

FEATURES = (
    "bias", "term", "n_terms", "pattern", "term_reliability", "broad", "broad_corroborated", "excluded_hit",
    "cosine", "bm25", "char_sim", "shared_words", "learned_words", "exemplar", "exemplar_margin",
    "part_preamble", "part_measures", "part_problems", "part_leadership", "part_plans",
    "weak", "figure", "act", "generic", "list_only", "cited_only", "heading", "formula",
    "position", "length", "prior",
)


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass
class CorpusStats:
    """Corpus knowledge the signals use (all plain dicts, JSON-ready)."""

    n_sentences: int = 1000
    idf: dict[str, float] = field(default_factory=dict)  # word → idf over corpus sentences
    bigram_idf: dict[str, float] = field(default_factory=dict)  # character pair → idf
    mean_tokens: float = 20.0  # average sentence length in words (BM25)
    prior: dict[str, float] = field(default_factory=dict)  # obligation id → share of reports addressing it
    default_prior: float = 0.07
    term_reliability: dict[str, float] = field(default_factory=dict)  # "id|term" → share addressed when hit
    default_reliability: float = 0.5
    # obligation id → {word: weight}: words that, in the training reports, came up in the evidence of the
    # obligation far more often than in other sentences (seen in the evidence of two reports or more)
    learned: dict[str, dict[str, float]] = field(default_factory=dict)
    # obligation id → {character pair: weight}: the normalised centroid of the idf-weighted character
    # pairs of the reviewers' evidence for the obligation in the training reports (top pairs only)
    exemplar: dict[str, dict[str, float]] = field(default_factory=dict)

    def __post_init__(self):
        self.unseen_idf = math.log((self.n_sentences + 1) / 0.5)  # a word no corpus sentence has

    def word_idf(self, token: str) -> float:
        return self.idf.get(token, self.unseen_idf)

    def pair_idf(self, pair: str) -> float:
        return self.bigram_idf.get(pair, self.unseen_idf)

    def to_dict(self) -> dict:
        return {"n_sentences": self.n_sentences, "mean_tokens": round(self.mean_tokens, 3),
                "default_prior": round(self.default_prior, 4),
                "default_reliability": round(self.default_reliability, 4),
                "prior": {k: round(v, 4) for k, v in sorted(self.prior.items())},
                "term_reliability": {k: round(v, 4) for k, v in sorted(self.term_reliability.items())},
                "learned": {k: {w: round(x, 3) for w, x in sorted(v.items())} for k, v in sorted(self.learned.items())},
                "exemplar": {k: {w: round(x, 4) for w, x in sorted(v.items())} for k, v in sorted(self.exemplar.items())},
                "idf": {k: round(v, 3) for k, v in sorted(self.idf.items())},
                "bigram_idf": {k: round(v, 3) for k, v in sorted(self.bigram_idf.items())}}

    @classmethod
    def from_dict(cls, d: dict) -> CorpusStats:
        return cls(**{k: d[k] for k in ("n_sentences", "idf", "bigram_idf", "mean_tokens", "prior",
                                        "default_prior", "term_reliability", "default_reliability", "learned", "exemplar") if k in d})


def expand(tokens: Counter) -> Counter:
    """A sentence's words plus the two-character words at the ends of longer ones
    (机关干部 → 机关, 干部; 法律法规 → 法律, 法规), so a paraphrase meets the requirement's words."""
    out = Counter(tokens)
    for t, tf in tokens.items():
        if len(t) >= 4 and "\u4e00" <= t[0] <= "\u9fff":
            out[t[:2]] += tf
            out[t[-2:]] += tf
    return out


def bigrams(text: str) -> set[str]:
    return set(_HANZI_PAIR.findall(text))


@dataclass
class ObligationProfile:
    """The obligation as something to compare sentences with."""

    co: CompiledObligation
    words: dict[str, int]  # content words of title, requirement and terms
    pairs: set[str]  # character pairs of the same
    broad_words: set[str]  # words of the broad terms (they do not corroborate themselves)

    @classmethod
    def build(cls, co: CompiledObligation, cached: dict | None = None) -> ObligationProfile:
        """`cached`: the words as stored in the weights file for this very checklist (saves jieba)."""
        o = co.obligation
        pairs = bigrams("。".join([o.title, o.requirement, *o.terms]))
        if cached:
            return cls(co, dict(cached["words"]), pairs, set(cached["broad_words"]))
        words = Counter(co.query)  # title and requirement, tokenised once by the compiled obligation
        words.update(t for t in content_tokens("。".join(o.terms)) if t not in STOPWORDS)
        broad_words = set(expand(Counter(content_tokens("。".join(o.broad_terms))))) if o.broad_terms else set()
        return cls(co, dict(words), pairs, broad_words)

    def to_cache(self) -> dict:
        return {"words": dict(sorted(self.words.items())), "broad_words": sorted(self.broad_words)}


class ReportSignals:
    """A report's sentences prepared once for every obligation (on top of the rule matcher's TextIndex)."""

    def __init__(self, idx: TextIndex, stats: CorpusStats):
        self.idx = idx
        self.stats = stats
        n = len(idx.sentences)
        self.n = n
        self.tokens = [expand(t) for t in idx.tokens]
        self.postings: dict[str, list[int]] = {}
        self.counts: dict[str, list[int]] = {}  # beside postings: the word's count in each of those sentences
        for i, toks in enumerate(self.tokens):
            for w, tf in toks.items():
                if w in self.postings:
                    self.postings[w].append(i)
                    self.counts[w].append(tf)
                else:
                    self.postings[w] = [i]
                    self.counts[w] = [tf]
        self.lengths = [sum(t.values()) for t in idx.tokens]
        avg = stats.mean_tokens or 1.0
        self.bm25_norm = [BM25_K1 * (1 - BM25_B + BM25_B * n_tok / avg) for n_tok in self.lengths]
        idf, unseen_idf = stats.idf.get, stats.unseen_idf  # = stats.word_idf, without a call per word
        self.norms = [math.sqrt(sum((tf * idf(w, unseen_idf)) ** 2 for w, tf in toks.items())) or 1.0
                      for toks in self.tokens]
        self.pair_postings: dict[str, list[int]] = {}  # every character pair → its sentences
        self.pair_norms: list[float] = []
        pair_idf, unseen = stats.bigram_idf.get, stats.unseen_idf  # = stats.pair_idf, without a call per pair
        for i, s in enumerate(idx.sentences):
            pairs = bigrams(s.text)
            sq = 0.0
            for p in pairs:
                w = pair_idf(p, unseen)
                sq += w * w
                self.pair_postings.setdefault(p, []).append(i)
            self.pair_norms.append(math.sqrt(sq) or 1.0)
        # per sentence, the two obligations whose evidence it resembles most: (score, id) × 2
        self.exemplar_top: list[list[tuple[float, str]]] = [[(0.0, ""), (0.0, "")] for _ in range(n)]
        for oid, centroid in stats.exemplar.items():
            for i, v in self.exemplar_scores(centroid).items():
                top = self.exemplar_top[i]
                if v > top[1][0]:
                    top[1] = (v, oid)
                    if v > top[0][0]:
                        top[0], top[1] = top[1], top[0]

    def exemplar_margin(self, i: int, oid: str, v: float) -> float:
        """How much better sentence i resembles this obligation's evidence than any other's."""
        (v1, o1), (v2, _o2) = self.exemplar_top[i]
        return v - (v2 if o1 == oid else v1)

    # ---------------------------------------------------------------- similarity

    def word_scores(self, words: dict[str, int]) -> tuple[dict[int, float], dict[int, int]]:
        """Cosine (corpus idf) and number of shared words, for sentences sharing a word."""
        stats = self.stats
        idf_of = {w: stats.word_idf(w) for w in words}
        qnorm = math.sqrt(sum((tf * idf_of[w]) ** 2 for w, tf in words.items())) or 1.0
        dots: dict[int, float] = {}
        shared: dict[int, int] = {}
        all_postings, all_counts = self.postings, self.counts
        for w, qtf in words.items():
            postings = all_postings.get(w)
            if not postings:
                continue
            idf = idf_of[w]
            q = qtf * idf * idf
            for i, tf in zip(postings, all_counts[w]):
                dots[i] = dots.get(i, 0.0) + q * tf
                shared[i] = shared.get(i, 0) + 1
        norms = self.norms
        return {i: d / (qnorm * norms[i]) for i, d in dots.items()}, shared

    def bm25(self, words: dict[str, int], i: int) -> float:
        """Okapi BM25 of sentence i for the obligation's words (corpus idf)."""
        toks, norm, k1 = self.tokens[i], self.bm25_norm[i], BM25_K1 + 1
        idf, unseen_idf = self.stats.idf.get, self.stats.unseen_idf
        score = 0.0
        small, large = (toks, words) if len(toks) < len(words) else (words, toks)
        for w in small:
            if w in large:
                tf = toks[w]
                score += idf(w, unseen_idf) * tf * k1 / (tf + norm)
        return score

    def learned_scores(self, lexicon: dict[str, float]) -> dict[int, float]:
        """Sum of the learned word weights present in each sentence."""
        out: dict[int, float] = {}
        for w, weight in lexicon.items():
            for i in self.postings.get(w, ()):
                out[i] = out.get(i, 0.0) + weight
        return out

    def exemplar_scores(self, centroid: dict[str, float]) -> dict[int, float]:
        """Cosine of each sentence's idf-weighted character pairs with an evidence centroid."""
        pair_idf, unseen = self.stats.bigram_idf.get, self.stats.unseen_idf
        dots: dict[int, float] = {}
        for p, wc in centroid.items():
            v = wc * pair_idf(p, unseen)
            for i in self.pair_postings.get(p, ()):
                dots[i] = dots.get(i, 0.0) + v
        return {i: d / self.pair_norms[i] for i, d in dots.items()}

    def char_scores(self, pairs: set[str]) -> dict[int, float]:
        """Cosine over character pairs (binary, idf-weighted)."""
        stats = self.stats
        sq = 0.0
        dots: dict[int, float] = {}
        postings = self.pair_postings
        pair_idf, unseen = stats.bigram_idf.get, stats.unseen_idf
        common = math.log(1 / COMMON_BIGRAM)
        for p in pairs:
            w = pair_idf(p, unseen)
            sq += w * w
            if w <= common:  # too common to compare (still counts in the norm)
                continue
            for i in postings.get(p, ()):
                dots[i] = dots.get(i, 0.0) + w * w
        qnorm = math.sqrt(sq) or 1.0
        return {i: d / (qnorm * self.pair_norms[i]) for i, d in dots.items()}


@dataclass
class SentenceSignals:
    index: int
    terms: list[str]  # distinct hits (terms and quoted pattern matches), after excludes
    broad: list[str]
    pattern: bool
    excluded: bool  # a hit was cancelled by an exclude context
    cosine: float
    bm25: float
    char_sim: float
    shared: int
    learned: float
    exemplar: float
    exemplar_margin: float
    part: str
    weak: list[str]
    figure: bool
    act: bool  # a concrete act outside the terms' own words
    generic: bool
    list_only: bool
    cited_only: bool
    heading: bool
    formula: bool
    position: float
    length: int
    reliability: float
    prior: float
    broad_corroborated: bool = False
    capped: bool = False  # set from guide_cap() once the signals are complete

    def guide_cap(self) -> bool:
        """The guide's rules say this sentence alone can show at most partial coverage: problems or
        plans part, weakening words, generic wording, a bare list, a cited document name, a bare
        heading, the opening summary without figures, a broad term without corroboration."""
        return bool(self.part in (PROBLEMS, PLANS) or self.weak or self.generic or self.list_only
                    or self.cited_only or (self.heading and not self.figure)
                    or (self.part == "preamble" and not self.figure)
                    or (not self.terms and self.broad and not self.broad_corroborated))

    def vector(self) -> list[float]:
        p = self.part
        return [
            1.0, float(bool(self.terms)), min(3, len(self.terms)) / 3, float(self.pattern),
            logit(self.reliability) if self.terms else 0.0,
            min(2, len(self.broad)) / 2, float(self.broad_corroborated), float(self.excluded),
            self.cosine, self.bm25 / (self.bm25 + 5.0), self.char_sim, min(5, self.shared) / 5,
            self.learned / (self.learned + 8.0), self.exemplar, self.exemplar_margin,
            float(p == "preamble"), float(p == MEASURES), float(p == PROBLEMS), float(p == LEADERSHIP),
            float(p == PLANS),
            float(bool(self.weak)), float(self.figure), float(self.act), float(self.generic),
            float(self.list_only), float(self.cited_only), float(self.heading), float(self.formula),
            self.position, math.log1p(self.length) / 5, logit(self.prior),
        ]


def _hits(co: CompiledObligation, idx: TextIndex):
    """Term, pattern and broad hits per sentence; an exclude cancels only the hits it overlaps."""
    text = idx.doc.text
    excluded_spans: list[tuple[int, int]] = []
    if co.exclude is not None:
        excluded_spans = [m.span() for m in co.exclude.finditer(text)]

    terms: dict[int, dict[str, tuple[int, int]]] = {}
    broad: dict[int, set[str]] = {}
    pattern: set[int] = set()
    excluded: set[int] = set()

    def kept(spans):
        """(sentence, start, end) of the hits no exclude overlaps; the others mark their sentence."""
        for a, b in spans:
            i = idx.sentence_at(a)
            if any(a < e and s < b for s, e in excluded_spans):
                excluded.add(i)
            else:
                yield i, a, b

    for display, needle in co.terms:
        for i, a, b in kept(idx.find(needle)):
            terms.setdefault(i, {}).setdefault(display, (a, b))
    for rx in co.patterns:
        for m in pattern_matches(rx, idx) or ():
            for i, a, b in kept([m.span()]):
                terms.setdefault(i, {}).setdefault(f"“{m.group(0)}”", (a, b))
                pattern.add(i)
    for display, needle in co.broad:
        for i, _a, _b in kept(idx.find(needle)):
            broad.setdefault(i, set()).add(display)
    return terms, broad, pattern, excluded


def sentence_signals(profile: ObligationProfile, rs: ReportSignals) -> list[SentenceSignals]:
    """Every candidate sentence of the report for one obligation, with its signals."""
    co, idx, stats = profile.co, rs.idx, rs.stats
    oid = co.obligation.id
    terms, broad, pattern, excluded = _hits(co, idx)
    cos, shared = rs.word_scores(profile.words)
    chars = rs.char_scores(profile.pairs)
    learned = rs.learned_scores(stats.learned.get(oid, {}))
    exemplar = rs.exemplar_scores(stats.exemplar.get(oid, {}))
    hit = set(terms) | set(broad) | excluded
    similar = {i for i, c in cos.items() if c >= MIN_COSINE and shared[i] >= 2}
    similar |= {i for i, c in chars.items() if c >= MIN_CHAR_SIM}
    similar |= {i for i, c in learned.items() if c >= MIN_LEARNED}
    similar |= {i for i, c in exemplar.items() if c >= MIN_EXEMPLAR}
    similar -= hit
    if len(similar) > MAX_SIMILAR:  # every hit counts; of the rest only the closest can matter
        similar = set(sorted(similar, key=lambda i: -(cos.get(i, 0.0) + chars.get(i, 0.0)
                                                       + learned.get(i, 0.0) / 10
                                                       + exemplar.get(i, 0.0)))[:MAX_SIMILAR])
    candidates = (hit | similar) - idx.skipped
    prior = stats.prior.get(oid, stats.default_prior)
    text = idx.doc.text
    out = []
    for i in sorted(candidates):
        sent = idx.sentences[i]
        hit_spans = terms.get(i, {})
        shown = _maximal(hit_spans) if hit_spans else []
        spans = list(hit_spans.values())
        cited = bool(spans) and all(_inside_title(text, a, b) for a, b in spans)
        has_figure, concrete, weak = idx.sentence_flags[i]
        # The concrete act must be said outside the terms' own words (抽查 in 随机抽查 is not an act).
        # Without hits the sentence is its own rest, and the index has searched it already.
        rest = _blank(sent.text, sent.start, spans) if spans else sent.text
        act = bool(CONCRETE_ACT.search(rest)) if spans else concrete
        found_broad = _maximal(broad[i]) if i in broad else []
        rel = stats.default_reliability
        if shown:
            rel = max(stats.term_reliability.get(f"{oid}|{t}", stats.default_reliability) for t in shown)
        s = SentenceSignals(
            index=i, terms=shown, broad=found_broad, pattern=i in pattern, excluded=i in excluded,
            cosine=cos.get(i, 0.0), bm25=rs.bm25(profile.words, i), char_sim=chars.get(i, 0.0), shared=shared.get(i, 0),
            learned=learned.get(i, 0.0), exemplar=exemplar.get(i, 0.0),
            exemplar_margin=rs.exemplar_margin(i, oid, exemplar.get(i, 0.0)),
            part=idx.sentence_parts[i], weak=list(weak), figure=has_figure, act=act,
            generic=not has_figure and not act and _is_generic(rest),
            list_only=bool(shown) and not has_figure and _only_listed(sent.text, sent.start, spans),
            cited_only=cited, heading=bool(_NUMBERING.match(sent.text)) and len(sent.text) <= 30,
            formula=not has_figure and bool(_FORMULA.search(sent.text)),
            position=i / max(1, rs.n - 1), length=len(sent.text), reliability=rel, prior=prior,
        )
        if found_broad:  # corroborated by a term, a second broad term, or two other words of the obligation
            toks = rs.tokens[i]
            others = sum(1 for w in profile.words if w in toks and w not in profile.broad_words)
            s.broad_corroborated = len(found_broad) >= 2 or bool(shown) or (others >= 2 and s.cosine >= 0.2)
        s.capped = s.guide_cap()
        out.append(s)
    return out


def _blank(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """The sentence with the hit spans blanked out."""
    chars = list(text)
    for a, b in spans:
        for k in range(max(0, a - offset), min(len(chars), b - offset)):
            chars[k] = "□"
    return "".join(chars)


def _is_generic(rest: str) -> bool:
    """Only "进一步加强……工作" once the terms are taken out: nothing concrete is said."""
    body = _NUMBERING.sub("", rest).replace("□", "")
    body = _PUNCT.sub("", body)
    return (bool(GENERIC_OPENING.match(body)) and len(body) < 16) or len(body) < 6


def _only_listed(text: str, offset: int, spans: list[tuple[int, int]]) -> bool:
    """Every hit is one item of an enumeration of three or more (A、B、C等).

    A verb in front of the list (推行A、B、C) says nothing about any one item, so
    it does not count as an act; a figure in the sentence does (checked by the caller).
    """
    if not spans:
        return False
    blanked = _blank(text, offset, spans)  # a term's own 、 (双随机、一公开) is no list
    for a, _b in spans:
        pos = a - offset
        seg_start = max(text.rfind(ch, 0, pos) for ch in "，。；：")
        ends = [text.find(ch, pos) for ch in "，。；："]
        seg_end = min([e for e in ends if e >= 0], default=len(text))
        if blanked.count("、", seg_start + 1, seg_end) < 2:
            return False
    return True


WEAK_WORDS = WEAKENING  # re-exported for the aggregation's reasons
FIGURES = FIGURE
__all__ = ["FEATURES", "CorpusStats", "ObligationProfile", "ReportSignals", "SentenceSignals", "compact",
           "sentence_signals"]
