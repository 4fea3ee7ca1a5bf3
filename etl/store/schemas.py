"""Pandera contracts, one DataFrameModel per warehouse table.

Each stage validates its frame with ``Model.validate(df, lazy=True)`` before writing;
a violation stops that write. Column descriptions double as DuckDB ``COMMENT ON`` text.
"""
from __future__ import annotations

import functools
from typing import Annotated

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# The same patterns normalize deletes: what it must have left none of.
from etl.text.markup import HTML_TAG_PATTERN
from etl.text.pinyin import note_pattern

SHA256_HEX = r"^[0-9a-f]{64}$"
DECODE_METHODS = ["bom", "utf8-strict", "chardet", "fallback"]
SCRIPTS = ["simplified", "traditional", "mixed"]
STAGES = ["scan", "decode", "normalize", "segment", "extract"]
PARAGRAPH_TYPES = ["title", "body", "caption", "source", "editor", "photo_credit"]
FACT_KINDS = ["quantity", "percent", "pp", "ratio", "money", "date", "duration", "ordinal", "name"]
QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "at_most"]
DIRECTIONS = ["increase", "decrease"]

# Text columns are stored by Arrow: validating them, pickling them back from worker
# processes and DuckDB's scan of them are several times faster than on Python objects.
Text = Annotated[pd.StringDtype, "pyarrow", pd.NA]
TEXT_DTYPE = pd.StringDtype("pyarrow")

class RawFiles(pa.DataFrameModel):
    """One row per file seen in the landing directory."""

    path: Series[Text] = pa.Field(unique=True, description="Path relative to the landing directory (primary key).")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="sha256 of the file's bytes, hex.")
    size_bytes: Series[int] = pa.Field(ge=0, description="File size in bytes.")
    mtime: Series[pd.Timestamp] = pa.Field(description="File modification time (UTC).")
    first_seen: Series[pd.Timestamp] = pa.Field(description="When zhfacts first saw this path (UTC).")
    deleted: Series[bool] = pa.Field(description="True when the file has left the landing directory; its rows are kept.")

    class Config:
        strict = True
        coerce = True


class Documents(pa.DataFrameModel):
    """One decoded, normalized document per distinct file content."""

    file_id: Series[Text] = pa.Field(unique=True, str_matches=SHA256_HEX, description="sha256 of the raw bytes (primary key).")
    path: Series[Text] = pa.Field(description="Path of the file this document was read from.")
    encoding: Series[Text] = pa.Field(description="Python codec that decoded the bytes (gb18030, big5hkscs, utf-8, ...).")
    confidence: Series[float] = pa.Field(ge=0, le=1, description="Detector confidence; 1.0 for a BOM or strict UTF-8.")
    method: Series[Text] = pa.Field(isin=DECODE_METHODS, description="How the encoding was chosen: bom, utf8-strict, chardet or fallback.")
    plausibility: Series[float] = pa.Field(ge=0, le=1, description="How plausible the decoded text is as Chinese, 0 to 1.")
    replaced_chars: Series[int] = pa.Field(ge=0, description="Characters replaced by U+FFFD while decoding.")
    lossy: Series[bool] = pa.Field(description="True when the text holds U+FFFD: replaced while decoding, or already in the file.")
    repairs: Series[int] = pa.Field(ge=0, description="Mojibake repairs made (details in mojibake_repairs).")
    original_script: Series[Text] = pa.Field(isin=SCRIPTS, description="Script before conversion: simplified, traditional or mixed.")
    opencc_config: Series[Text] = pa.Field(description="OpenCC configuration used to convert to simplified.")
    char_count: Series[int] = pa.Field(ge=0, description="Length of the normalized text in characters (text in document_text).")
    replacement_chars: Series[int] = pa.Field(ge=0, description="U+FFFD characters left in the normalized text.")
    raw_offsets: Series[object] = pa.Field(description="Internal: compressed map from each text position to a raw byte offset.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="U+FFFD in text of a document not flagged lossy")
    def no_replacement_char_unless_lossy(cls, df: pd.DataFrame) -> Series[bool]:
        return df["lossy"] | (df["replacement_chars"] == 0)


def _text_fills_its_span(df: pd.DataFrame) -> Series[bool]:
    return df["text"].str.len() == df["char_end"] - df["char_start"]


class DocumentText(pa.DataFrameModel):
    """Each document's normalized text, in pieces that tile it (etl.store.text_chunks)."""

    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the piece belongs to.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the piece within its document, from 0.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the piece in the document's text.")
    char_end: Series[int] = pa.Field(ge=0, description="End of the piece in the document's text.")
    text: Series[Text] = pa.Field(description="Normalized simplified text; paragraphs separated by newlines.")

    class Config:
        strict = True
        coerce = True
        unique = ["file_id", "seq"]

    @pa.dataframe_check(error="piece text length is not char_end - char_start")
    def length_matches_offsets(cls, df: pd.DataFrame) -> Series[bool]:
        return _text_fills_its_span(df)

    @pa.dataframe_check(error="pieces do not tile their document: a piece does not start where the one before ended")
    def pieces_tile_the_text(cls, df: pd.DataFrame) -> Series[bool]:
        ordered = df.sort_values(["file_id", "seq"])
        previous_end = ordered.groupby("file_id", sort=False)["char_end"].shift(fill_value=0)
        return (ordered["char_start"] == previous_end).reindex(df.index)

    @pa.check("text", error="pinyin note left in normalized text")
    def no_pinyin_notes(cls, text: Series[Text]) -> Series[bool]:
        return ~text.astype(object).str.contains(note_pattern())  # a Python regex: Arrow's RE2 lacks lookarounds

    @pa.check("text", error="HTML tag left in normalized text")
    def no_html_tags(cls, text: Series[Text]) -> Series[bool]:
        return ~text.astype(object).str.contains(HTML_TAG_PATTERN)


class MojibakeRepairs(pa.DataFrameModel):
    """Every mojibake repair made while decoding, replayable."""

    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the repair was made in.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the repair within its document.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the repaired span in the decoded text.")
    char_end: Series[int] = pa.Field(ge=0, description="End of the repaired span in the decoded text.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the span in the raw file, in bytes.")
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the span in the raw file, in bytes.")
    before: Series[Text] = pa.Field(description="Text before the repair.")
    after: Series[Text] = pa.Field(description="Text after the repair.")
    method: Series[Text] = pa.Field(description="Repair method.")
    candidate: Series[Text] = pa.Field(nullable=True, description="gbk-shift: the characters put where bytes were lost, in order (U+FFFD: marked lost; a last extra one is the ASCII byte a ? swallowed); etl.decoding.shift_span.replay(before, candidate) gives after. NULL for other methods.")
    score: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="gbk-shift: posterior probability of the choice at the least certain lost character.")
    runner_up: Series[Text] = pa.Field(nullable=True, description="gbk-shift: candidate with that character's second choice.")
    runner_up_score: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="gbk-shift: posterior probability of the second choice.")

    class Config:
        strict = True
        coerce = True


