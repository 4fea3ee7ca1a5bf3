"""Pandera contracts, one DataFrameModel per warehouse table: the one source of each table's columns.

Each stage validates its rows with its table's model before they are written. A model
also gives the table's DDL (etl.store.ddl: a column's DuckDB type follows its dtype
unless ``metadata={"sql": ...}`` says otherwise; ``Config.metadata`` names the primary
key) and its COMMENT ON text (the descriptions).
"""
from __future__ import annotations

import functools
from typing import Annotated, Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# The same patterns normalize deletes: what it must have left none of.
from etl.text.markup import HTML_TAG_PATTERN
from etl.text.pinyin import note_pattern

SHA256_HEX = r"^[0-9a-f]{64}$"
DECODE_METHODS = ["bom", "utf8-strict", "sample-score", "chardet", "fallback"]
SCRIPTS = ["simplified", "traditional", "mixed"]
QUARANTINE_STEPS = ["scan", "decode", "normalize", "segment", "extract"]  # where a file can stop
PARAGRAPH_TYPES = ["title", "body", "caption", "source", "editor", "photo_credit"]
FACT_KINDS = ["quantity", "percent", "pp", "ratio", "money", "date", "duration", "ordinal", "name"]
QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "at_most"]
DIRECTIONS = ["increase", "decrease"]
CONTAINERS = ["text", "html", "sogou", "jsonl"]
REGIONS = ["cn", "tw", "hk", "mo"]

# Text columns are stored by Arrow: validating them, pickling them back from worker
# processes and DuckDB's scan of them are several times faster than on Python objects.
Text = Annotated[pd.StringDtype, "pyarrow", pd.NA]
TEXT_DTYPE = pd.StringDtype("pyarrow")

class RawFiles(pa.DataFrameModel):
    """One row per file seen in the landing directory."""

    path: Series[Text] = pa.Field(description="Path relative to the landing directory (with landing_root, the key).")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="sha256 of the file's bytes, hex.")
    size_bytes: Series[int] = pa.Field(ge=0, description="File size in bytes.", metadata={"sql": "BIGINT"})
    mtime: Series[pd.Timestamp] = pa.Field(description="File modification time (UTC).")
    first_seen: Series[pd.Timestamp] = pa.Field(description="When zhfacts first saw this path (UTC).")
    deleted: Series[bool] = pa.Field(description="True when the file has left the landing directory; its rows are kept.")
    landing_root: Series[Text] = pa.Field(
        nullable=True, description="Absolute path of the landing directory the file is in: a scan reconciles only its own "
        "root's rows, so runs over several directories share one warehouse. Null in rows stored before (the next scan "
        "of a directory adopts them).")

    class Config:
        strict = True
        coerce = True
        unique = ["landing_root", "path"]
        metadata = {"primary_key": ("landing_root", "path")}


class Documents(pa.DataFrameModel):
    """One decoded, normalized document per distinct file content."""

    file_id: Series[Text] = pa.Field(unique=True, str_matches=SHA256_HEX, description="sha256 of the raw bytes (primary key).")
    path: Series[Text] = pa.Field(description="Path of the file this document was read from.")
    encoding: Series[Text] = pa.Field(description="Python codec that decoded the bytes (gb18030, big5hkscs, utf-8, ...).")
    confidence: Series[float] = pa.Field(ge=0, le=1, description="Detector confidence; 1.0 for a BOM or strict UTF-8; the plausibility for sample-score.")
    method: Series[Text] = pa.Field(isin=DECODE_METHODS, description="How the encoding was chosen: bom, utf8-strict, sample-score (clear leader, chardet not asked), chardet or fallback.")
    plausibility: Series[float] = pa.Field(ge=0, le=1, description="How plausible the decoded text is as Chinese, 0 to 1.")
    replaced_chars: Series[int] = pa.Field(ge=0, description="Characters replaced by U+FFFD while decoding.")
    lossy: Series[bool] = pa.Field(description="True when the text holds U+FFFD: replaced while decoding, or already in the file.")
    repairs: Series[int] = pa.Field(ge=0, description="Mojibake repairs made (details in mojibake_repairs).")
    original_script: Series[Text] = pa.Field(isin=SCRIPTS, description="Script before conversion: simplified, traditional or mixed.")
    opencc_config: Series[Text] = pa.Field(description="OpenCC configuration used to convert to simplified.")
    char_count: Series[int] = pa.Field(ge=0, description="Length of the normalized text in characters (text in document_text).")
    replacement_chars: Series[int] = pa.Field(ge=0, description="U+FFFD characters left in the normalized text.")
    raw_offsets: Series[object] = pa.Field(description="Internal: compressed map from each text position to a raw byte offset.", metadata={"sql": "BLOB"})

    class Config:
        strict = True
        coerce = True
        metadata = {"primary_key": ("file_id",)}

    @pa.dataframe_check(error="U+FFFD in text of a document not flagged lossy")
    def no_replacement_char_unless_lossy(cls, df: pd.DataFrame) -> Series[bool]:
        return df["lossy"] | (df["replacement_chars"] == 0)


