"""documents: read, decode and normalize each file (tables documents, document_text, mojibake_repairs)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

import pandas as pd

from etl.decoding.decode import DecodeError, decode_bytes
from etl.flow import entries
from etl.flow.outcome import StageOutput, internal_error, quarantine_frame, quarantine_row
from etl.flow.records import ChainSettings, Document, FileRef
from etl.pages.container import TEXT, container_of
from etl.positions import provenance
from etl.store import text_chunks
from etl.text.normalize import normalize_text

if TYPE_CHECKING:  # workers never load: duckdb stays out of their memory
    import duckdb


def run(items: list[FileRef], settings: ChainSettings, hand_on: bool = False) -> StageOutput:
    """Read, decode and normalize files; hands on each document's text and byte map."""
    docs, pieces, repairs, quarantined, documents = [], [], [], [], []
    root = Path(settings.landing_dir)
    base = entries.resolved_root(root) if items else None  # once a batch: realpath stats every component
    for file_id, path in items:
        step = "decode"
        try:
            # By its stored path, capped, never blocking, and only if still the bytes the scan hashed.
            data = entries.read_scanned_file(root, path, file_id, base=base)
            decoded = decode_bytes(data, source=path, options=settings.decode_options)
            step = "normalize"
            normalized = normalize_text(decoded.text, opencc_config=settings.opencc_config)
        except DecodeError as exc:
            quarantined.append(quarantine_row(path, file_id, "decode", exc.reason, str(exc)))
            continue
        except entries.NotReadable as exc:
            quarantined.append(quarantine_row(path, file_id, "decode", exc.reason, exc.detail))
            continue
        except OSError as exc:
            quarantined.append(quarantine_row(path, file_id, "decode", "unreadable", f"{path}: decode: unreadable: {exc}"))
            continue
        except Exception as exc:  # one bad file must not stop the others
            quarantined.append(internal_error(path, file_id, step, exc))
            continue
        raw_offsets = provenance.compose(decoded.byte_offsets, normalized.source_offsets)
        text = normalized.text
        pieces.extend(text_chunks.piece_rows(file_id, text))
        docs.append({
            "file_id": file_id, "path": path, "encoding": decoded.encoding,
            "confidence": float(decoded.confidence), "method": decoded.method,
            "plausibility": float(decoded.plausibility), "replaced_chars": decoded.replaced_chars,
            "lossy": decoded.lossy, "repairs": len(decoded.repairs),
            "original_script": normalized.original_script, "opencc_config": settings.opencc_config,
            "char_count": len(text), "replacement_chars": text.count("\ufffd"),
            "raw_offsets": provenance.pack(raw_offsets),
        })
        repairs.extend(
            {"file_id": file_id, "seq": i, "char_start": r.char_start, "char_end": r.char_end,
             "raw_byte_start": r.raw_byte_start, "raw_byte_end": r.raw_byte_end,
             "before": r.before, "after": r.after, "method": r.method,
             "candidate": r.candidate or None, "score": r.score, "runner_up": r.runner_up or None,
             "runner_up_score": r.runner_up_score}
            for i, r in enumerate(decoded.repairs)
        )
        if hand_on:
            markup = None if container_of(decoded.text) == TEXT else decoded.text
            documents.append(Document(file_id, path, text, raw_offsets, markup, normalized.original_script))
    return StageOutput(
        file_ids=[f for f, _ in items],
        frames={"documents": pd.DataFrame(docs), "document_text": pd.DataFrame(pieces, columns=text_chunks.COLUMNS),
                "mojibake_repairs": pd.DataFrame(repairs)},
        quarantine=quarantine_frame(quarantined),
        handed_on=documents,
    )


def load(con: duckdb.DuckDBPyConnection, file_ids: list[str], settings: ChainSettings) -> list[FileRef]:
    """The files to read: one live path per content, in this run's landing directory."""
    from etl.store import warehouse  # here, not above: workers import this module, never the warehouse

    con.register("want", warehouse.key_frame("file_id", file_ids))
    try:
        rows = con.execute(
            "SELECT r.file_id, min(r.path) FROM raw_files r JOIN want USING (file_id) "
            f"WHERE NOT r.deleted AND {warehouse.OWN_ROOT} GROUP BY r.file_id ORDER BY r.file_id",
            [str(Path(settings.landing_dir).resolve())],
        ).fetchall()
    finally:
        con.unregister("want")
    return [FileRef(f, p) for f, p in rows]
