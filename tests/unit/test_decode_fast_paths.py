"""The vectorised shortcuts in the decode stage find exactly what the plain
definitions they replace (regex scans, ``str.count``, per-character NumPy) find."""
from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.decoding.byte_offsets import decode_marked, encoded_lengths, utf8_offsets
from etl.decoding.gbk_shift import _trigger_positions, gbk_shift_fixes
from etl.decoding.hanzi_lm import DocumentModel
from etl.decoding.mojibake import (
    CP1252_CHARS, UTF8_RUN_RE, _cp1252_runs, _encode_with_starts, _utf8_runs, latin1_fixes,
)
from etl.decoding.plausibility import char_costs, code_points, span_cost

# Characters that exercise the edge cases: mojibake pieces, wide and narrow, markers.
TRICKY = "?!aZg海倏中說上“”。\ufffd\ue000㐀 1\u3000\u2fffä¸Šæµ·×·€™\u0080\u00ff\u0152\u0304Ê\U00020000"
tricky_text = st.text(alphabet=TRICKY, max_size=40)


@given(tricky_text)
@settings(max_examples=500, deadline=None)
def test_span_cost_matches_the_numpy_definition(text):
    assert span_cost(text) == round(float(char_costs(text).sum()), 6)


@given(tricky_text)
@settings(max_examples=500, deadline=None)
def test_cp1252_runs_match_the_regex(text):
    regex = re.compile(f"[{CP1252_CHARS}]{{2,}}")
    assert _cp1252_runs(code_points(text)) == [m.span() for m in regex.finditer(text)]


@given(st.lists(st.sampled_from([b"a", b"\xe4\xb8\x8a", b"\xe6\xb5", b"\xb7", b"\xef\xbf\xbd", b"\xc9\xcf"]), max_size=30))
@settings(max_examples=500, deadline=None)
def test_utf8_runs_match_the_regex_over_the_whole_data(pieces):
    data = b"".join(pieces)
    assert [m.span() for m in _utf8_runs(data)] == [m.span() for m in UTF8_RUN_RE.finditer(data)]


@given(tricky_text, st.sampled_from(["gb18030", "big5hkscs"]))
@settings(max_examples=500, deadline=None)
def test_whole_text_encoding_equals_the_per_character_layout(text, codec):
    cps = code_points(text)
    laid_out, starts = _encode_with_starts(cps, codec)
    reused, same_starts = _encode_with_starts(cps, codec, text.encode(codec, "replace"))
    assert (starts == same_starts).all()
    if not ("\u0304" in text or "\u030c" in text):  # HKSCS pairs Ê + U+0304 into one code
        assert reused == laid_out


@given(tricky_text, st.sampled_from(["gb18030", "big5hkscs", "cp950", "utf-16-le"]))
@settings(max_examples=300, deadline=None)
def test_cached_encoded_lengths_match_encoding_each_character(text, codec):
    def one(char):
        if "\udc00" <= char < "\udd00":
            return 1
        try:
            return len(char.encode(codec))
        except UnicodeEncodeError:
            return 0
    assert encoded_lengths(code_points(text), codec).tolist() == [one(c) for c in text]


@given(st.text(max_size=30))
def test_utf8_offsets_from_bytes_match_code_point_lengths(text):
    data = text.encode("utf-8", "surrogatepass")
    lengths = [len(c.encode("utf-8", "surrogatepass")) for c in text]
    assert utf8_offsets(b"xy" + data, 2).tolist() == list(np.cumsum([2, *lengths]))


def test_strict_decode_reports_no_markers_and_broken_bytes_are_marked():
    assert decode_marked("新闻".encode("gb18030"), "gb18030") == ("新闻", 0)
    assert decode_marked(b"\xd0\xc2\xff", "gb18030") == ("新\udcff", 1)


def test_trigger_positions_are_every_question_mark_and_replacement_in_order():
    text = "a?b\ufffd?c?\ufffd"
    assert _trigger_positions(text) == [m.start() for m in re.finditer("[?\ufffd]", text)]


@given(st.text(alphabet="海上。?a\n", max_size=40))
@settings(max_examples=200, deadline=None)
def test_document_pair_counts_match_counting_every_adjacent_pair(text):
    model = DocumentModel(text)
    pairs = list(zip(text, text[1:]))
    for a, b in {("海", "海"), ("上", "海"), ("。", "\n"), ("a", "?")}:
        counted = model.doc_pair_counts(np.int64(ord(a)), np.array([ord(b)]))
        assert counted.tolist() == [pairs.count((a, b))]


def test_many_question_marks_after_han_stay_cheap_to_screen():
    text = "他說了什麼?我不知道。" * 5000
    assert gbk_shift_fixes(text) == []
    assert latin1_fixes(text) == []
