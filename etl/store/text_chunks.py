"""Cut a document's normalized text into pieces for storage (table document_text).

DuckDB could not hold multi-MB strings within its memory limit: a checkpoint of the 1 GB
bench corpus's documents failed to pin a 3.5 MiB block at 256MB and DuckDB invalidated
the database. Pieces must be small, not just under a 256 KB block: a scan materializes a
vector of 2,048 rows at once, and with 60,000-character pieces a filtered read of
document_text asked for 512 MiB. At 4,000 characters a vector is at most ~32 MB of UTF-8.
"""
from __future__ import annotations

MAX_CHUNK_CHARS = 4_000
COLUMNS = ["file_id", "seq", "char_start", "char_end", "text"]  # table document_text


def chunk_spans(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans that tile ``text``, each at most ``max_chars`` long.

    A span ends just after a newline when one falls in its window, so a paragraph is cut
    only when it alone is longer than ``max_chars``. An empty text is one empty span.

    >>> chunk_spans("ab\\ncd\\nef", max_chars=4)
    [(0, 3), (3, 6), (6, 8)]
    >>> chunk_spans("abcdef", max_chars=4)
    [(0, 4), (4, 6)]
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    spans, start, n = [], 0, len(text)
    while n - start > max_chars:
        newline = text.rfind("\n", start, start + max_chars)
        end = newline + 1 if newline >= start else start + max_chars
        spans.append((start, end))
        start = end
    spans.append((start, n))
    return spans


def piece_rows(file_id: str, text: str) -> list[tuple[str, int, int, int, str]]:
    """The document_text rows of one document, in ``COLUMNS`` order."""
    return [(file_id, seq, start, end, text[start:end]) for seq, (start, end) in enumerate(chunk_spans(text))]
