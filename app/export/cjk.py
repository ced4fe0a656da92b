"""A reportlab paragraph for Chinese: line-break rules (禁则), justified lines, font fallback per character."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.export.fonts import FontSet, Role

# Characters that must not begin a line (closing punctuation) or end one (opening punctuation).
NO_LINE_START = frozenset("，。、；：？！）》〉」』】〕］｝”’…—·%‰℃,.;:?!)]}")
NO_LINE_END = frozenset("（《〈「『【〔［｛“‘([{")
# Runs of these are kept together (numbers, Latin words, e-mail addresses, URLs).
_WORD = re.compile(r"[0-9A-Za-z@._%+\-/:#&=~?]+")

Align = Literal["justify", "left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Token:
    """An unbreakable piece of one line: a Chinese character, or a Latin word/number, in one face."""

    text: str
    font: str
    size: float
    width: float
    stroke: float  # outline width for simulated bold, 0 for none

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


@dataclass(frozen=True, slots=True)
class Span:
    """Input text in one role (a run-in heading and its body are two spans of one paragraph)."""

    text: str
    role: Role
    size: float


def tokenize(spans: list[Span], fonts: FontSet) -> list[Token]:
    """Cut spans into tokens, each drawable by a single face."""
    tokens: list[Token] = []
    for span in spans:
        stroke = span.size * 0.03 if fonts.emphasize(span.role) else 0.0
        for text, face in fonts.runs(span.text, span.role):
            pos = 0
            while pos < len(text):
                match = _WORD.match(text, pos)
                piece = match.group() if match else text[pos]
                pos += len(piece)
                width = stringWidth(piece, face.name, span.size)
                tokens.append(Token(piece, face.name, span.size, width, stroke))
    return tokens


def _split_long(token: Token, width: float) -> list[Token]:
    """Break a word wider than a whole line into pieces that fit."""
    pieces: list[Token] = []
    current = ""
    for char in token.text:
        trial = current + char
        if current and stringWidth(trial, token.font, token.size) > width:
            pieces.append(current_token(token, current))
            current = char
        else:
            current = trial
    if current:
        pieces.append(current_token(token, current))
    return pieces


def current_token(model: Token, text: str) -> Token:
    return Token(text, model.font, model.size, stringWidth(text, model.font, model.size), model.stroke)


def break_lines(tokens: list[Token], width: float, first_width: float | None = None) -> list[list[Token]]:
    """Greedy line breaking with the Chinese rules: a closing mark never starts a line, an opening
    mark never ends one; the character before is carried down with it (推出)."""
    lines: list[list[Token]] = []
    line: list[Token] = []
    used = 0.0
    limit = width if first_width is None else first_width
    queue = list(reversed(tokens))
    while queue:
        tok = queue.pop()
        if not line and tok.is_space and lines:
            continue  # no space at the start of a wrapped line
        if tok.width > width and not tok.is_space:
            queue.extend(reversed(_split_long(tok, width)))
            continue
        if used + tok.width <= limit + 0.01 or not line:
            line.append(tok)
            used += tok.width
            continue
        # tok does not fit: carry tokens down until the break is allowed.
        carry: list[Token] = []
        while (
            line
            and len(line) > 1
            and ((tok if not carry else carry[0]).text[0] in NO_LINE_START or line[-1].text[-1] in NO_LINE_END)
        ):
            carry.insert(0, line.pop())
            if len(carry) > 5:  # give up: better one bad break than a cascade
                line.extend(carry)
                carry = []
                break
        if not carry and tok.text[0] in NO_LINE_START and len(line) <= 1:
            # a one-character-wide column: let the mark hang on this line
            line.append(tok)
            used += tok.width
            continue
        lines.append(line)
        limit = width
        line, used = [], 0.0
        queue.append(tok)
        queue.extend(reversed(carry))
    if line:
        lines.append(line)
    return lines


def stack_lines(tokens: list[Token]) -> list[list[Token]]:
    """One character per line, for a label set vertically in a narrow column; closing marks stay
    with the character before them ("三、" / "本" / "年" …)."""
    lines: list[list[Token]] = []
    for tok in tokens:
        if tok.is_space:
            continue
        if lines and tok.text[0] in NO_LINE_START:
            lines[-1].append(tok)
        else:
            lines.append([tok])
    return lines


def line_width(line: list[Token]) -> float:
    return sum(t.width for t in line)


class CJKParagraph(Flowable):
    """A paragraph of Chinese text laid out with :func:`break_lines`; splits across frames by lines."""

    def __init__(
        self,
        tokens: list[Token],
        *,
        leading: float,
        first_indent: float = 0.0,
        align: Align = "justify",
        space_before: float = 0.0,
        space_after: float = 0.0,
        keep_with_next: bool = False,
        lines: list[list[Token]] | None = None,
        first_is_continuation: bool = False,
        vertical: bool = False,
    ) -> None:
        super().__init__()
        self.tokens = tokens
        self.leading = leading
        self.first_indent = first_indent
        self.align: Align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.keepWithNext = keep_with_next
        self._lines = lines
        self._continuation = first_is_continuation
        self.vertical = vertical
        self._width = 0.0

    @property
    def size(self) -> float:
        return max((t.size for t in self.tokens), default=self.leading / 1.5)

    def layout(self, width: float) -> list[list[Token]]:
        if self._lines is None or self._width != width:
            indent = 0.0 if self._continuation else self.first_indent
            if self.vertical:
                self._lines = stack_lines(self.tokens)
            else:
                self._lines = break_lines(self.tokens, width, width - indent) if self.tokens else []
            self._width = width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self.layout(avail_width)
        self.width = avail_width
        self.height = max(len(lines), 1) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self.layout(avail_width)
        fit = int((avail_height + 0.01) // self.leading)
        if fit < 2 or len(lines) < 4 or fit >= len(lines):
            return []  # keep at least two lines together on each side (no widows or orphans)
        fit = min(fit, len(lines) - 2)
        common: dict[str, Any] = {"leading": self.leading, "first_indent": self.first_indent, "align": self.align}
        head = CJKParagraph(
            [t for ln in lines[:fit] for t in ln],
            space_before=self.spaceBefore,
            lines=lines[:fit],
            first_is_continuation=self._continuation,
            **common,
        )
        tail = CJKParagraph(
            [t for ln in lines[fit:] for t in ln],
            space_after=self.spaceAfter,
            keep_with_next=self.keepWithNext,
            lines=lines[fit:],
            first_is_continuation=True,
            **common,
        )
        head._width = tail._width = avail_width
        return [head, tail]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        lines = self._lines or []
        width = self._width
        for n, line in enumerate(lines):
            while line and line[-1].is_space:
                line = line[:-1]
            if not line:
                continue
            indent = self.first_indent if n == 0 and not self._continuation else 0.0
            avail = width - indent
            used = line_width(line)
            # Baseline: the line box is `leading` high with the glyphs centred in it.
            size = max(t.size for t in line)
            y = self.height - (n + 1) * self.leading + (self.leading - size) / 2 + size * 0.12
            x = indent
            char_space = 0.0
            last = n == len(lines) - 1
            if self.align == "center":
                x = indent + (avail - used) / 2
            elif self.align == "right":
                x = indent + avail - used
            elif self.align == "justify" and not last:
                glyphs = sum(len(t.text) for t in line)
                extra = avail - used
                if glyphs > 1 and 0 < extra < size * 1.5 * (glyphs - 1):
                    char_space = extra / (glyphs - 1)
            stroke = max(t.stroke for t in line)
            if stroke:
                canvas.setLineWidth(stroke)  # outside the text object: `w` must precede BT here
            text = canvas.beginText(x, y)
            text.setCharSpace(char_space)
            current: tuple[str, float, float] | None = None
            for tok in line:
                style = (tok.font, tok.size, tok.stroke)
                if style != current:
                    text.setFont(tok.font, tok.size)
                    text.setTextRenderMode(2 if tok.stroke else 0)
                    current = style
                text.textOut(tok.text)
            canvas.drawText(text)
