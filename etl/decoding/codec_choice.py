"""Which codec a file's bytes are in: BOM, strict UTF-8, UTF-16/32 without a BOM, the
escape encodings (HZ; ISO-2022-CN and EUC-TW are rejected), then the HTML ``<meta
charset>`` hint plus fallbacks (plus chardet on a bounded sample when they leave the
choice open), ranked by how plausible each decoded sample is as Chinese and confirmed by
decoding the whole file (:func:`choose`, used by :func:`etl.decoding.decode.decode_bytes`).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import numpy as np

from etl.decoding import sniff
from etl.decoding.byte_offsets import decode_marked, unmark
from etl.decoding.mixed_lines import mixed_reading
from etl.decoding.plausibility import code_points, plausibility
from etl.positions.provenance import MAX_POSITION

FALLBACK_CODECS = ("gb18030", "big5hkscs", "cp950", "utf-8")
CONFIDENT = 1.0
# chardet 7 names every Big5 variant "Big5", tried in this order, as in FALLBACK_CODECS.
BIG5_FAMILY = sniff.family("big5")
CLEAR_PLAUSIBILITY = 0.9  # a legacy multibyte decode this plausible is not in doubt


@dataclass(frozen=True)
class DecodeOptions:
    """Limits for :func:`etl.decoding.decode.decode_bytes`.

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
class Attempt:
    """A whole-file decode with one codec; text still holds byte markers."""

    codec: str
    start: int
    text: str
    replaced: int
    plausibility: float
    offsets: np.ndarray | None = field(default=None, repr=False, compare=False)  # when no one codec maps them


def choose(data: bytes, source: str, options: DecodeOptions) -> tuple[Attempt, float, str]:
    """Pick the codec: returns the whole-file attempt, confidence and method."""
    bom = sniff.bom_codec(data)
    if bom is not None:
        return attempt_codec(data, *bom), CONFIDENT, "bom"
    unsupported = sniff.unsupported_escape(data)
    if b"\x00" in data:
        return _choose_wide(data, source)
    if unsupported == "ISO-2022-CN":
        raise DecodeError(source, "unsupported_encoding", "ISO-2022-CN escape sequences; Python has no decoder for it")
    if sniff.looks_like_hz(data):
        hz = attempt_codec(data, "hz", 0)
        if hz.replaced == 0:
            return hz, CONFIDENT, "fallback"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _choose_multibyte(data, source, options, unsupported)
    codec = "ascii" if text.isascii() else "utf-8"
    return Attempt(codec, 0, text, 0, plausibility(text)), CONFIDENT, "utf8-strict"


def _choose_multibyte(
    data: bytes, source: str, options: DecodeOptions, unsupported: str | None
) -> tuple[Attempt, float, str]:
    """Rank candidate codecs on a sample, confirm on the whole file, keep the best.

    chardet costs more than the rest of the choice; it is asked only when the sample
    scores leave the choice open (see :func:`_clear_leader`)."""
    sample = data[:options.sample_bytes]
    truncated = len(data) > len(sample)
    declared = sniff.family(sniff.declared_charset(data))
    scores = {codec: _sample_score(sample, codec, truncated) for codec in dict.fromkeys(declared + FALLBACK_CODECS)}
    leader = _clear_leader(scores, declared)
    if leader is not None:
        attempt = attempt_codec(data, leader, 0)
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
    best: Attempt | None = None
    for codec in ranked:
        attempt = attempt_codec(data, codec, 0)
        if best is None or _rank(attempt) > _rank(best):
            best = attempt
        if attempt.replaced == 0 and attempt.plausibility >= options.min_plausibility:
            break
    assert best is not None
    if best.plausibility < options.min_plausibility and (wide := _utf16_reading(data)) is not None:
        return wide, wide.plausibility, "fallback"  # UTF-16 of Han text alone has no NUL byte
    # UTF-8 can hold EUC-TW-looking bytes; a legacy multibyte decode needs to be convincing.
    doubtful = best.codec != "utf-8" and best.plausibility < CLEAR_PLAUSIBILITY
    failing = best.plausibility < options.min_plausibility or replaced_ratio(best) > options.max_replaced_ratio
    if (failing or unsupported and doubtful) and (mixed := _mixed_attempt(data, options)) is not None:
        return mixed, mixed.plausibility, "fallback"  # UTF-8 lines and GBK lines in one file
    if unsupported and (doubtful or replaced_ratio(best) > options.max_replaced_ratio):
        raise DecodeError(source, "unsupported_encoding", f"bytes look like {unsupported}; Python has no decoder for it")
    if best.codec in from_detector:
        return best, detector_confidence, "chardet"
    return best, 0.0, "fallback"


