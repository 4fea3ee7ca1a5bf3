"""Byte-level clues for decoding: BOMs, magic numbers, NUL patterns, escape
sequences, in-band charset declarations and codec name mapping."""
from __future__ import annotations

import codecs
import re

import chardet
import numpy as np

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"), (b"PK\x05\x06", "ZIP archive"), (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"), (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"), (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (doc/xls)"),
    (b"RIFF", "RIFF media"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"), (b"\x00\x00\x01\xba", "MPEG video"),
)
ISO2022_CN_RE = re.compile(rb"\x1b\$\)[AGE]|\x1b\$\*H|\x1b\$\+[I-M]")
EUC_TW_SS2_RE = re.compile(rb"\x8e[\xa1-\xb0][\xa1-\xfe][\xa1-\xfe]")
HZ_RE = re.compile(rb"~\{[\x21-\x77][\x21-\x7e]")
META_CHARSET_RE = re.compile(
    rb"""<meta [^>]*? charset \s*=\s* ["']? \s* ([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE | re.VERBOSE,
)
# Codecs Python has no decoder for; data in them is rejected, never guessed.
UNSUPPORTED = {"euc-tw", "euc_tw", "iso-2022-cn", "iso2022_cn", "iso-2022-cn-ext", "cns11643", "x-euc-tw"}
# Supported families: decode GB texts as the superset, Big5 with HKSCS then CP950.
FAMILIES = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "gb18030": ("gb18030",), "hz": ("hz",),
    "big5": ("big5hkscs", "cp950"), "big5hkscs": ("big5hkscs", "cp950"), "cp950": ("cp950", "big5hkscs"),
    "utf-8": ("utf-8",), "ascii": ("utf-8",),
    "utf-16-le": ("utf-16-le",), "utf-16-be": ("utf-16-be",),
    "utf-32-le": ("utf-32-le",), "utf-32-be": ("utf-32-be",),
}


def bom_codec(data: bytes) -> tuple[str, int] | None:
    """The codec a byte order mark announces, and the mark's length.

    >>> bom_codec(b"\\xff\\xfea\\x00"), bom_codec(b"abc")
    (('utf-16-le', 2), None)
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def binary_kind(data: bytes) -> str | None:
    """What a file's magic number says it is, if it is a known binary format.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind("新闻".encode())
    ('PDF document', None)
    """
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return None


def utf16_32_without_bom(data: bytes) -> tuple[str, float] | None:
    """UTF-16/32 codec recognised from where NUL bytes fall, with the NUL share.

    Text with ASCII in it puts NULs in one fixed byte lane: UTF-32 leaves the two
    high bytes of each unit zero, UTF-16 the high byte of each ASCII unit.

    >>> utf16_32_without_bom("新闻 2024\\n".encode("utf-16-be"))
    ('utf-16-be', 0.75)
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    zero = raw == 0
    if not zero.any():
        return None
    if len(raw) % 4 == 0:
        lanes = zero.reshape(-1, 4).mean(axis=0)
        if lanes[3] == 1.0 and lanes[2] >= 0.9:
            return "utf-32-le", float(lanes[2])
        if lanes[0] == 1.0 and lanes[1] >= 0.9:
            return "utf-32-be", float(lanes[1])
    if len(raw) % 2 == 0:
        even, odd = float(zero[0::2].mean()), float(zero[1::2].mean())
        # Han code points such as U+4E00 put a few NULs in the other lane too.
        if odd >= 0.05 and odd >= 4 * even:
            return "utf-16-le", odd
        if even >= 0.05 and even >= 4 * odd:
            return "utf-16-be", even
    return None


def unsupported_escape(data: bytes) -> str | None:
    """Name of an unsupported encoding whose byte signature ``data`` carries.

    >>> unsupported_escape(b"\\x1b$)A\\x0e=>\\x0f"), unsupported_escape(b"plain")
    ('ISO-2022-CN', None)
    """
    if ISO2022_CN_RE.search(data):
        return "ISO-2022-CN"
    if EUC_TW_SS2_RE.search(data):
        return "EUC-TW"
    return None


def looks_like_hz(data: bytes) -> bool:
    """True for 7-bit data with HZ ``~{`` ... ``~}`` GB2312 shifts.

    >>> looks_like_hz("中文".encode("hz")), looks_like_hz(b"~{")
    (True, False)
    """
    return data.isascii() and b"~}" in data and HZ_RE.search(data) is not None


def declared_charset(data: bytes, window: int = 4096) -> str | None:
    """The charset an HTML ``<meta>`` tag declares near the start, if any.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    match = META_CHARSET_RE.search(data[:window])
    return match.group(1).decode("ascii").lower() if match else None


def family(name: str | None) -> tuple[str, ...]:
    """Python codecs to try for an encoding name from a detector or a declaration.

    >>> family("GB2312"), family("Big5"), family("windows-1252")
    (('gb18030',), ('big5hkscs', 'cp950'), ())
    """
    if not name:
        return ()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return ()
    return FAMILIES.get(canonical, ())


def is_unsupported_name(name: str | None) -> bool:
    """True for encoding names Python cannot decode but Chinese files use.

    >>> is_unsupported_name("EUC-TW"), is_unsupported_name("gbk")
    (True, False)
    """
    return bool(name) and name.lower() in UNSUPPORTED


def detect(sample: bytes) -> tuple[str | None, float]:
    """chardet's encoding name and confidence for a bounded sample."""
    result = chardet.detect(sample)
    return result.get("encoding"), float(result.get("confidence") or 0.0)
