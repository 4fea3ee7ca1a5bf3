"""sentences: split each article into sentences with paragraph types and byte offsets (table sentences)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from etl.flow.outcome import StageOutput, internal_error, quarantine_frame, quarantine_row
from etl.flow.records import ArticleText, ChainSettings, DocumentArticles, DocumentSentences, SentenceText
from etl.flow.stages.loading import as_date, documents_with_children
from etl.pages.article import SpanMap, parse_spans
from etl.store import schemas
from etl.text.segment import split_sentences

if TYPE_CHECKING:  # workers never load: duckdb stays out of their memory
    import duckdb


class NoBody(ValueError):
    """An article with no body sentence: the file cannot yield trustworthy sentences."""


def run(items: list[DocumentArticles], settings: ChainSettings | None = None, hand_on: bool = False) -> StageOutput:
    """Split articles into sentences; hands on each document's sentences."""
    rows, quarantined, handed = [], [], []  # rows as tuples: a fact-dense batch holds millions of values
    columns = schemas.columns("sentences")
    for doc in items:
        try:
            offsets, file_rows, texts = doc.raw_offsets, [], []
            for article in doc.articles:
                sentences = split_sentences(article.text)
                if not any(s.paragraph_type == "body" for s in sentences):
                    raise NoBody(f"{doc.path}: segment: article {article.article_id} has no body sentence "
                                 f"(text starts {article.text[:40]!r}); a truncated file?")
                doc_map = article.doc_map
                for s in sentences:
                    sentence_id = f"{article.article_id}-s{s.seq}"
                    file_rows.append((
                        sentence_id, article.article_id, doc.file_id, s.seq, s.paragraph_seq, s.paragraph_type, s.text,
                        s.char_start, s.char_end, int(offsets[doc_map[s.char_start]]), int(offsets[doc_map[s.char_end]])))
                    if hand_on:
                        texts.append(SentenceText(sentence_id, article.article_id, s.text, s.char_start, doc_map,
                                                  article.published_date, article.region))
            rows.extend(file_rows)
            if hand_on:
                handed.append(DocumentSentences(doc.file_id, doc.path, offsets, texts))
        except NoBody as exc:
            quarantined.append(quarantine_row(doc.path, doc.file_id, "segment", "no_body_text", str(exc)))
        except Exception as exc:
            quarantined.append(internal_error(doc.path, doc.file_id, "segment", exc))
    return StageOutput([d.file_id for d in items], {"sentences": pd.DataFrame.from_records(rows, columns=columns)},
                       quarantine_frame(quarantined), handed)


def load(con: duckdb.DuckDBPyConnection, file_ids: list[str], settings: ChainSettings | None = None) -> list[DocumentArticles]:
    docs = documents_with_children(
        con, file_ids,
        "SELECT a.file_id, a.article_id, a.text, a.content_spans, a.published_date, a.region "
        "FROM articles a JOIN want USING (file_id) ORDER BY a.file_id, a.seq",
    )
    return [DocumentArticles(f, p, o, [ArticleText(a, t, SpanMap(parse_spans(s)), as_date(d), r) for a, t, s, d, r in rows])
            for f, p, o, rows in docs]
