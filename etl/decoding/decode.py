"""Decode raw Chinese news bytes into text, repair mojibake, map characters to bytes.

Order: size and magic checks, BOM, strict UTF-8, NUL-lane UTF-16/32, escape
encodings (HZ; ISO-2022-CN and EUC-TW are rejected), then the HTML ``<meta charset>``
hint plus fallbacks (plus chardet on a bounded sample when they leave the choice open),
ranked by how plausible each decoded sample is as Chinese and confirmed by decoding the
whole file.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import numpy as np

from etl.decoding import sniff
from etl.decoding.byte_offsets import byte_offsets, decode_marked, unmark
from etl.decoding.mojibake import find_fixes
from etl.positions.offsets import apply_edits
from etl.decoding.plausibility import plausibility
from etl.positions.provenance import MAX_POSITION

FALLBACK_CODECS = ("gb18030", "big5hkscs", "cp950", "utf-8")
CONFIDENT = 1.0
# chardet 7 names every Big5 variant "Big5", tried in this order, as in FALLBACK_CODECS.
BIG5_FAMILY = sniff.family("big5")
CLEAR_PLAUSIBILITY = 0.9  # a legacy multibyte decode this plausible is not in doubt


@dataclass(frozen=True)
class DecodeOptions:
    """Limits for :func:`decode_bytes`.

    ``min_plausibility`` 0.75: correctly decoded news scores above 0.95, while GBK
    read as Big5 (or the reverse) or UTF-16 read as GBK scores 0.2-0.6.
    """

    max_bytes: int = 512 * 1024 * 1024
    sample_bytes: int = 64 * 1024
    max_replaced_ratio: float = 0.01
    min_plausibility: float = 0.75
    repair_mojibake: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.max_bytes < MAX_POSITION:
            raise ValueError(f"DecodeOptions.max_bytes={self.max_bytes}: must be below {MAX_POSITION} (position maps are int32)")


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


class DecodeError(ValueError):
    """A file the decode stage rejects; ``str()`` names the file, stage and problem.

    >>> str(DecodeError("raw/x.txt", "empty", "file has 0 bytes"))
    'raw/x.txt: decode: empty: file has 0 bytes'
    """

    def __init__(self, source: str, reason: str, detail: str) -> None:
        super().__init__(source, reason, detail)
        self.source, self.reason, self.detail = source, reason, detail

    def __str__(self) -> str:
        return f"{self.source}: decode: {self.reason}: {self.detail}"


@dataclass(frozen=True)
class _Attempt:
    """A whole-file decode with one codec; text still holds byte markers."""

    codec: str
    start: int
    text: str
    replaced: int
    plausibility: float


def decode_bytes(data: bytes, *, source: str = "<bytes>", options: DecodeOptions = DecodeOptions()) -> Decoded:
    """Decode ``data``, or raise :class:`DecodeError` saying why not.

    >>> d = decode_bytes("上海".encode("gb18030") * 20)
    >>> d.text[:4], d.encoding, d.byte_offsets[:3].tolist()
    ('上海上海', 'gb18030', [0, 2, 4])
    """
    _check_shape(data, source, options)
    attempt, confidence, method = _choose(data, source, options)
    _check_replaced(attempt, source, options)
    text = unmark(attempt.text) if attempt.replaced else attempt.text
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


def _choose(data: bytes, source: str, options: DecodeOptions) -> tuple[_Attempt, float, str]:
    """Pick the codec: returns the whole-file attempt, confidence and method."""
    bom = sniff.bom_codec(data)
    if bom is not None:
        return _attempt(data, *bom), CONFIDENT, "bom"
    unsupported = sniff.unsupported_escape(data)
    if b"\x00" in data:
        lanes = sniff.utf16_32_without_bom(data)
        if lanes is None:
            offset = data.index(b"\x00")
            raise DecodeError(source, "binary", f"NUL bytes at offset {offset} and no UTF-16/32 pattern")
        return _attempt(data, lanes[0], 0), lanes[1], "fallback"
    if unsupported == "ISO-2022-CN":
        raise DecodeError(source, "unsupported_encoding", "ISO-2022-CN escape sequences; Python has no decoder for it")
    if sniff.looks_like_hz(data):
        hz = _attempt(data, "hz", 0)
        if hz.replaced == 0:
            return hz, CONFIDENT, "fallback"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _choose_multibyte(data, source, options, unsupported)
    codec = "ascii" if text.isascii() else "utf-8"
    return _Attempt(codec, 0, text, 0, plausibility(text)), CONFIDENT, "utf8-strict"


def _choose_multibyte(
    data: bytes, source: str, options: DecodeOptions, unsupported: str | None
) -> tuple[_Attempt, float, str]:
    """Rank candidate codecs on a sample, confirm on the whole file, keep the best.

    chardet costs more than the rest of the choice; it is asked only when the sample
    scores leave the choice open (see :func:`_clear_leader`)."""
    sample = data[:options.sample_bytes]
    truncated = len(data) > len(sample)
    declared = sniff.family(sniff.declared_charset(data))
    scores = {codec: _sample_score(sample, codec, truncated) for codec in dict.fromkeys(declared + FALLBACK_CODECS)}
    leader = _clear_leader(scores, declared)
    if leader is not None:
        attempt = _attempt(data, leader, 0)
        if attempt.replaced == 0 and attempt.plausibility >= CLEAR_PLAUSIBILITY:
            return attempt, attempt.plausibility, "sample-score"
    detected, detector_confidence = sniff.detect(sample)
    if sniff.is_unsupported_name(detected):
        unsupported = unsupported or detected
    from_detector = sniff.family(detected)
    for codec in from_detector:
        if codec not in scores:
            scores[codec] = _sample_score(sample, codec, truncated)
    candidates = dict.fromkeys(from_detector + declared + FALLBACK_CODECS)
    ranked = sorted(candidates, key=lambda codec: -scores[codec])
    best: _Attempt | None = None
    for codec in ranked:
        attempt = _attempt(data, codec, 0)
        if best is None or _rank(attempt) > _rank(best):
            best = attempt
        if attempt.replaced == 0 and attempt.plausibility >= options.min_plausibility:
            break
    assert best is not None
    # UTF-8 can hold EUC-TW-looking bytes; a legacy multibyte decode needs to be convincing.
    doubtful = best.codec != "utf-8" and best.plausibility < CLEAR_PLAUSIBILITY
    if unsupported and (doubtful or _replaced_ratio(best) > options.max_replaced_ratio):
        raise DecodeError(source, "unsupported_encoding", f"bytes look like {unsupported}; Python has no decoder for it")
    if best.codec in from_detector:
        return best, detector_confidence, "chardet"
    return best, 0.0, "fallback"


def _clear_leader(scores: dict[str, float], declared: tuple[str, ...]) -> str | None:
    """The codec chardet could not displace: the one top sample score, or a Big5 tie that
    every order the ranking breaks ties by (declared, then chardet's family, then
    FALLBACK_CODECS) opens with the same codec.

    >>> _clear_leader({"gb18030": 0.99, "big5hkscs": 0.4, "cp950": 0.4, "utf-8": 0.1}, ())
    'gb18030'
    >>> _clear_leader({"cp950": 0.97, "big5hkscs": 0.97, "gb18030": 0.5, "utf-8": 0.1}, ("cp950", "big5hkscs"))
    """
    top = max(scores.values())
    tied = [codec for codec, score in scores.items() if score == top]
    if len(tied) == 1:
        return tied[0]
    if set(tied) != set(BIG5_FAMILY):
        return None
    return tied[0] if tied[0] == BIG5_FAMILY[0] else None


def _sample_score(sample: bytes, codec: str, truncated: bool) -> float:
    """Plausibility of the decoded sample (a cut character at its end is forgiven)."""
    decoder = codecs.getincrementaldecoder(codec)("replace")
    return plausibility(decoder.decode(sample, final=not truncated))


def _rank(attempt: _Attempt) -> float:
    """Order whole-file attempts: plausibility, minus the share of replaced bytes."""
    return attempt.plausibility - _replaced_ratio(attempt)


def _replaced_ratio(attempt: _Attempt) -> float:
    """Undecodable bytes per decoded character."""
    return attempt.replaced / max(len(attempt.text), 1)


def _attempt(data: bytes, codec: str, start: int) -> _Attempt:
    """Decode ``data[start:]`` with ``codec``, marking undecodable bytes."""
    text, replaced = decode_marked(data[start:] if start else data, codec)
    return _Attempt(codec, start, text, replaced, plausibility(unmark(text) if replaced else text))


def _check_replaced(attempt: _Attempt, source: str, options: DecodeOptions) -> None:
    """Reject decodes with too many undecodable bytes."""
    ratio = _replaced_ratio(attempt)
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
