"""Hand-made documents rows for tests that need a document without decoding a file."""
import numpy as np
import pandas as pd

from etl.positions import provenance
from etl.store import schemas, text_chunks


def document_frames(file_id: str, path: str, text: str, **columns) -> dict[str, pd.DataFrame]:
    """Validated ``documents`` and ``document_text`` frames for one UTF-8 document."""
    doc = {"file_id": file_id, "path": path, "encoding": "utf-8", "confidence": 1.0, "method": "utf8-strict",
           "plausibility": 1.0, "replaced_chars": 0, "lossy": False, "repairs": 0, "original_script": "simplified",
           "opencc_config": "t2s", "char_count": len(text), "replacement_chars": text.count("\ufffd"),
           "raw_offsets": provenance.pack(np.arange(len(text) + 1)), **columns}
    return {"documents": schemas.validate("documents", pd.DataFrame([doc])),
            "document_text": schemas.validate("document_text", pd.DataFrame(text_chunks.piece_rows(file_id, text), columns=text_chunks.COLUMNS))}
