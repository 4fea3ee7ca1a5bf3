"""byte_offsets: every character maps back to the bytes it was decoded from."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.decoding.byte_offsets import incremental_offsets, stateless_offsets
from etl.decoding.decode import DecodeError, decode_bytes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from make_fixtures import good_fixtures  # noqa: E402

# HZ is stateful (~{ ... ~} shifts), so an arbitrary byte slice is not decodable alone.
SLICEABLE = [f for f in good_fixtures() if f.encoding != "hz" and "\ufffd" not in f.text]


@pytest.mark.parametrize("fixture", SLICEABLE, ids=[f.name for f in SLICEABLE])
def test_random_char_spans_round_trip_through_bytes(fixture):
    decoded = decode_bytes(fixture.data)
    offsets, text, data = decoded.byte_offsets, decoded.text, fixture.data
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(data)
    rng = random.Random(fixture.name)
    for _ in range(200):
        i, j = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        assert data[offsets[i]:offsets[j]].decode(decoded.encoding) == text[i:j]


def test_hz_offsets_are_monotonic_and_complete():
    fixture = next(f for f in good_fixtures() if f.encoding == "hz")
    offsets = decode_bytes(fixture.data).byte_offsets
    assert (np.diff(offsets) >= 0).all() and offsets[-1] == len(fixture.data)
    assert offsets[0] == 0


def test_replaced_byte_maps_to_its_own_position():
    fixture = next(f for f in good_fixtures() if f.name == "utf8_one_broken_byte.txt")
    decoded = decode_bytes(fixture.data)
    at = decoded.text.index("\ufffd")
    assert fixture.data[decoded.byte_offsets[at]] == 0xFF
    assert decoded.byte_offsets[at + 1] == decoded.byte_offsets[at] + 1


def test_bom_is_counted():
    decoded = decode_bytes("\ufeff新闻".encode("utf-16-be"))
    assert decoded.text == "新闻" and decoded.byte_offsets.tolist() == [2, 4, 6]


def test_stateless_and_incremental_offsets_agree():
    text = "长三角2023年,合格率96.8%。\r\n吉𠮷"
    data = text.encode("gb18030")
    fast = stateless_offsets(text, "gb18030", 0, len(data))
    assert fast is not None
    assert fast.tolist() == incremental_offsets(data, "gb18030", 0).tolist()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_raise_decode_error(data):
    try:
        decoded = decode_bytes(data, source="fuzz.bin")
    except DecodeError as error:
        assert error.reason in {"empty", "binary", "too_large", "unsupported_encoding", "implausible", "unreadable"}
        assert str(error).startswith("fuzz.bin: decode: ")
        return
    assert len(decoded.byte_offsets) == len(decoded.text) + 1
    assert decoded.byte_offsets[-1] == len(data)
    assert (np.diff(decoded.byte_offsets) >= 0).all()
    assert 0.0 <= decoded.plausibility <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cs",)), min_size=1, max_size=200),
       st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-32"]))
def test_encoded_text_decodes_or_is_rejected(text, codec):
    data = text.encode(codec)
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return
    assert decoded.byte_offsets[-1] == len(data)
    assert (np.diff(decoded.byte_offsets) >= 0).all()
    # FF FE 00 00 is both a UTF-32-LE BOM and a UTF-16-LE BOM followed by U+0000: ambiguous.
    ambiguous_bom = codec == "utf-16" and data.startswith(b"\xff\xfe\x00\x00")
    if codec in ("utf-16", "utf-32") and not decoded.repairs and not ambiguous_bom:
        assert decoded.text == text
