"""articles: split each document into articles with their title, source and date (table articles)."""
from __future__ import annotations

import duckdb
import pandas as pd

from etl.flow.outcome import StageOutput, internal_error, quarantine_frame, quarantine_row
from etl.flow.records import ArticleText, ChainSettings, Document, DocumentArticles
from etl.positions import provenance
from etl.text.segment import split_articles


def run(items: list[Document], settings: ChainSettings | None = None, hand_on: bool = False) -> StageOutput:
    """Split documents into articles; hands on each document's article texts."""
    rows, quarantined, handed = [], [], []
    for doc in items:
        try:
            articles = split_articles(doc.text)
            if not articles:
                quarantined.append(quarantine_row(doc.path, doc.file_id, "segment", "no_text",
                                                  f"{doc.path}: segment: no article text after normalization"))
                continue
            texts = []
            for a in articles:
                article_id, text = f"{doc.file_id[:16]}-a{a.seq}", doc.text[a.char_start:a.char_end]
                rows.append({
                    "article_id": article_id, "file_id": doc.file_id, "seq": a.seq,
                    "title": a.title, "source": a.source, "editor": a.editor, "photographer": a.photographer,
                    "published_date": a.published_date, "published_date_method": a.published_date_method,
                    "text": text, "doc_char_start": a.char_start, "doc_char_end": a.char_end,
                    "raw_byte_start": int(doc.raw_offsets[a.char_start]), "raw_byte_end": int(doc.raw_offsets[a.char_end]),
                })
                texts.append(ArticleText(article_id, text, a.char_start, a.published_date))
            if hand_on:
                handed.append(DocumentArticles(doc.file_id, doc.path, doc.raw_offsets, texts))
        except Exception as exc:
            quarantined.append(internal_error(doc.path, doc.file_id, "segment", exc))
    return StageOutput([d.file_id for d in items], {"articles": pd.DataFrame(rows)}, quarantine_frame(quarantined), handed)


def load(con: duckdb.DuckDBPyConnection, file_ids: list[str], settings: ChainSettings | None = None) -> list[Document]:
    """Documents whole, one at a time: a filter on file_id is pushed into DuckDB's scan,
    which then reads only that document's pieces; a join would read every text in the table."""
    items = []
    for file_id in sorted(file_ids):
        for path, packed in con.execute("SELECT path, raw_offsets FROM documents WHERE file_id = ?", [file_id]).fetchall():
            pieces = con.execute("SELECT text FROM document_text WHERE file_id = ? ORDER BY seq", [file_id]).fetchall()
            items.append(Document(file_id, path, "".join(p for (p,) in pieces), provenance.unpack(bytes(packed))))
    return items
