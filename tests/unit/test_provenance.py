"""Every sentence can be traced back: re-normalizing its source span gives it again.

Positions go sentence -> article -> document (normalized) -> decoded text through
Normalized.source_offsets, and on to raw bytes through Decoded.byte_offsets.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.text.normalize import normalize_text
from etl.text.articles import split_articles
from etl.text.segment import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.is_file() and p.suffix != ".py")
def _decodes_as_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


UTF8_SEEDS = [p for p in SEED_FILES if _decodes_as_utf8(p)]


def document_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence text) of every sentence, in document positions."""
    for article in split_articles(text):
        for s in split_sentences(text[article.char_start:article.char_end]):
            yield article.char_start + s.char_start, article.char_start + s.char_end, s.text


def check_sentences_trace_back(decoded_text: str) -> tuple[int, list[tuple[int, int, str]]]:
    """Map every sentence of ``decoded_text`` back to a source span (checked)."""
    norm = normalize_text(decoded_text)
    spans = []
    for start, end, sentence in document_spans(norm.text):
        src_start, src_end = int(norm.source_offsets[start]), int(norm.source_offsets[end])
        assert normalize_text(decoded_text[src_start:src_end]).text == sentence, (src_start, src_end, sentence)
        spans.append((src_start, src_end, sentence))
    return len(spans), spans


@pytest.mark.parametrize("path", UTF8_SEEDS, ids=lambda p: p.name)
def test_sentences_trace_back_to_utf8_text(path):
    text = path.read_text(encoding="utf-8")
    count, _ = check_sentences_trace_back(text)
    assert count > 10 or not text.strip()


decode_module = pytest.importorskip("etl.decoding.decode", reason="etl.decoding.decode not available yet")


def _decoded_or_none(path: Path):
    try:
        return decode_module.decode_bytes(path.read_bytes(), source=path.name)
    except decode_module.DecodeError:
        return None


def widen_to_repairs(decoded, start: int, end: int) -> tuple[int, int]:
    """Widen a char span so that no repair straddles its edges (a repair maps as a block)."""
    for repair in decoded.repairs:
        if repair.char_start < end and repair.char_end > start:
            start, end = min(start, repair.char_start), max(end, repair.char_end)
    return start, end


def undo_repairs(decoded, start: int, end: int) -> str:
    """decoded.text[start:end] as the codec alone read it (repairs reverted)."""
    pieces, pos = [], start
    for repair in sorted(decoded.repairs, key=lambda r: r.char_start):
        if start <= repair.char_start and repair.char_end <= end:
            pieces += [decoded.text[pos:repair.char_start], repair.before]
            pos = repair.char_end
    return "".join(pieces) + decoded.text[pos:end]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_sentences_trace_back_to_raw_bytes(path):
    decoded = _decoded_or_none(path)
    if decoded is None:
        pytest.skip(f"{path.name} does not decode")
    raw = path.read_bytes()
    count, spans = check_sentences_trace_back(decoded.text)
    assert count > 10
    # raw bytes: the codec reads the sentence's byte span as the decoded text before repairs
    for src_start, src_end, sentence in spans:
        start, end = widen_to_repairs(decoded, src_start, src_end)
        byte_start, byte_end = int(decoded.byte_offsets[start]), int(decoded.byte_offsets[end])
        codec_text = undo_repairs(decoded, start, end)
        assert raw[byte_start:byte_end].decode(decoded.encoding) == codec_text, (byte_start, byte_end, sentence)
