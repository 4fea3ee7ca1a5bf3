"""Repair GBK text that was read one byte out of step, then saved as UTF-8.

When a GBK lead byte is lost (it shows as ``?``), the reader pairs each trail byte
with the next lead byte: ``上海“模速空間”`` comes out as ``上?!澳K倏臻g”``
(see :mod:`etl.decoding.shift_span` for the byte arithmetic). The fixer reads the span
back in step, and fills each character whose byte was lost with the candidate the
language models rate best (:mod:`etl.decoding.hanzi_ngram`: character trigrams of
news; :mod:`etl.decoding.hanzi_lm`: jieba's words and the document's own pairs), only
when they are sure (see :mod:`etl.decoding.shift_fill`); otherwise the character is
marked lost (U+FFFD) and the document is lossy. A span is shifted only when the shifted reading gains
``MIN_GAIN`` over the text as it stands, so fluent Chinese and the ``?`` an encoder
wrote for a character it had no code for (HZ, CP950) are left alone.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from etl.decoding.fixes import Fix
from etl.decoding.hanzi_lm import DocumentModel
from etl.decoding.plausibility import common_hanzi
from etl.decoding.shift_fill import LOST, chain_total, fill
from etl.decoding.shift_span import TRIGGERS, Hole, Reading, readings

TAG_AFTER_RE = re.compile(r"/?[A-Za-z][A-Za-z0-9]*>")
# Digits between two damage marks next to Han text (``？9？安部`` for 公安部): residue of a
# span no reading explains, never a number.
RESIDUE_RE = re.compile(r"(?<=[?？\ufffd])[0-9]{1,2}(?=[?？\ufffd][\u3400-\u9fff])")
MAX_TOKENS = 40
CONTEXT_RADIUS = 20_000
WHOLE_TEXT_MODEL = 1_000_000  # up to this many characters, one document model per text
SPANS_BASE, CHARS_PER_SPAN = 64, 500  # readings weighed per text: 64, plus one per 500 characters
NEAR = 6                # characters either side of a mark within which damage shows non-ASCII
MIN_COMMON = 0.8        # share of common characters a shifted reading must have
MIN_GAIN = 5.0          # nats the shifted reading must gain over the text as it stands


def gbk_shift_fixes(text: str) -> list[Fix]:
    """Fixes for every ``?`` or U+FFFD that starts a shifted span, and for residue digits.

    >>> gbk_shift_fixes("在上海。上海市很大。來到上?!澳K倏臻g”社區")[0].after
    '海“模速空間'
    >>> gbk_shift_fixes("來到上?!澳K倏臻g”社區")[0].after  # 上海? 上面? not sure: lost
    '\ufffd“模速空間'
    >>> gbk_shift_fixes("你好嗎?我很好")
    []
    """
    found, covered = [], 0
    for pos in _trigger_positions(text):
        if pos < covered:  # inside, or ending, a span an earlier ``?`` may explain
            continue
        if pos == 0 or not _near_non_ascii(text, pos):
            continue
        options = readings(text, pos, MAX_TOKENS, _swallowed(text))
        if options:
            found.append((pos, options))
            covered = max(r.end for r in options)
    if not found:
        return _residue_fixes(text)
    clean = _without_spans(text, [(pos, max(r.end for r in options)) for pos, options in found])
    fixes: list[Fix] = []
    model: DocumentModel | None = None
    budget = SPANS_BASE + len(text) // CHARS_PER_SPAN  # keeps a page of ``?`` linear
    for pos, options in found:
        if fixes and pos < fixes[-1].end:
            continue
        budget -= len(options)
        if budget < 0:
            break
        if not any(_common_text(r) for r in options):
            continue  # _best_fix would refuse whichever won: skip the model (a lossy page's 房?)
        if model is None or len(text) > WHOLE_TEXT_MODEL:
            model = DocumentModel(_window(clean, pos))
        fix = _best_fix(model, text, pos, options)
        if fix is not None:
            fixes.append(fix)
    return sorted(fixes + [r for r in _residue_fixes(text) if not any(f.start <= r.start < f.end for f in fixes)])


def _residue_fixes(text: str) -> list[Fix]:
    """Digits left between damage marks, marked lost.

    >>> _residue_fixes("據？9？安部通報")
    [Fix(start=2, end=3, after='\ufffd', method='gbk-residue')]
    """
    fixes = []
    for mark in "?？\ufffd":  # look only after marks: a regex over megabytes is slow
        pos = text.find(mark)
        while pos != -1:
            match = RESIDUE_RE.match(text, pos + 1)
            if match:
                fixes.append(Fix(match.start(), match.end(), LOST * len(match.group()), "gbk-residue"))
            pos = text.find(mark, pos + 1)
    return sorted(fixes)


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each suspect span blanked (same length), so the document model
    does not learn the damage as Chinese.

    >>> _without_spans("上?!澳K倏g”", [(1, 7)])
    '上\\n\\n\\n\\n\\n\\n”'
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\n" * (end - start)
    return "".join(chars)


def _trigger_positions(text: str) -> list[int]:
    """Positions of every ``?`` and U+FFFD, in order; ``str.find`` beats a regex scan.

    >>> _trigger_positions("a?b\ufffd?")
    [1, 3, 4]
    """
    positions = []
    for mark in TRIGGERS:
        pos = text.find(mark)
        while pos != -1:
            positions.append(pos)
            pos = text.find(mark, pos + 1)
    return sorted(positions)


def _near_non_ascii(text: str, pos: int) -> bool:
    """Whether a non-ASCII character is within ``NEAR`` characters of the mark at ``pos``.

    A shifted span reads as Han pairs right after the lost byte, or sits in Han text (or
    its pinyin notes: ``(chǎn)?I(yè)``); a ``?`` with only ASCII around it
    (``hm.js?4f4666fa``, ``share?url=``) is a URL or code, not weighed by the model.

    >>> _near_non_ascii("cn/hm.js?4f4666fa", 8), _near_non_ascii("上?!澳K", 1)
    (False, True)
    >>> _near_non_ascii("(chǎn)?I(yè)", 6)
    True
    """
    return not text[max(pos - NEAR, 0):pos + 1 + NEAR].isascii()


def _swallowed(text: str) -> Callable[[int], str]:
    """The ASCII byte a terminating ``?`` at ``i`` ate: ``<`` when a tag's rest follows."""
    return lambda i: "<" if TAG_AFTER_RE.match(text, i + 1) else ""


