import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.store.text_chunks import MAX_CHUNK_CHARS, chunk_spans


@given(st.text(alphabet="中文。\n𠀀a", max_size=300), st.integers(min_value=1, max_value=40))
def test_spans_tile_the_text_and_cut_after_a_newline_when_one_fits(text, max_chars):
    spans = chunk_spans(text, max_chars)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == nxt for (_, end), (nxt, _) in zip(spans, spans[1:]))
    assert all(0 < end - start <= max_chars for start, end in spans) or text == ""
    for start, end in spans[:-1]:
        window = text[start:start + max_chars]
        if "\n" in window:
            assert text[end - 1] == "\n" and "\n" not in text[end:start + max_chars]


def test_a_duckdb_vector_of_pieces_stays_small_whatever_the_characters():
    assert 2048 * MAX_CHUNK_CHARS * 4 <= 32 * 2**20  # 2,048 rows a vector, 4 bytes the widest UTF-8 character


def test_empty_text_is_one_empty_piece_and_nonsense_limits_are_refused():
    assert chunk_spans("") == [(0, 0)]
    with pytest.raises(ValueError, match="max_chars"):
        chunk_spans("abc", 0)
