"""What one stage hands the next, per file: typed records, text whole, offsets as arrays.

Inside a worker a stage builds these for the next stage directly; a stage run on its own
gets the same records from the warehouse (each stage module's ``load``). Frames appear
only where rows are validated and written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from etl.decoding.decode import DecodeOptions
from etl.pages.article import SpanMap


class FileRef(NamedTuple):
    """A file to read from the landing directory: the documents stage's input."""

    file_id: str
    path: str


@dataclass
class Document:
    """A decoded, normalized document: the articles stage's input."""

    file_id: str
    path: str
    text: str
    raw_offsets: np.ndarray  # document character → raw byte, one entry per character plus one
    markup: str | None = None  # the decoded text before normalization, for pages and dumps (None: plain text)
    script: str | None = None  # original script: simplified, traditional or mixed


class ArticleText(NamedTuple):  # a NamedTuple: millions are made, and a frozen dataclass costs 3x to build
    article_id: str
    text: str
    doc_map: SpanMap  # article character → document character
    published_date: dt.date | None
    region: str | None = None  # cn, tw, hk, mo: what a bare 元 is


@dataclass
class DocumentArticles:
    """A document's articles: the sentences stage's input."""

    file_id: str
    path: str
    raw_offsets: np.ndarray
    articles: list[ArticleText] = field(default_factory=list)


class SentenceText(NamedTuple):
    sentence_id: str
    article_id: str
    text: str
    char_start: int  # in the article's text
    doc_map: SpanMap  # the article's: article character → document character
    published_date: dt.date | None  # the article's, to resolve relative dates
    region: str | None = None  # the article's


@dataclass
class DocumentSentences:
    """A document's sentences: the numeric_facts stage's input."""

    file_id: str
    path: str
    raw_offsets: np.ndarray
    sentences: list[SentenceText] = field(default_factory=list)


@dataclass(frozen=True)
class ChainSettings:
    """What the stages of a run may read of its configuration (picklable, for workers)."""

    landing_dir: str
    opencc_config: str = "t2s"
    decode_options: DecodeOptions = DecodeOptions()
