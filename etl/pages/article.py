"""What the pages layer hands on: articles as spans of the normalized document text."""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

JOINER = "\n"  # between two spans of an article's content


@dataclass(frozen=True)
class PageArticle:
    """One article of a document.

    ``spans`` are (doc_char_start, doc_char_end) slices of the normalized document text,
    in document order; the article's text is them joined by "\\n", and ``positions``
    maps each of its characters back to a document character.
    """

    seq: int
    spans: tuple[tuple[int, int], ...]
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    photographer: str | None = None
    published_date: dt.date | None = None
    published_time: dt.time | None = None
    published_date_method: str | None = None
    container: str = "text"
    cut_short: bool = False  # a record whose file ends inside it (an interrupted download)
    salvaged: bool = False  # a JSON record that did not parse: its string fields read one by one

    @property
    def char_start(self) -> int:
        return self.spans[0][0]

    @property
    def char_end(self) -> int:
        return self.spans[-1][1]

    def text(self, doc_text: str) -> str:
        """The article's text.

        >>> PageArticle(0, ((0, 2), (5, 7))).text("标题。。。正文")
        '标题\\n正文'
        """
        return JOINER.join(doc_text[a:b] for a, b in self.spans)

    def positions(self) -> np.ndarray:
        """Document position of each article character, plus one for the end (len + 1).

        A joiner maps to the end of the span before it, so a sentence that ends a span
        ends there in the document too.

        >>> PageArticle(0, ((0, 2), (5, 7))).positions().tolist()
        [0, 1, 2, 5, 6, 7]
        """
        parts = []
        for k, (a, b) in enumerate(self.spans):
            parts.append(np.arange(a, b, dtype=np.int64))
            parts.append(np.array([b], dtype=np.int64))  # the joiner, or the end
        return np.concatenate(parts) if parts else np.zeros(1, dtype=np.int64)


def format_spans(spans: tuple[tuple[int, int], ...]) -> str:
    """Spans as stored in articles.content_spans.

    >>> format_spans(((0, 2), (5, 7)))
    '0-2,5-7'
    """
    return ",".join(f"{a}-{b}" for a, b in spans)


def parse_spans(stored: str) -> tuple[tuple[int, int], ...]:
    """The inverse of format_spans.

    >>> parse_spans("0-2,5-7")
    ((0, 2), (5, 7))
    """
    return tuple((int(a), int(b)) for a, _, b in (pair.partition("-") for pair in stored.split(",")))


class SpanMap:
    """Document position of an article character, without a map as long as the article.

    >>> m = SpanMap(((0, 2), (5, 7)))
    >>> [m[i] for i in range(6)]
    [0, 1, 2, 5, 6, 7]
    """

    def __init__(self, spans: tuple[tuple[int, int], ...]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.article_starts, at = [], 0
        for a, b in spans:
            self.article_starts.append(at)
            at += b - a + len(JOINER)
        # document minus article position in each span; called per sentence and per fact
        self.shifts = [a - at for a, at in zip(self.starts, self.article_starts)]
        self.many = len(spans) > 1

    def __getitem__(self, char: int) -> int:
        k = bisect_right(self.article_starts, char) - 1 if self.many else 0
        at, end = char + self.shifts[k], self.ends[k]
        return at if at < end else end


class NoArticleText(ValueError):
    """A document in which no article text was found; ``verdict`` says why (for quarantine)."""

    def __init__(self, path: str, container: str, verdict: str) -> None:
        super().__init__(f"{path}: pages: no article text in this {container} document: {verdict}")
        self.path, self.container, self.verdict = path, container, verdict
