"""Per-batch work of each stage: plain data in, DataFrames out.

Each ``*_batch`` function is pure and picklable so it can run in a worker process.
A file that fails inside a stage is quarantined with the stage and the reason; it
never stops the batch.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.positions import provenance
from etl.store import schemas, text_chunks, warehouse
from etl.decoding.decode import DecodeError, DecodeOptions, decode_bytes
from etl.facts.extract import extract_facts
from etl.text.normalize import normalize_text
from etl.text.segment import split_articles, split_sentences

QUARANTINE_COLUMNS = list(schemas.empty("quarantine").columns)


@dataclass
class StageOutput:
    file_ids: list[str]  # every file the batch finished, ok or quarantined
    frames: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUARANTINE_COLUMNS))


@dataclass(frozen=True)
class DocumentsConfig:
    landing_dir: str
    opencc_config: str = "t2s"
    decode_options: DecodeOptions = DecodeOptions()


class _NoBody(ValueError):
    """An article with no body sentence: the file cannot yield trustworthy sentences."""


def quarantine_row(path: str, file_id: str | None, stage: str, reason: str, detail: str) -> dict:
    return {"path": path, "file_id": file_id, "stage": stage, "reason": reason, "detail": detail,
            "quarantined_at": warehouse.utcnow()}


def _unexpected(path: str, file_id: str, stage: str, exc: Exception) -> dict:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    detail = f"{path}: {stage}: internal error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
    return quarantine_row(path, file_id, stage, "internal_error", detail)


def documents_batch(items: list[tuple[str, str]], config: DocumentsConfig) -> StageOutput:
    """Read, decode and normalize files given as (file_id, path) pairs."""
    docs, pieces, repairs, quarantined = [], [], [], []
    for file_id, path in items:
        stage = "decode"
        try:
            data = (Path(config.landing_dir) / path).read_bytes()
            decoded = decode_bytes(data, source=path, options=config.decode_options)
            stage = "normalize"
            normalized = normalize_text(decoded.text, opencc_config=config.opencc_config)
        except DecodeError as exc:
            quarantined.append(quarantine_row(path, file_id, "decode", exc.reason, str(exc)))
            continue
        except OSError as exc:
            quarantined.append(quarantine_row(path, file_id, "decode", "unreadable", f"{path}: decode: unreadable: {exc}"))
            continue
        except Exception as exc:  # one bad file must not stop the others
            quarantined.append(_unexpected(path, file_id, stage, exc))
            continue
        raw_offsets = provenance.compose(decoded.byte_offsets, normalized.source_offsets)
        text = normalized.text
        pieces.extend(text_chunks.piece_rows(file_id, text))
        docs.append({
            "file_id": file_id, "path": path, "encoding": decoded.encoding,
            "confidence": float(decoded.confidence), "method": decoded.method,
            "plausibility": float(decoded.plausibility), "replaced_chars": decoded.replaced_chars,
            "lossy": decoded.lossy, "repairs": len(decoded.repairs),
            "original_script": normalized.original_script, "opencc_config": config.opencc_config,
            "char_count": len(text), "replacement_chars": text.count("\ufffd"),
            "raw_offsets": provenance.pack(raw_offsets),
        })
        repairs.extend(
            {"file_id": file_id, "seq": i, "char_start": r.char_start, "char_end": r.char_end,
             "raw_byte_start": r.raw_byte_start, "raw_byte_end": r.raw_byte_end,
             "before": r.before, "after": r.after, "method": r.method,
             "candidate": r.candidate or None, "score": r.score,
             "runner_up": r.runner_up or None, "runner_up_score": r.runner_up_score}
            for i, r in enumerate(decoded.repairs)
        )
    return StageOutput(
        file_ids=[f for f, _ in items],
        frames={"documents": pd.DataFrame(docs), "document_text": pd.DataFrame(pieces, columns=text_chunks.COLUMNS),
                "mojibake_repairs": pd.DataFrame(repairs)},
        quarantine=pd.DataFrame(quarantined, columns=QUARANTINE_COLUMNS),
    )


def articles_batch(items: list[tuple[str, str, str, bytes]]) -> StageOutput:
    """Split documents given as (file_id, path, text, raw_offsets) into articles."""
    rows, quarantined = [], []
    for file_id, path, text, packed in items:
        try:
            offsets = provenance.unpack(packed)
            articles = split_articles(text)
            if not articles:
                quarantined.append(quarantine_row(path, file_id, "segment", "no_text", f"{path}: segment: no article text after normalization"))
                continue
            for a in articles:
                rows.append({
                    "article_id": f"{file_id[:16]}-a{a.seq}", "file_id": file_id, "seq": a.seq,
                    "title": a.title, "source": a.source, "editor": a.editor, "photographer": a.photographer,
                    "published_date": a.published_date, "published_date_method": a.published_date_method,
                    "text": text[a.char_start:a.char_end], "doc_char_start": a.char_start, "doc_char_end": a.char_end,
                    "raw_byte_start": int(offsets[a.char_start]), "raw_byte_end": int(offsets[a.char_end]),
                })
        except Exception as exc:
            quarantined.append(_unexpected(path, file_id, "segment", exc))
    return StageOutput([i[0] for i in items], {"articles": pd.DataFrame(rows)},
                       pd.DataFrame(quarantined, columns=QUARANTINE_COLUMNS))


SENTENCE_COLUMNS = ["sentence_id", "article_id", "file_id", "seq", "paragraph_seq", "paragraph_type", "text",
                    "char_start", "char_end", "raw_byte_start", "raw_byte_end"]


def sentences_batch(items: list[tuple[str, str, bytes, list[tuple[str, str, int]]]]) -> StageOutput:
    """Split articles into sentences; items are (file_id, path, raw_offsets, [(article_id, text, doc_char_start)])."""
    rows, quarantined = [], []  # rows as tuples: a fact-dense batch holds millions of values
    for file_id, path, packed, articles in items:
        try:
            offsets = provenance.unpack(packed)
            file_rows = []
            for article_id, text, doc_start in articles:
                sentences = split_sentences(text)
                if not any(s.paragraph_type == "body" for s in sentences):
                    raise _NoBody(f"{path}: segment: article {article_id} has no body sentence "
                                  f"(text starts {text[:40]!r}); a truncated file?")
                file_rows.extend(
                    (f"{article_id}-s{s.seq}", article_id, file_id, s.seq, s.paragraph_seq, s.paragraph_type, s.text,
                     s.char_start, s.char_end, int(offsets[doc_start + s.char_start]), int(offsets[doc_start + s.char_end]))
                    for s in sentences
                )
            rows.extend(file_rows)
        except _NoBody as exc:
            quarantined.append(quarantine_row(path, file_id, "segment", "no_body_text", str(exc)))
        except Exception as exc:
            quarantined.append(_unexpected(path, file_id, "segment", exc))
    return StageOutput([i[0] for i in items], {"sentences": pd.DataFrame.from_records(rows, columns=SENTENCE_COLUMNS)},
                       pd.DataFrame(quarantined, columns=QUARANTINE_COLUMNS))


FACT_COLUMNS = ["fact_id", "sentence_id", "article_id", "file_id", "surface", "char_start", "char_end",
                "raw_byte_start", "raw_byte_end", "kind", "value", "value_high", "unit", "qualifier", "subject",
                "direction", "year", "month", "day", "date_start", "date_end"]


FACT_CHUNK_ROWS = 20_000  # rows held as Python tuples before they are packed into a frame


def facts_batch(items: list[tuple[str, str, bytes, list[tuple]]]) -> StageOutput:
    """Extract facts; items are (file_id, path, raw_offsets, [(sentence_id, article_id, text, char_start, doc_char_start, published_date)]).

    Rows are packed into Arrow-backed frames every FACT_CHUNK_ROWS: as tuples of Python
    objects a fact-dense file's rows take several times the memory.
    """
    chunks, quarantined = [], []
    for file_id, path, packed, sentences in items:
        try:
            chunks.extend(_file_fact_chunks(file_id, provenance.unpack(packed), sentences))
        except Exception as exc:
            quarantined.append(_unexpected(path, file_id, "extract", exc))
    frame = pd.concat(chunks, ignore_index=True) if chunks else _fact_frame([])
    return StageOutput([i[0] for i in items], {"numeric_facts": frame}, pd.DataFrame(quarantined, columns=QUARANTINE_COLUMNS))


def _file_fact_chunks(file_id: str, offsets, sentences: list[tuple]) -> list[pd.DataFrame]:
    """One file's facts as frames; raises (and the caller drops them all) if any sentence fails."""
    chunks, rows = [], []
    for sentence_id, article_id, text, char_start, doc_start, published in sentences:
        for n, f in enumerate(extract_facts(text, published_date=published)):
            start, end = char_start + f.char_start, char_start + f.char_end
            rows.append((
                f"{sentence_id}-f{n}", sentence_id, article_id, file_id, f.surface, start, end,
                int(offsets[doc_start + start]), int(offsets[doc_start + end]), f.kind, f.value, f.value_high,
                f.unit, f.qualifier, f.subject, f.direction, f.year, f.month, f.day, f.date_start, f.date_end,
            ))
        if len(rows) >= FACT_CHUNK_ROWS:
            chunks.append(_fact_frame(rows))
            rows = []
    if rows:
        chunks.append(_fact_frame(rows))
    return chunks


def _fact_frame(rows: list[tuple]) -> pd.DataFrame:
    # Typed per chunk, so that a chunk whose column is all null concatenates like the others.
    return pd.DataFrame.from_records(rows, columns=FACT_COLUMNS).astype(FACT_DTYPES)


FACT_DTYPES = {
    **{c: schemas.TEXT_DTYPE for c in ("fact_id", "sentence_id", "article_id", "file_id", "surface", "kind", "unit",
                                        "qualifier", "subject", "direction")},
    "value": "float64", "value_high": "float64", "year": "Int64", "month": "Int64", "day": "Int64",
    "date_start": "datetime64[ns]", "date_end": "datetime64[ns]",
}