class Quarantine(pa.DataFrameModel):
    """Files that could not go on, and why."""

    path: Series[Text] = pa.Field(description="Path relative to the landing directory.")
    file_id: Series[Text] = pa.Field(nullable=True, description="sha256 of the bytes, when they could be read.")
    stage: Series[Text] = pa.Field(isin=STAGES, description="Stage that rejected the file.")
    reason: Series[Text] = pa.Field(description="Short machine-readable reason (empty, binary, unsupported_encoding, ...).")
    detail: Series[Text] = pa.Field(description="Human-readable explanation naming the file and the problem.")
    quarantined_at: Series[pd.Timestamp] = pa.Field(description="When the file was first quarantined for this reason and detail (UTC).")

    class Config:
        strict = True
        coerce = True


class Articles(pa.DataFrameModel):
    """Articles split out of documents; a file may hold several."""

    article_id: Series[Text] = pa.Field(unique=True, description="Article key: file_id prefix and sequence.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the article comes from.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the article within its document.")
    title: Series[Text] = pa.Field(nullable=True, description="Heading, or null when the text has none.")
    source: Series[Text] = pa.Field(nullable=True, description="Source line (来源), if any.")
    editor: Series[Text] = pa.Field(nullable=True, description="Editor line (责任编辑), if any.")
    photographer: Series[Text] = pa.Field(nullable=True, description="Photo credit, if any.")
    published_date: Series[pd.Timestamp] = pa.Field(nullable=True, description="Publication date stated in the text, if any.")
    published_date_method: Series[Text] = pa.Field(nullable=True, description="Where the publication date was found.")
    text: Series[Text] = pa.Field(description="The article's normalized text.")
    doc_char_start: Series[int] = pa.Field(ge=0, description="Start of the article in its document's text.")
    doc_char_end: Series[int] = pa.Field(ge=0, description="End of the article in its document's text.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the article in the raw file, in bytes.")
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the article in the raw file, in bytes.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="article offsets out of order")
    def offsets_increase(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["doc_char_start"] <= df["doc_char_end"]) & (df["raw_byte_start"] <= df["raw_byte_end"])


