"""Small helpers for text that people read: one line, whole quotes, tidy punctuation.

No Qt, no reportlab: used by core.findings and core.assessment.
"""

from __future__ import annotations

import re

_PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "(": ")", "〈": "〉", "「": "」", "【": "】"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BREAKS = "。；！？;!?，,、：:"


def one_line(text: object) -> str:
    """Whitespace runs (newlines included) become one space; trimmed."""
    return re.sub(r"\s+", " ", "" if text is None else str(text)).strip()


def _open_at(text: str) -> int | None:
    """Index of the first bracket or quote still open at the end of `text`, or None."""
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c in _PAIRS and not (c == "“" and stack and stack[-1][0] == "“"):
            stack.append((c, i))
        elif c in _CLOSERS and stack and stack[-1][0] == _CLOSERS[c]:
            stack.pop()
    return stack[0][1] if stack else None


def _close_of(text: str, at: int) -> int | None:
    """Index of the mark closing the quote or bracket opened at `at`, or None."""
    opener, closer = text[at], _PAIRS[text[at]]
    depth = 0
    for i in range(at, len(text)):
        c = text[i]
        if c == closer and (depth := depth - 1) == 0:
            return i
        if c == opener:
            depth += 1
    return None


def clip(text: object, limit: int) -> str:
    """`text` on one line, at most about `limit` characters, never cut inside 《》, “” or （）.

    A cut text ends in "……". The cut falls at the last punctuation mark before the
    limit when there is one in the second half. A quote, title or bracket the cut
    would leave open is either kept whole (when it closes soon after the limit)
    or left out, so a quotation is shown whole or not at all.
    """
    s = one_line(text)
    if len(s) <= limit:
        return s
    cut = s[:limit]
    stop = max(cut.rfind(c) for c in _BREAKS)
    if stop >= limit // 2:
        cut = cut[: stop + 1] if cut[stop] in "。；！？;!?" else cut[:stop]
    while (at := _open_at(cut)) is not None:
        close = _close_of(s, at)
        if close is not None and (close < limit * 3 // 2 or at < 2):
            cut = s[: close + 1]
        elif at < 2:
            return s
        else:
            cut = cut[:at]
    if len(cut) >= len(s):
        return s
    return cut.rstrip("，,、：:；; ") + "……"


def sentence(text: str) -> str:
    """`text` ending with exactly one full stop (no "。。", no "；。")."""
    s = text.rstrip().rstrip("。；;，,、")
    return s + "。" if s and s[-1] not in "。！？" else s
