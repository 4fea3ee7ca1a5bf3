"""Build position maps for text edits without per-character Python loops.

An edit step returns the new text and a map ``m`` with ``len(new) + 1`` entries:
``m[i]`` is the position in the step's input that new character ``i`` came from.
Steps compose with :func:`etl.positions.provenance.compose`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate, chain

import numpy as np

from etl.positions.provenance import POSITION

Edit = tuple[int, int, str]  # (start, end, replacement) in the input text
EditResult = tuple[str, "np.ndarray | None"]  # map is None when nothing changed
_SPAN = re.Match.span  # mapped in C: no Python frame per match


def identity_map(length: int) -> np.ndarray:
    """The map of a step that changed nothing.

    >>> identity_map(3).tolist()
    [0, 1, 2, 3]
    """
    return np.arange(length + 1, dtype=POSITION)


def _segment_map(new_len: int, old_len: int, seg_src: np.ndarray, seg_new: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Map for a text made of consecutive segments, each copied from ``seg_src``.

    >>> _segment_map(3, 5, np.array([0, 3]), np.array([0, 1]), np.array([1, 2])).tolist()
    [0, 3, 4, 5]
    """
    mapping = np.arange(new_len + 1, dtype=POSITION)
    mapping[:-1] += np.repeat((seg_src - seg_new).astype(POSITION), lens)
    mapping[-1] = old_len
    return mapping


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
    edits = list(edits)
    if not edits:
        return text, None
    starts, ends, repls = zip(*edits)  # columns, so the map is built without a per-edit loop
    keep_from = (0, *ends)
    pieces: list[str] = [""] * (2 * len(edits) + 1)
    pieces[0::2] = [text[a:b] for a, b in zip(keep_from, (*starts, len(text)))]
    pieces[1::2] = repls
    new_text = "".join(pieces)
    seg_src = np.empty(len(pieces), np.int64)  # kept text, replacement, kept text, ...
    seg_src[0::2] = keep_from
    seg_src[1::2] = starts
    lens = np.fromiter(map(len, pieces), np.int64, len(pieces))
    seg_new = lens.cumsum() - lens
    mapping = _segment_map(len(new_text), len(text), seg_src, seg_new, lens)
    if max(map(len, repls)) < 2:
        return new_text, mapping
    for k, (start, end, repl) in enumerate(edits):  # rare: keep them inside the span they replaced
        if len(repl) > 1 and len(repl) != end - start:
            first = int(seg_new[2 * k + 1])
            mapping[first:first + len(repl)] = start + np.minimum(np.arange(len(repl)), max(end - start - 1, 0))
    return new_text, mapping