class Sentences(pa.DataFrameModel):
    """Sentences (and clauses split at ；) of each article."""

    sentence_id: Series[Text] = pa.Field(unique=True, description="Sentence key: article_id and sequence.")
    article_id: Series[Text] = pa.Field(description="Article the sentence belongs to.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the sentence comes from.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the sentence within its article.")
    paragraph_seq: Series[int] = pa.Field(ge=0, description="Paragraph the sentence is in.")
    paragraph_type: Series[Text] = pa.Field(isin=PARAGRAPH_TYPES, description="title, body, caption, source, editor or photo_credit.")
    text: Series[Text] = pa.Field(str_length={"min_value": 1}, description="The sentence, normalized.")
    char_start: Series[int] = pa.Field(ge=0, description="Start in the article's text, in characters.")
    char_end: Series[int] = pa.Field(ge=0, description="End in the article's text, in characters.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start in the raw file, in bytes.")
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End in the raw file, in bytes.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="sentence offsets out of order")
    def offsets_increase(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_start"] < df["char_end"]) & (df["raw_byte_start"] <= df["raw_byte_end"])

    @pa.dataframe_check(error="text does not match its span length")
    def text_matches_span(cls, df: pd.DataFrame) -> Series[bool]:
        return _text_fills_its_span(df)


class NumericFacts(pa.DataFrameModel):
    """Every number in the news, with value, unit, qualifier, subject and source."""

    fact_id: Series[Text] = pa.Field(unique=True, description="Fact key: sentence_id and sequence.")
    sentence_id: Series[Text] = pa.Field(description="Sentence the fact was found in.")
    article_id: Series[Text] = pa.Field(description="Article the fact was found in.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the fact comes from.")
    surface: Series[Text] = pa.Field(str_length={"min_value": 1}, description="The exact mention in the normalized text.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the mention in the article's text.")
    char_end: Series[int] = pa.Field(ge=0, description="End of the mention in the article's text.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the mention in the raw file, in bytes.")
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the mention in the raw file, in bytes.")
    kind: Series[Text] = pa.Field(isin=FACT_KINDS, description="quantity, percent, pp, ratio, money, date, duration, ordinal or name.")
    value: Series[float] = pa.Field(nullable=True, description="The value, fully scaled (the low end of a range).")
    value_high: Series[float] = pa.Field(nullable=True, description="The high end of a range, else null.")
    unit: Series[Text] = pa.Field(nullable=True, description="Unit: ISO 4217 for money, %, pp, km, t, a measure word, year/month/day.")
    qualifier: Series[Text] = pa.Field(isin=QUALIFIERS, description="exact, approx, more_than, at_least, less_than or at_most.")
    subject: Series[Text] = pa.Field(nullable=True, description="What the number measures, from its clause; null when unsure.")
    direction: Series[Text] = pa.Field(nullable=True, isin=DIRECTIONS, description="increase or decrease when a verb governs the number.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Year, for dates.")
    month: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=12, description="Month, for dates.")
    day: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=31, description="Day, for dates.")
    date_start: Series[pd.Timestamp] = pa.Field(nullable=True, description="Start of the date or period, where resolvable.")
    date_end: Series[pd.Timestamp] = pa.Field(nullable=True, description="End of the date or period, where resolvable.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="fact offsets out of order")
    def offsets_increase(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_start"] < df["char_end"]) & (df["raw_byte_start"] <= df["raw_byte_end"])

    @pa.dataframe_check(error="value_high below value")
    def range_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["value_high"].isna() | df["value"].isna() | (df["value_high"] >= df["value"])


class DailySummary(pa.DataFrameModel):
    """Counts per day of first arrival: files, quarantined, facts by kind."""

    day: Series[pd.Timestamp] = pa.Field(unique=True, description="Day the files first arrived (UTC).")
    files: Series[int] = pa.Field(ge=0, description="Live files that first arrived that day.")
    quarantined: Series[int] = pa.Field(ge=0, description="Of those, files in quarantine.")
    facts: Series[int] = pa.Field(ge=0, description="Numeric facts extracted from those files.")
    facts_by_kind: Series[object] = pa.Field(description="Facts per kind, as a map.")

    class Config:
        strict = True
        coerce = True


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "raw_files": RawFiles,
    "documents": Documents,
    "mojibake_repairs": MojibakeRepairs,
    "document_text": DocumentText,
    "quarantine": Quarantine,
    "articles": Articles,
    "sentences": Sentences,
    "numeric_facts": NumericFacts,
    "daily_summary": DailySummary,
}


class ContractViolation(ValueError):
    """A frame broke its table's contract; the write it guarded did not happen."""

    def __init__(self, table: str, failures: pd.DataFrame, total: int):
        self.table = table
        self.failures = failures
        self.total = total
        lines = [f"contract violation in table {table!r}: {total} failing value(s); nothing was written."]
        for row in failures.head(10).itertuples(index=False):
            lines.append(
                f"  column={row.column!r} check={row.check!r} index={row.index!r} value={str(row.failure_case)[:80]!r}"
            )
        super().__init__("\n".join(lines))

    def __reduce__(self):
        # Raised in worker processes: rebuild from the fields, not from the message.
        return (ContractViolation, (self.table, self.failures, self.total))


def empty(table: str) -> pd.DataFrame:
    """An empty frame with ``table``'s columns."""
    return pd.DataFrame(columns=list(MODELS[table].to_schema().columns))


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against ``table``'s model and return the coerced frame.

    Raises ContractViolation naming the table, the column, the check and sample rows.
    """
    to_text = {c: TEXT_DTYPE for c in _text_columns(table) if c in df.columns and df[c].dtype != TEXT_DTYPE}
    if to_text:
        df = df.astype(to_text)  # one cast: quicker than Pandera's column-by-column coercion
    try:
        return MODELS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        raise ContractViolation(table, cases, len(cases)) from None


@functools.cache
def _text_columns(table: str) -> list[str]:
    return [name for name, column in MODELS[table].to_schema().columns.items() if column.dtype.type == TEXT_DTYPE]
