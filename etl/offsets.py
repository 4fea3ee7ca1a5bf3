"""Build position maps for text edits without per-character Python loops.

An edit step returns the new text and a map ``m`` with ``len(new) + 1`` entries:
``m[i]`` is the position in the step's input that new character ``i`` came from.
Steps compose with :func:`etl.provenance.compose`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher

import numpy as np

Edit = tuple[int, int, str]  # (start, end, replacement) in the input text
EditResult = tuple[str, "np.ndarray | None"]  # map is None when nothing changed


def identity_map(length: int) -> np.ndarray:
    """The map of a step that changed nothing.

    >>> identity_map(3).tolist()
    [0, 1, 2, 3]
    """
    return np.arange(length + 1, dtype=np.int64)


def apply_edits(text: str, edits: Iterable[Edit]) -> EditResult:
    """Apply sorted, non-overlapping edits; return the new text and its map.

    A replacement of the same length maps character by character; otherwise
    every replacement character maps into the replaced span, never past it,
    so the map stays monotonic.

    >>> new, m = apply_edits("ab<p>cd", [(2, 5, "")])
    >>> new, m.tolist()
    ('abcd', [0, 1, 5, 6, 7])
    >>> new, m = apply_edits("x&amp;y", [(1, 6, "&")])
    >>> new, m.tolist()
    ('x&y', [0, 1, 6, 7])
    >>> apply_edits("a&b", [(1, 2, " and ")])[1].tolist()
    [0, 1, 1, 1, 1, 1, 2, 3]
    """
    pieces: list[str] = []
    seg_src: list[int] = []  # segments alternate kept text, replacement, kept text, ...
    seg_len: list[int] = []
    resized: list[tuple[int, int, int]] = []  # (segment index, replaced length, new length)
    pos = 0
    for start, end, repl in edits:
        pieces += (text[pos:start], repl)
        seg_src += (pos, start)
        seg_len += (start - pos, len(repl))
        if len(repl) > 1 and len(repl) != end - start:
            resized.append((len(seg_len) - 1, end - start, len(repl)))
        pos = end
    if not pieces:
        return text, None
    pieces.append(text[pos:])
    seg_src.append(pos)
    seg_len.append(len(text) - pos)
    new_text = "".join(pieces)
    lens = np.array(seg_len, np.int64)
    seg_new = np.cumsum(lens) - lens
    mapping = np.arange(len(new_text) + 1, dtype=np.int64)
    mapping[:-1] += np.repeat(np.array(seg_src, np.int64) - seg_new, lens)
    mapping[-1] = len(text)
    for k, old_len, new_len in resized:  # rare: keep them inside the span they replaced
        first = int(seg_new[k])
        mapping[first:first + new_len] = seg_src[k] + np.minimum(np.arange(new_len), max(old_len - 1, 0))
    return new_text, mapping


def delete_matches(pattern: re.Pattern[str], text: str) -> tuple[str, "np.ndarray | None", int]:
    """Delete every match of ``pattern``; return the text, its map and the count.

    >>> new, m, n = delete_matches(re.compile("<[^>]*>"), "a<b>c")
    >>> new, m.tolist(), n
    ('ac', [0, 4, 5], 1)
    """
    edits = [(*m.span(), "") for m in pattern.finditer(text)]
    new_text, mapping = apply_edits(text, edits)
    return new_text, mapping, len(edits)


def sub_with_map(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None], text: str
) -> tuple[str, "np.ndarray | None", int]:
    """Like ``re.sub`` with a function, plus the map and the number of changes.

    ``repl`` returns ``None`` to leave a match alone.

    >>> new, m, n = sub_with_map(re.compile(r"\\s+"), lambda m: " ", "a \\t b")
    >>> new, m.tolist(), n
    ('a b', [0, 1, 4, 5], 1)
    """
    edits = []
    for match in pattern.finditer(text):
        new = repl(match)
        if new is not None and new != match.group():
            edits.append((match.start(), match.end(), new))
    new_text, mapping = apply_edits(text, edits)
    return new_text, mapping, len(edits)


def align_map(before: str, after: str) -> np.ndarray:
    """Map for a rewrite that changed lengths, aligned on unchanged characters.

    Changed blocks map proportionally into their source block.

    >>> align_map("ab計程車c", "ab出租汽车c").tolist()
    [0, 1, 2, 2, 3, 4, 5, 6]
    """
    out = np.empty(len(after) + 1, dtype=np.int64)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if j2 == j1:
            continue
        if i2 - i1 == j2 - j1:
            out[j1:j2] = np.arange(i1, i2)
        else:
            out[j1:j2] = i1 + (np.arange(j2 - j1) * (i2 - i1)) // (j2 - j1)
    out[-1] = len(before)
    return out