def _window(text: str, pos: int) -> str:
    """The text the document model counts: all of it, or ``CONTEXT_RADIUS`` around ``pos``."""
    if len(text) <= WHOLE_TEXT_MODEL:
        return text
    return text[max(pos - CONTEXT_RADIUS, 0):pos + CONTEXT_RADIUS]


def _common_text(reading: Reading) -> bool:
    """Whether the Han characters a shift reads back are mostly common ones (``MIN_COMMON``).

    News read back in step is; a span that only scores better than other damage (UTF-8
    read as GBK, ``婚\ue582淇濇寔骞``, reads back as ``棰濅繚鎸佸钩``) is not, and is left alone.
    """
    han = [p for p in reading.parts if isinstance(p, str) and "\u3400" <= p <= "\u9fff"]
    common = common_hanzi()
    return not han or sum(p in common for p in han) >= MIN_COMMON * len(han)


def _best_fix(model: DocumentModel, text: str, pos: int, options: list[Reading]) -> Fix | None:
    """The reading that gains most over the text as it stands, filled, if it gains enough."""
    window_end = min(max(r.end for r in options) + 1, len(text))
    as_is_text = text[pos - 1] + text[pos + 1:window_end]
    as_is = model.text_logp(as_is_text) / max(len(as_is_text) - 1, 1)
    best: tuple[float, Reading, float] | None = None
    for reading in options:
        total = chain_total(model, text, reading)
        pairs = len(reading.parts) + len(reading.swallowed) + max(window_end - reading.end, 1)
        mean = (total + model.text_logp(text[reading.end:window_end])) / pairs
        # per character, so a reading is not favoured for having fewer characters
        gain = (mean - as_is) * (len(as_is_text) - 1)
        if best is None or gain > best[0]:
            best = (gain, reading, total)
    if best is None or best[0] < MIN_GAIN or not _common_text(best[1]):
        return None
    filled = fill(model, text, best[1], best[2])
    reading = best[1]
    if LOST in filled.fills and any(isinstance(p, Hole) and p.lost == "both" for p in reading.parts):
        return None  # ``??`` unexplained may be two question marks: leave it
    return Fix(
        reading.start, reading.end, filled.after, "gbk-shift",
        candidate=filled.fills, score=filled.score,
        runner_up=filled.runner_up, runner_up_score=filled.runner_up_score,
    )
