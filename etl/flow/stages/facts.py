"""numeric_facts: extract every number of each sentence with its unit, subject and byte span (table numeric_facts).

A fact's columns are its record's fields (etl.facts.fact.Fact) plus where it was
found; their types come from the NumericFacts contract. A new field of Fact that the
contract also declares is stored with no change here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import dataclasses
from operator import attrgetter

import pandas as pd

from etl.facts.article import ArticleContext
from etl.facts.extract import Fact, extract_facts
from etl.flow.outcome import StageOutput, internal_error, quarantine_frame
from etl.flow.records import ChainSettings, DocumentSentences, SentenceText
from etl.flow.stages.loading import as_date, documents_with_children
from etl.pages.article import SpanMap, parse_spans
from etl.store import schemas

if TYPE_CHECKING:  # workers never load: duckdb stays out of their memory
    import duckdb

FACT_CHUNK_ROWS = 20_000  # rows held as Python tuples before they are packed into a frame

# Where a fact was found; its record's own fields follow. char_start/char_end are the
# record's, moved from the sentence into the article's text.
PLACE = ("fact_id", "sentence_id", "article_id", "file_id", "char_start", "char_end", "raw_byte_start", "raw_byte_end")
FACT_FIELDS = tuple(f.name for f in dataclasses.fields(Fact) if f.name not in PLACE)
COLUMNS = PLACE + FACT_FIELDS
_fact_values = attrgetter(*FACT_FIELDS)  # one C call per fact, not a getattr per field


def run(items: list[DocumentSentences], settings: ChainSettings | None = None, hand_on: bool = False) -> StageOutput:
    """Extract facts. Rows are packed into Arrow-backed frames every FACT_CHUNK_ROWS, across
    files: as tuples of Python objects a fact-dense file's rows take several times the
    memory, and a frame per file cost small files more than their extraction."""
    chunks, rows, quarantined = [], [], []
    for doc in items:
        try:
            rows.extend(_file_fact_rows(doc))
        except Exception as exc:  # the file's facts are dropped whole: a partial file would look complete
            quarantined.append(internal_error(doc.path, doc.file_id, "extract", exc))
        if len(rows) >= FACT_CHUNK_ROWS:
            chunks.append(_fact_frame(rows))
            rows = []
    if rows or not chunks:
        chunks.append(_fact_frame(rows))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return StageOutput([d.file_id for d in items], {"numeric_facts": frame}, quarantine_frame(quarantined))


def _file_fact_rows(doc: DocumentSentences) -> list[tuple]:
    rows, offsets = [], doc.raw_offsets
    context, article_id = None, None
    for s in doc.sentences:  # in article order, so a currency an article declares (港元，下同) carries on
        if s.article_id != article_id:
            context, article_id = ArticleContext(region=s.region), s.article_id
        for n, f in enumerate(extract_facts(s.text, published_date=s.published_date, context=context)):
            start, end = s.char_start + f.char_start, s.char_start + f.char_end
            rows.append((f"{s.sentence_id}-f{n}", s.sentence_id, s.article_id, doc.file_id, start, end,
                         int(offsets[s.doc_map[start]]), int(offsets[s.doc_map[end]]),
                         *_fact_values(f)))
    return rows


def _fact_frame(rows: list[tuple]) -> pd.DataFrame:
    # Typed per chunk, so that a chunk whose column is all null concatenates like the others.
    return pd.DataFrame.from_records(rows, columns=COLUMNS).astype(schemas.pandas_dtypes("numeric_facts"))


def load(con: duckdb.DuckDBPyConnection, file_ids: list[str], settings: ChainSettings | None = None) -> list[DocumentSentences]:
    docs = documents_with_children(
        con, file_ids,
        "SELECT s.file_id, s.sentence_id, s.article_id, s.text, s.char_start, a.content_spans, a.published_date, a.region "
        "FROM sentences s JOIN want USING (file_id) JOIN articles a USING (article_id) "
        "ORDER BY s.file_id, a.seq, s.seq",
    )
    maps: dict[str, SpanMap] = {}  # one per article
    return [DocumentSentences(f, p, o, [
        SentenceText(sid, aid, t, cs, maps.get(aid) or maps.setdefault(aid, SpanMap(parse_spans(spans))), as_date(d), r)
        for sid, aid, t, cs, spans, d, r in rows]) for f, p, o, rows in docs]
