"""Byte provenance on pages and record dumps: every kept sentence's raw byte span
decodes, and normalizes, back to the sentence (as tests/unit/test_provenance.py checks
for text files). A sentence lies in one span of its article, so the article's position
map takes it to the document text, and the document's maps to the raw bytes."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from etl.decoding.decode import decode_bytes
from etl.pages import articles_from_document
from etl.positions.provenance import compose
from etl.text.normalize import normalize_text
from etl.text.segment import split_sentences
from tests.unit.test_provenance import undo_repairs, widen_to_repairs

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p for p in (ROOT / "tests" / "fixtures" / "pages").iterdir() if p.suffix != ".py" and "empty" not in p.name)
REALWORLD = ROOT.parent / "shared" / "realworld" / "files"
REAL = sorted(REALWORLD.iterdir()) if REALWORLD.exists() else []


def _unbroken(text: str) -> str:
    # NFKC: alone, a bracket at the span's edge may lose the Han neighbour that made it full-width.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check(path: Path) -> int:
    raw = path.read_bytes()
    decoded = decode_bytes(raw, source=path.name)
    norm = normalize_text(decoded.text)
    to_raw = compose(decoded.byte_offsets, norm.source_offsets)
    checked = 0
    for article in articles_from_document(path.name, decoded.text, norm.text):
        body, positions = article.text(norm.text), article.positions()
        for s in split_sentences(body):
            doc_start, doc_end = int(positions[s.char_start]), int(positions[s.char_end])
            assert norm.text[doc_start:doc_end] == s.text, (path.name, s.text)
            src_start, src_end = int(norm.source_offsets[doc_start]), int(norm.source_offsets[doc_end])
            # Alone, the span may not rejoin a line break the whole document rejoined.
            assert _unbroken(normalize_text(decoded.text[src_start:src_end]).text) == _unbroken(s.text), (path.name, s.text)
            start, end = widen_to_repairs(decoded, src_start, src_end)
            byte_start, byte_end = int(decoded.byte_offsets[start]), int(decoded.byte_offsets[end])
            assert raw[byte_start:byte_end].decode(decoded.encoding) == undo_repairs(decoded, start, end)
            assert (int(to_raw[doc_start]), int(to_raw[doc_end])) == (int(decoded.byte_offsets[src_start]), int(decoded.byte_offsets[src_end]))
            checked += 1
    return checked


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_sentences_of_test_pages_trace_back_to_raw_bytes(path):
    assert check(path) >= 3


@pytest.mark.skipif(not REAL, reason="../shared/realworld is not here")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_sentences_of_real_pages_trace_back_to_raw_bytes(path):
    assert check(path) >= 3