def _text_fills_its_span(df: pd.DataFrame) -> Series[bool]:
    return df["text"].str.len() == df["char_end"] - df["char_start"]


# A document's text is stored in pieces of at most 4,000 characters (etl.store.text_chunks):
# DuckDB could not checkpoint multi-MB strings within its memory limit. The long text
# columns (document_text, articles, sentences) use zstd, not DuckDB's default (dict_fsst):
# on 34 MB of bench batches the writer's CPU fell 25% and the file by half (166 → 82 MB),
# for reads ~30% slower (a LIKE over 250k sentences: 25 → 34 ms).
class DocumentText(pa.DataFrameModel):
    """Each document's normalized text, in pieces that tile it (etl.store.text_chunks)."""

    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the piece belongs to.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the piece within its document, from 0.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the piece in the document's text.")
    char_end: Series[int] = pa.Field(ge=0, description="End of the piece in the document's text.")
    text: Series[Text] = pa.Field(description="Normalized simplified text; paragraphs separated by newlines.", metadata={"compression": "zstd"})

    class Config:
        strict = True
        coerce = True
        metadata = {"primary_key": ("file_id", "seq")}
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
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the span in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the span in the raw file, in bytes.", metadata={"sql": "BIGINT"})
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
        metadata = {"primary_key": ("file_id", "seq")}


class Quarantine(pa.DataFrameModel):
    """Files that could not go on, and why."""

    path: Series[Text] = pa.Field(description="Path relative to the landing directory.")
    file_id: Series[Text] = pa.Field(nullable=True, description="sha256 of the bytes, when they could be read.")
    stage: Series[Text] = pa.Field(isin=QUARANTINE_STEPS, description="Step that rejected the file: scan, decode, normalize, segment or extract.")
    reason: Series[Text] = pa.Field(description="Short machine-readable reason (empty, binary, unsupported_encoding, ...).")
    detail: Series[Text] = pa.Field(description="Human-readable explanation naming the file and the problem.")
    quarantined_at: Series[pd.Timestamp] = pa.Field(description="When the file was first quarantined for this reason and detail (UTC).")
    # Optional: only the scan's rows name their landing directory (a stage quarantines content, by file_id).
    landing_root: Optional[Series[Text]] = pa.Field(
        nullable=True, description="Landing directory of an entry the scan did not read (stage scan); null for the stages' rows.")

    class Config:
        strict = True
        coerce = True
        metadata = {"primary_key": ("path",)}


