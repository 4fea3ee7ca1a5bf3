"""Decode raw Chinese news bytes into text, repair mojibake, map characters to bytes.

Order: size and magic checks, the codec (:mod:`etl.decoding.codec_choice`), the share of
undecodable bytes, mojibake repairs, then how plausible the text is as Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from etl.decoding import sniff
from etl.decoding.byte_offsets import byte_offsets, unmark
from etl.decoding.codec_choice import Attempt, DecodeError, DecodeOptions, choose, replaced_ratio
from etl.decoding.mojibake import find_fixes
from etl.decoding.plausibility import plausibility
from etl.positions.offsets import apply_edits

__all__ = ["Decoded", "DecodeError", "DecodeOptions", "Repair", "decode_bytes"]


@dataclass(frozen=True)
class Repair:
    """One mojibake repair: ``before`` became ``after``; a guess is explained by the
    ``candidate`` chosen for the lost bytes, its ``score`` and the ``runner_up`` (see
    :class:`etl.decoding.fixes.Fix`)."""

    char_start: int
    char_end: int
    raw_byte_start: int
    raw_byte_end: int
    before: str
    after: str
    method: str
    candidate: str = ""
    score: float | None = None
    runner_up: str = ""
    runner_up_score: float | None = None


@dataclass(frozen=True)
class Decoded:
    """A decoded, mojibake-repaired text and where each character came from."""

    text: str
    encoding: str
    confidence: float
    method: str
    plausibility: float
    replaced_chars: int
    lossy: bool
    repairs: tuple[Repair, ...]
    byte_offsets: np.ndarray = field(repr=False, compare=False)


def decode_bytes(data: bytes, *, source: str = "<bytes>", options: DecodeOptions = DecodeOptions()) -> Decoded:
    """Decode ``data``, or raise :class:`DecodeError` saying why not.

    >>> d = decode_bytes("上海".encode("gb18030") * 20)
    >>> d.text[:4], d.encoding, d.byte_offsets[:3].tolist()
    ('上海上海', 'gb18030', [0, 2, 4])
    """
    _check_shape(data, source, options)
    attempt, confidence, method = choose(data, source, options)
    _check_replaced(attempt, source, options)
    text = unmark(attempt.text) if attempt.replaced else attempt.text
    offsets = attempt.offsets
    if offsets is None:
        offsets = byte_offsets(data, attempt.text, attempt.codec, attempt.start, marked=attempt.replaced > 0)
    repairs: tuple[Repair, ...] = ()
    if options.repair_mojibake:
        text, offsets, repairs = _repair(text, offsets)
    score = plausibility(text) if repairs else attempt.plausibility
    _check_plausible(score, attempt.codec, source, options)
    return Decoded(
        text=text, encoding=attempt.codec, confidence=confidence, method=method,
        plausibility=score, replaced_chars=attempt.replaced,
        # Also lossy: U+FFFD the file already held (a crawl's earlier damage) or that a codec
        # emits without an error (CPython's hz does, for pairs outside GB2312).
        lossy=attempt.replaced > 0 or "\ufffd" in text, repairs=repairs, byte_offsets=offsets,
    )


def _check_shape(data: bytes, source: str, options: DecodeOptions) -> None:
    """Reject empty, oversized and known binary files before decoding anything."""
    if not data:
        raise DecodeError(source, "empty", "file has 0 bytes; nothing to decode")
    if len(data) > options.max_bytes:
        raise DecodeError(source, "too_large", f"{len(data)} bytes exceeds max_bytes={options.max_bytes}")
    kind = sniff.binary_kind(data)
    if kind is not None:
        raise DecodeError(source, "binary", f"magic bytes {data[:8]!r} say {kind}, not text")


def _check_replaced(attempt: Attempt, source: str, options: DecodeOptions) -> None:
    """Reject decodes with too many undecodable bytes."""
    ratio = replaced_ratio(attempt)
    if ratio > options.max_replaced_ratio:
        raise DecodeError(
            source, "implausible",
            f"{attempt.replaced} undecodable bytes ({ratio:.1%}) as {attempt.codec}, "
            f"over max_replaced_ratio={options.max_replaced_ratio}",
        )


def _check_plausible(score: float, codec: str, source: str, options: DecodeOptions) -> None:
    """Reject text that does not read as Chinese even after repairs."""
    if score < options.min_plausibility:
        raise DecodeError(
            source, "implausible",
            f"best decode ({codec}) scores {score:.2f} as Chinese, "
            f"under min_plausibility={options.min_plausibility}",
        )


def _repair(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray, tuple[Repair, ...]]:
    """Apply mojibake fixes; carry the byte map through them."""
    fixes = find_fixes(text)
    if not fixes:
        return text, offsets, ()
    new_text, mapping = apply_edits(text, [(f.start, f.end, f.after) for f in fixes])
    repairs, shift = [], 0
    for fix in fixes:
        start = fix.start + shift
        repairs.append(Repair(
            start, start + len(fix.after), int(offsets[fix.start]), int(offsets[fix.end]),
            text[fix.start:fix.end], fix.after, fix.method,
            fix.candidate, fix.score, fix.runner_up, fix.runner_up_score,
        ))
        shift += len(fix.after) - (fix.end - fix.start)
    return new_text, offsets[mapping], tuple(repairs)
