"""Files whose lines are in two encodings (UTF-8 with articles pasted in as GBK or Big5):
read line by line instead of quarantined."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.decoding.decode import DecodeError, decode_bytes

UTF8_LINES = ["全市进出口总额稳步增长\n", "发布时间：2017-05-09\n", "今年一季度全市进出口总额为1200亿元，同比增长5.2%。\n"]
LEGACY_LINES = ["北京集成电路出口回落\n", "记者从有关部门获悉，这项工程总投资约为五十亿元。\n", "上海今年人口增长了百分之三。\n"]
BIG5_LINES = ["北京積體電路出口回落\n", "記者從有關部門獲悉，這項工程總投資約為五十億元。\n", "臺北今年人口增長了百分之三。\n"]


def _mixed(legacy_codec: str) -> tuple[str, bytes]:
    legacy = BIG5_LINES if legacy_codec == "big5" else LEGACY_LINES
    text = "".join(UTF8_LINES + legacy + UTF8_LINES[:1])
    data = b"".join([*(line.encode() for line in UTF8_LINES), *(line.encode(legacy_codec) for line in legacy),
                     UTF8_LINES[0].encode()])
    return text, data


@pytest.mark.parametrize("legacy_codec,label", [("gbk", "utf-8+gb18030"), ("big5", "utf-8+big5hkscs")])
def test_a_utf8_file_with_an_article_in_a_legacy_encoding_is_read_whole(legacy_codec, label):
    text, data = _mixed(legacy_codec)
    decoded = decode_bytes(data, source="raw/mixed.txt")
    assert (decoded.text, decoded.encoding, decoded.lossy) == (text, label, False)
    # every character maps back to its own bytes, in whichever encoding its line is
    for i, char in enumerate(decoded.text):
        piece = data[decoded.byte_offsets[i]:decoded.byte_offsets[i + 1]]
        assert char in {piece.decode("utf-8", "replace"), piece.decode(legacy_codec, "replace")}


def test_a_single_codec_file_is_not_read_as_mixed():
    data = "".join(LEGACY_LINES * 3).encode("gbk")
    assert decode_bytes(data).encoding == "gb18030"


def test_one_utf8_line_is_no_evidence_of_a_utf8_file():
    # A GBK file whose short title happens to be valid UTF-8 stays what the codec choice says.
    data = UTF8_LINES[0].encode() + "".join(LEGACY_LINES).encode("gbk")
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        assert error.reason in ("implausible", "unsupported_encoding")
    else:
        assert "+" not in decoded.encoding


@given(st.lists(st.tuples(st.sampled_from(UTF8_LINES + LEGACY_LINES), st.booleans()), min_size=4, max_size=14))
@settings(max_examples=60, deadline=None)
def test_lines_in_utf8_and_gbk_round_trip(lines):
    text = "".join(line for line, _ in lines)
    data = b"".join(line.encode("gbk" if legacy else "utf-8") for line, legacy in lines)
    utf8_han = sum(not legacy for _, legacy in lines)
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        assert utf8_han < 2  # too little UTF-8 to read the file as UTF-8 at all
        return
    if any(legacy for _, legacy in lines) and utf8_han >= 2 and decoded.encoding.startswith("utf-8+"):
        assert decoded.text == text
    assert len(decoded.byte_offsets) == len(decoded.text) + 1 and decoded.byte_offsets[-1] == len(data)