def _split_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` as one capturing group, so ``split`` returns kept and matched parts."""
    if pattern.groups:
        raise ValueError(f"offsets: pattern {pattern.pattern[:40]!r} has capturing groups; use (?:...)")
    return _compiled_group(pattern.pattern, pattern.flags)


@lru_cache(maxsize=64)
def _compiled_group(source: str, flags: int) -> re.Pattern[str]:
    end = "\n)" if flags & re.VERBOSE else ")"  # a verbose pattern may end in a comment
    return re.compile(f"({source}{end}", flags)


def replace_matches(pattern: re.Pattern[str], text: str, repl: str) -> tuple[str, "np.ndarray | None", int]:
    """Replace every match of ``pattern`` with the plain string ``repl`` (at most one char);
    every match counts, so use it where no match can equal ``repl``.

    One ``re.split`` in C: the kept and matched parts give the map by their lengths.

    >>> new, m, n = replace_matches(re.compile("<[^>]*>"), "a<b>c<i>", "")
    >>> new, m.tolist(), n
    ('ac', [0, 4, 8], 2)
    >>> new, m, n = replace_matches(re.compile("[ ]+"), "a  b c", "_")
    >>> new, m.tolist(), n
    ('a_b_c', [0, 1, 3, 4, 5, 6], 2)
    """
    if len(repl) > 1:
        raise ValueError(f"offsets: replace_matches takes at most one char, not {repl!r}; use sub_with_map")
    parts = _split_pattern(pattern).split(text)
    count = len(parts) // 2
    if not count:
        return text, None, 0
    kept = parts[0::2]
    new_text = repl.join(kept)
    part_lens = np.fromiter(map(len, parts), np.int64, len(parts))
    part_src = part_lens.cumsum() - part_lens
    if repl:  # the replacement char maps to the start of its match
        lens = np.ones(len(parts), np.int64)
        lens[0::2] = part_lens[0::2]
        seg_src = part_src
    else:
        lens, seg_src = part_lens[0::2], part_src[0::2]
    seg_new = lens.cumsum() - lens
    return new_text, _segment_map(len(new_text), len(text), seg_src, seg_new, lens), count


def replace_parts(text: str, parts: list[str], repls: list[str]) -> EditResult:
    """``text`` as ``re.split`` with one group cut it (kept, matched, kept, ..., kept), each
    matched part replaced by its ``repls`` entry (at most one char, mapped to the match's
    start); the new text and its map.

    >>> new, m = replace_parts("a<b>c<i>", ["a", "<b>", "c", "<i>", ""], ["", "_"])
    >>> new, m.tolist()
    ('ac_', [0, 4, 5, 8])
    """
    if any(len(r) > 1 for r in repls):
        raise ValueError("offsets: replace_parts takes replacements of at most one char; use apply_edits")
    part_lens = np.fromiter(map(len, parts), np.int64, len(parts))
    seg_src = part_lens.cumsum() - part_lens  # where each part starts in ``text``
    pieces = list(parts)
    pieces[1::2] = repls
    lens = part_lens.copy()
    lens[1::2] = np.fromiter(map(len, repls), np.int64, len(repls))
    new_text = "".join(pieces)
    return new_text, _segment_map(len(new_text), len(text), seg_src, lens.cumsum() - lens, lens)


def delete_matches(pattern: re.Pattern[str], text: str, pos: int = 0) -> tuple[str, "np.ndarray | None", int]:
    """Delete every match of ``pattern`` from ``pos`` on; return the text, its map and the count.

    Uses ``finditer``, not :func:`replace_matches`, so a costly pattern (pinyin notes)
    is not compiled a second time with a group around it.

    >>> new, m, n = delete_matches(re.compile("<[^>]*>"), "a<b>c<i>")
    >>> new, m.tolist(), n
    ('ac', [0, 4, 8], 2)
    """
    bounds = [0, *chain.from_iterable(map(_SPAN, pattern.finditer(text, pos))), len(text)]
    if len(bounds) == 2:
        return text, None, 0
    kept_from, kept_to = bounds[0::2], bounds[1::2]  # kept slices lie between matches
    new_text = "".join([text[a:b] for a, b in zip(kept_from, kept_to)])
    seg_src = np.array(kept_from, np.int64)
    lens = np.array(kept_to, np.int64) - seg_src
    mapping = _segment_map(len(new_text), len(text), seg_src, lens.cumsum() - lens, lens)
    return new_text, mapping, len(bounds) // 2 - 1


def matched_edits(
    pattern: re.Pattern[str], text: str, repl: Callable[[str], str], start: int = 0, end: int | None = None
) -> list[Edit]:
    """Edits replacing each match in ``text[start:end]`` by ``repl(matched text)``, unchanged ones left out.

    One ``re.split`` in C finds the matches; no match objects are made.

    >>> matched_edits(re.compile(r"\\s+"), "a \\t b  c", lambda s: " " if len(s) > 1 else s, 1)
    [(1, 4, ' '), (5, 7, ' ')]
    """
    parts = _split_pattern(pattern).split(text[start:end])
    if len(parts) == 1:
        return []
    bounds = list(accumulate(map(len, parts), initial=start))[1:]
    return [
        (a, b, new)
        for a, b, old, new in zip(bounds[0::2], bounds[1::2], parts[1::2], map(repl, parts[1::2]))
        if new != old
    ]


def sub_with_map(
    pattern: re.Pattern[str], repl: Callable[[str], str], text: str
) -> tuple[str, "np.ndarray | None", int]:
    """Like ``re.sub`` with a function of the matched text, plus the map and the number of changes.

    A match that ``repl`` returns unchanged is not counted.

    >>> new, m, n = sub_with_map(re.compile(r"\\s+"), lambda s: " ", "a \\t b")
    >>> new, m.tolist(), n
    ('a b', [0, 1, 4, 5], 1)
    """
    edits = matched_edits(pattern, text, repl)
    new_text, mapping = apply_edits(text, edits)
    return new_text, mapping, len(edits)


def align_map(before: str, after: str) -> np.ndarray:
    """Map for a rewrite that changed lengths, aligned on unchanged characters.

    Changed blocks map proportionally into their source block.

    >>> align_map("ab計程車c", "ab出租汽车c").tolist()
    [0, 1, 2, 2, 3, 4, 5, 6]
    """
    out = np.empty(len(after) + 1, dtype=POSITION)
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