def _choose_wide(data: bytes, source: str) -> tuple[Attempt, float, str]:
    """UTF-16/32 without a BOM, for bytes with NULs: the codec of the NUL lanes, or the
    UTF-16 byte order that reads as Han text and ASCII, whichever reads so best. Prose with
    a line end every 60 Han characters has under 5% NULs in its lane, and 一 (U+4E00) or
    开 (U+5F00) put them in the other one."""
    lanes = sniff.utf16_32_without_bom(data)
    readings = [attempt_codec(data, lanes[0], 0)] if lanes is not None else []
    if len(data) % 2 == 0:
        readings += [attempt_codec(data, codec, 0) for codec in ("utf-16-le", "utf-16-be")
                     if lanes is None or codec != lanes[0]]
    best = max(readings, key=_wide_rank, default=None)
    if best is not None and lanes is not None and best.codec == lanes[0]:
        return best, lanes[1], "fallback"  # the later checks say what is wrong with it, if anything
    if best is not None and _clearly_wide(best):
        return best, best.plausibility, "fallback"
    if lanes is not None:
        return readings[0], lanes[1], "fallback"
    offset = data.index(b"\x00")
    raise DecodeError(source, "binary", f"NUL bytes at offset {offset} and no UTF-16/32 pattern")


def _utf16_reading(data: bytes) -> Attempt | None:
    """The UTF-16 byte order (no BOM) that reads ``data`` clearly as Chinese, if one does
    (legacy multibyte bytes read as UTF-16 hit lone surrogates: 0xD8-0xDF are common lead bytes)."""
    if len(data) % 2:
        return None
    best = max((attempt_codec(data, codec, 0) for codec in ("utf-16-le", "utf-16-be")), key=_wide_rank)
    return best if _clearly_wide(best) else None


def _wide_rank(attempt: Attempt) -> float:
    """Order UTF-16/32 readings: the share of Han, punctuation (“”…—, 。、, full width) and ASCII.
    The wrong byte order reads as Hangul, kana, Thai and the like, which
    :func:`plausibility` counts as neutral."""
    cps = code_points(attempt.text)
    if not len(cps):
        return 0.0
    han = ((cps >= 0x3400) & (cps < 0xA000)) | ((cps >= 0xF900) & (cps < 0xFB00))
    marks = ((cps >= 0x2010) & (cps < 0x2040)) | ((cps >= 0x3000) & (cps < 0x3040)) | ((cps >= 0xFF00) & (cps < 0xFFF0))
    ascii_text = ((cps >= 0x20) & (cps < 0x7F)) | (cps == 0x0A) | (cps == 0x0D) | (cps == 0x09)
    return float((han | marks | ascii_text).mean()) - replaced_ratio(attempt)


def _clearly_wide(attempt: Attempt) -> bool:
    """A UTF-16 reading with no error that reads clearly as Chinese."""
    return attempt.replaced == 0 and attempt.plausibility >= CLEAR_PLAUSIBILITY and _wide_rank(attempt) >= CLEAR_PLAUSIBILITY


def _mixed_attempt(data: bytes, options: DecodeOptions) -> Attempt | None:
    """The file read line by line as UTF-8 and one legacy codec (:mod:`etl.decoding.mixed_lines`),
    if that reading passes the checks every decode must pass."""
    found = mixed_reading(data)
    if found is None:
        return None
    codec, text, replaced, offsets = found
    attempt = Attempt(codec, 0, text, replaced, plausibility(unmark(text) if replaced else text), offsets)
    good = attempt.plausibility >= options.min_plausibility and replaced_ratio(attempt) <= options.max_replaced_ratio
    return attempt if good else None


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


def _rank(attempt: Attempt) -> float:
    """Order whole-file attempts: plausibility, minus the share of replaced bytes."""
    return attempt.plausibility - replaced_ratio(attempt)


def replaced_ratio(attempt: Attempt) -> float:
    """Undecodable bytes per decoded character."""
    return attempt.replaced / max(len(attempt.text), 1)


def attempt_codec(data: bytes, codec: str, start: int) -> Attempt:
    """Decode ``data[start:]`` with ``codec``, marking undecodable bytes."""
    text, replaced = decode_marked(data[start:] if start else data, codec)
    return Attempt(codec, start, text, replaced, plausibility(unmark(text) if replaced else text))
