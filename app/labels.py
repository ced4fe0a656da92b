"""Label matching for the importers and the label rules: one normalisation, variants, fuzzy location (Qt-free)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

# Characters that never distinguish two labels: quotes of any width and style.
_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』〝〞"), None)
_NUMBERING = re.compile(r"^(\d+)\s*[、.．,，]")
_ROW_NUMBERING = re.compile(r"^\d+\.")


def label_key(text: str) -> str:
    """The comparable form of a label: widths, spaces, quotes, numbering style and end marks removed.

    "1、属于国家秘密" and "1. 属于国家秘密", "（二）" and "(二)", "“三安全一稳定”" and
    "\"三安全一稳定\"" all give the same key.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"\s+", "", text)
    text = _NUMBERING.sub(r"\1.", text)
    return text.rstrip(":：。.;；,")


def strip_numbering(key: str) -> str:
    """ "2.其他法律行政法规禁止公开" → "其他法律行政法规禁止公开" (keys only)."""
    return _ROW_NUMBERING.sub("", key)


def similarity(a: str, b: str) -> float:
    """How alike two labels are, 0…1, after label_key (1.0 = cosmetically equal)."""
    ka, kb = label_key(a), label_key(b)
    if ka == kb:
        return 1.0
    if not ka or not kb:
        return 0.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


def is_cosmetic(found: str, official: str) -> bool:
    """True when a printed label differs from the official one only in width, spaces, quotes or numbering."""
    return label_key(found) == label_key(official)


def variant_keys(official: str, variants: Iterable[str] = ()) -> tuple[str, ...]:
    """The official label's key followed by the keys of its declared variants (``variants`` in the spec)."""
    key = label_key(official)
    return (key, *(k for k in dict.fromkeys(label_key(v) for v in variants) if k != key))


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something a label may name: ``ident`` (a row or column id) with its official label(s).

    ``variants`` are the other wordings the declaration accepts for it (non-cosmetic spellings seen in
    published reports); they match, and are then recorded so that STR-LABELS can report them.
    """

    ident: str
    labels: tuple[str, ...]
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LabelMatch:
    ident: str
    official: str
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


def best_match(text: str, candidates: Iterable[Candidate], threshold: float = 0.75) -> LabelMatch | None:
    """The candidate whose label (or known variant) ``text`` names best, if any reaches ``threshold``.

    Ties are refused (None) rather than guessed.
    """
    key = label_key(text)
    if not key:
        return None
    scored: list[tuple[float, str, str]] = []
    for cand in candidates:
        best = 0.0
        officials = {label_key(o) for o in cand.labels}
        accepted = [*officials, *(label_key(v) for v in cand.variants)]
        for variant in accepted:
            if variant == key:
                score = 1.0 if variant in officials else 0.99
            else:
                score = SequenceMatcher(None, key, variant, autojunk=False).ratio()
                # a numbered row label must keep its number ("3.其他" is not "其他")
                if _ROW_NUMBERING.match(variant) and not key.startswith(variant.split(".")[0] + "."):
                    score = min(score, 0.5)
            best = max(best, score)
        scored.append((best, cand.ident, cand.labels[0]))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    score, ident, official = scored[0]
    return LabelMatch(ident, official, score)


# --------------------------------------------------------------------------- fuzzy search in a stream
@dataclass(frozen=True, slots=True)
class Found:
    """Where a label was found in a character sequence: matched positions, first and one-past-last."""

    start: int
    end: int
    positions: tuple[int, ...]
    score: float


def _align(key: str, window: str) -> tuple[int, list[int]]:
    """Longest common subsequence of key and window: its length and the window positions used.

    The alignment ends as early as possible, so trailing noise is not swallowed.
    """
    n, m = len(key), len(window)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        ch = key[i - 1]
        row, prev = dp[i], dp[i - 1]
        for j in range(1, m + 1):
            row[j] = prev[j - 1] + 1 if ch == window[j - 1] else max(prev[j], row[j - 1])
    best = dp[n][m]
    j = next(j for j in range(m + 1) if dp[n][j] == best)
    i = n
    used: list[int] = []
    while i > 0 and j > 0:
        if key[i - 1] == window[j - 1] and dp[i][j] == dp[i - 1][j - 1] + 1:
            used.append(j - 1)
            i -= 1
            j -= 1
        elif dp[i - 1][j] >= dp[i][j - 1]:
            i -= 1
        else:
            j -= 1
    used.reverse()
    return best, used


def find_in(text: str, key: str, lo: int, hi: int, *, min_score: float = 0.8, anchored: bool = False) -> Found | None:
    """Find the label ``key`` (a label_key) in ``text[lo:hi]``.

    ``text`` is a compact stream (no spaces). The label may be interrupted by other characters (numbers
    printed inside a wrapped label, letters of a vertical group label) and may have small typos. With
    ``anchored`` the match must begin at ``lo``. The earliest acceptable match wins.
    """
    if not key:
        return None
    hi = min(hi, len(text))
    exact = text.find(key, lo, hi)
    if exact == lo or (exact >= 0 and not anchored):
        return Found(exact, exact + len(key), tuple(range(exact, exact + len(key))), 1.0)
    if len(key) < 4:
        return None  # too short to recognise when misspelt
    starts: list[int] = []
    if anchored:
        starts = [lo]
    else:
        for offset in range(0, min(len(key) - 1, 8), 2):
            gram = key[offset : offset + 2]
            pos = text.find(gram, lo, hi)
            while pos >= 0 and len(starts) < 40:
                starts.append(max(lo, pos - offset))
                pos = text.find(gram, pos + 1, hi)
    best: Found | None = None
    for start in sorted(set(starts)):
        window = text[start : min(hi, start + 2 * len(key) + 16)]
        matched, used = _align(key, window)
        if not used:
            continue
        score = matched / len(key)
        first, last = used[0], used[-1]
        noise = (last - first + 1) - matched
        if score < min_score or noise > len(key) + 6 or (anchored and first > 2):
            continue
        found = Found(start + first, start + last + 1, tuple(start + u for u in used), score)
        if best is None or found.score > best.score + 0.05:
            best = found
        if score >= 0.95:
            break
    return best
