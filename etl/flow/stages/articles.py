"""articles: the articles of each document, by container, with title, date, URL and author (table articles).

Plain text is split at its headings; an HTML page keeps its main content only; a record
dump gives one article per record (etl.pages). An article's text is spans of the
document text joined by newlines, so every character still maps to its raw bytes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

import pandas as pd

from etl.decoding.decode import decode_bytes
from etl.flow.outcome import StageOutput, internal_error, quarantine_frame, quarantine_row
from etl.flow.records import ArticleText, ChainSettings, Document, DocumentArticles
from etl.pages import NoArticleText, articles_from_document
from etl.pages.article import SpanMap, format_spans
from etl.pages.container import TEXT, container_of
from etl.pages.region import region_of
from etl.positions import provenance

if TYPE_CHECKING:  # workers never load: duckdb stays out of their memory
    import duckdb


def run(items: list[Document], settings: ChainSettings | None = None, hand_on: bool = False) -> StageOutput:
    """Find each document's articles; hands on their texts."""
    rows, quarantined, handed = [], [], []
    for doc in items:
        try:
            articles = articles_from_document(doc.path, doc.markup or doc.text, doc.text)
        except NoArticleText as exc:
            if exc.container == TEXT:
                quarantined.append(quarantine_row(doc.path, doc.file_id, "segment", "no_text",
                                                  f"{doc.path}: segment: no article text after normalization"))
            else:
                quarantined.append(quarantine_row(doc.path, doc.file_id, "segment", "no_article_text", str(exc)))
            continue
        except Exception as exc:
            quarantined.append(internal_error(doc.path, doc.file_id, "segment", exc))
            continue
        texts = []
        for a in articles:
            article_id, text = f"{doc.file_id[:16]}-a{a.seq}", a.text(doc.text)
            region = region_of(a.url, a.source, doc.script)
            rows.append({
                "article_id": article_id, "file_id": doc.file_id, "seq": a.seq,
                "title": a.title, "source": a.source, "editor": a.editor, "photographer": a.photographer,
                "published_date": a.published_date, "published_date_method": a.published_date_method,
                "text": text, "doc_char_start": a.char_start, "doc_char_end": a.char_end,
                "raw_byte_start": int(doc.raw_offsets[a.char_start]), "raw_byte_end": int(doc.raw_offsets[a.char_end]),
                "url": a.url, "author": a.author,
                "published_time": a.published_time.isoformat() if a.published_time else None,
                "container": a.container, "content_spans": format_spans(a.spans), "region": region,
                "cut_short": a.cut_short, "salvaged": a.salvaged,
            })
            texts.append(ArticleText(article_id, text, SpanMap(a.spans), a.published_date, region))
        if hand_on:
            handed.append(DocumentArticles(doc.file_id, doc.path, doc.raw_offsets, texts))
    return StageOutput([d.file_id for d in items], {"articles": pd.DataFrame(rows)}, quarantine_frame(quarantined), handed)


def load(con: duckdb.DuckDBPyConnection, file_ids: list[str], settings: ChainSettings) -> list[Document]:
    """Documents whole, one at a time: a filter on file_id is pushed into DuckDB's scan,
    which then reads only that document's pieces; a join would read every text in the table."""
    items = []
    for file_id in sorted(file_ids):
        for path, packed, script in con.execute(
                "SELECT path, raw_offsets, original_script FROM documents WHERE file_id = ?", [file_id]).fetchall():
            pieces = con.execute("SELECT text FROM document_text WHERE file_id = ? ORDER BY seq", [file_id]).fetchall()
            items.append(Document(file_id, path, "".join(p for (p,) in pieces), provenance.unpack(bytes(packed)),
                                  _markup(settings, path), script))
    return items


def _markup(settings: ChainSettings, path: str) -> str | None:
    """A page's or dump's decoded text before normalization, read again from its landing
    file (the warehouse keeps the normalized text only); None for plain text or a file gone."""
    try:
        data = (Path(settings.landing_dir) / path).read_bytes()
    except OSError:
        return None  # deleted since: its articles come from the stored text alone
    if container_of(data[:65536].decode("latin-1")) == TEXT:  # the markers are ASCII
        return None
    return decode_bytes(data, source=path, options=settings.decode_options).text