class Articles(pa.DataFrameModel):
    """Articles split out of documents; a file may hold several."""

    article_id: Series[Text] = pa.Field(unique=True, description="Article key: file_id prefix and sequence.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the article comes from.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the article within its document.")
    title: Series[Text] = pa.Field(nullable=True, description="Heading, or null when the text has none.")
    source: Series[Text] = pa.Field(nullable=True, description="Source line (来源), if any.")
    editor: Series[Text] = pa.Field(nullable=True, description="Editor line (责任编辑), if any.")
    photographer: Series[Text] = pa.Field(nullable=True, description="Photo credit, if any.")
    published_date: Series[pd.Timestamp] = pa.Field(nullable=True, description="Publication date stated in the text, if any.", metadata={"sql": "DATE"})
    published_date_method: Series[Text] = pa.Field(nullable=True, description="Where the publication date was found.")
    text: Series[Text] = pa.Field(description="The article's normalized text.", metadata={"compression": "zstd"})
    doc_char_start: Series[int] = pa.Field(ge=0, description="Start of the article in its document's text.")
    doc_char_end: Series[int] = pa.Field(ge=0, description="End of the article in its document's text.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the article in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the article in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    url: Series[Text] = pa.Field(nullable=True, description="The page's or record's URL, if given.")
    author: Series[Text] = pa.Field(nullable=True, description="Author or reporter named by the page or record, if any.")
    published_time: Series[Text] = pa.Field(nullable=True, str_matches=r"^\d\d:\d\d:\d\d$", metadata={"sql": "TIME"},
                                            description="Publication time of day (HH:MM:SS), where given.")
    container: Series[Text] = pa.Field(isin=CONTAINERS,
                                       description="What the document is: text, html page, sogou dump or jsonl crawl.")
    content_spans: Series[Text] = pa.Field(str_matches=r"^\d+-\d+(?:,\d+-\d+)*$",
                                           description="The article's content as start-end spans of the document text; text is them joined by newlines.")
    region: Series[Text] = pa.Field(nullable=True, isin=REGIONS,
                                    description="Where the news is from (cn, tw, hk, mo), from its URL, source or script; sets what a bare 元 is. Null: unknown.")
    cut_short: Series[pd.BooleanDtype] = pa.Field(nullable=True, description=(
        "True for a record cut short in its file (a dump or crawl whose download was interrupted): its text ends "
        "where the file does. Null in rows written before zhfacts flagged it."))
    salvaged: Series[pd.BooleanDtype] = pa.Field(nullable=True, description=(
        "True for a JSON record that did not parse (cut short, or a quote left unescaped, a trailing comma): "
        "its string fields were read one by one, so a field's text may be inexact. Null in rows written before "
        "zhfacts salvaged records."))

    class Config:
        strict = True
        coerce = True
        metadata = {"primary_key": ("article_id",)}

    @pa.dataframe_check(error="article offsets out of order")
    def offsets_increase(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["doc_char_start"] <= df["doc_char_end"]) & (df["raw_byte_start"] <= df["raw_byte_end"])


# sentences and numeric_facts have no primary key: DuckDB keeps an ART index in memory and
# updates it on every insert, so memory would grow with the warehouse. Their ids embed the
# file_id, each batch is checked unique here, and a blocking asset check finds duplicates
# among the files a run touched.
class Sentences(pa.DataFrameModel):
    """Sentences (and clauses split at ；) of each article."""

    sentence_id: Series[Text] = pa.Field(unique=True, description="Sentence key: article_id and sequence.")
    article_id: Series[Text] = pa.Field(description="Article the sentence belongs to.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the sentence comes from.")
    seq: Series[int] = pa.Field(ge=0, description="Order of the sentence within its article.")
    paragraph_seq: Series[int] = pa.Field(ge=0, description="Paragraph the sentence is in.")
    paragraph_type: Series[Text] = pa.Field(isin=PARAGRAPH_TYPES, description="title, body, caption, source, editor or photo_credit.")
    text: Series[Text] = pa.Field(str_length={"min_value": 1}, description="The sentence, normalized.", metadata={"compression": "zstd"})
    char_start: Series[int] = pa.Field(ge=0, description="Start in the article's text, in characters.")
    char_end: Series[int] = pa.Field(ge=0, description="End in the article's text, in characters.")
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End in the raw file, in bytes.", metadata={"sql": "BIGINT"})

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
    raw_byte_start: Series[int] = pa.Field(ge=0, description="Start of the mention in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    raw_byte_end: Series[int] = pa.Field(ge=0, description="End of the mention in the raw file, in bytes.", metadata={"sql": "BIGINT"})
    kind: Series[Text] = pa.Field(isin=FACT_KINDS, description="quantity, percent, pp, ratio, money, date, duration, ordinal or name.")
    value: Series[float] = pa.Field(nullable=True, description="The value, fully scaled (the low end of a range); never infinite.")
    value_high: Series[float] = pa.Field(nullable=True, description="The high end of a range, else null; never infinite.")
    unit: Series[Text] = pa.Field(nullable=True, description="Unit: ISO 4217 for money, %, pp, km, t, a measure word, year/month/day.")
    qualifier: Series[Text] = pa.Field(isin=QUALIFIERS, description="exact, approx, more_than, at_least, less_than or at_most.")
    subject: Series[Text] = pa.Field(nullable=True, description="What the number measures, from its clause; null when unsure.")
    direction: Series[Text] = pa.Field(nullable=True, isin=DIRECTIONS, description="increase or decrease when a verb governs the number.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Year, for dates.")
    month: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=12, description="Month, for dates.")
    day: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=31, description="Day, for dates.")
    date_start: Series[pd.Timestamp] = pa.Field(nullable=True, description="Start of the date or period, where resolvable.", metadata={"sql": "DATE"})
    date_end: Series[pd.Timestamp] = pa.Field(nullable=True, description="End of the date or period, where resolvable.", metadata={"sql": "DATE"})
    date_method: Series[Text] = pa.Field(nullable=True, description="How a date was resolved: explicit, relative_year, publication_year, dateline, publication_month, relative or sentence_year (the year of an earlier date in the sentence); null when unresolved.")
    per_unit: Series[Text] = pa.Field(nullable=True, description="A rate's denominator, in unit's terms: 6600元／平方米 is 6600 CNY per m²; null for no rate.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="fact offsets out of order")
    def offsets_increase(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_start"] < df["char_end"]) & (df["raw_byte_start"] <= df["raw_byte_end"])

    @pa.check("value", "value_high", error="value is not finite (it overflowed)")
    def finite(cls, value: Series[float]) -> Series[bool]:
        return value.isna() | np.isfinite(value)

    @pa.dataframe_check(error="value_high below value")
    def range_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["value_high"].isna() | df["value"].isna() | (df["value_high"] >= df["value"])


class RejectedFacts(pa.DataFrameModel):
    """Facts that broke the numeric_facts contract: dropped and recorded here; their file's other facts went on."""

    fact_id: Series[Text] = pa.Field(description="The fact's key, as it would have been stored.")
    sentence_id: Series[Text] = pa.Field(description="Sentence the fact was found in (join sentences for its text).")
    article_id: Series[Text] = pa.Field(description="Article the fact was found in.")
    file_id: Series[Text] = pa.Field(str_matches=SHA256_HEX, description="Document the fact comes from.")
    surface: Series[Text] = pa.Field(nullable=True, description="The mention in the normalized text.")
    kind: Series[Text] = pa.Field(nullable=True, description="The fact's kind, as extracted.")
    value: Series[float] = pa.Field(nullable=True, description="The value, as extracted (may be the broken one).")
    value_high: Series[float] = pa.Field(nullable=True, description="The high end, as extracted.")
    unit: Series[Text] = pa.Field(nullable=True, description="The unit, as extracted.")
    check_name: Series[Text] = pa.Field(description="The contract check the fact broke.")
    column_name: Series[Text] = pa.Field(nullable=True, description="The column the check is on; null for a check across columns.")
    failure_value: Series[Text] = pa.Field(nullable=True, description="The failing value, for a check on one column.")

    class Config:
        strict = True
        coerce = True


class DailySummary(pa.DataFrameModel):
    """Counts per day of first arrival: files, quarantined, facts by kind."""

    day: Series[pd.Timestamp] = pa.Field(unique=True, description="Day the files first arrived (UTC).", metadata={"sql": "DATE"})
    files: Series[int] = pa.Field(ge=0, description="Live files that first arrived that day.")
    quarantined: Series[int] = pa.Field(ge=0, description="Of those, files in quarantine.")
    facts: Series[int] = pa.Field(ge=0, description="Numeric facts extracted from those files.")
    facts_by_kind: Series[object] = pa.Field(description="Facts per kind, as a map.", metadata={"sql": "MAP(VARCHAR, INTEGER)"})

    class Config:
        strict = True
        coerce = True
        metadata = {"primary_key": ("day",)}
