"""The chain of stages, declared once: raw bytes → documents → articles → sentences → numeric_facts.

Each stage names the tables it fills (the first is its own), the record it takes, its
batch function, how its input is read back from the warehouse, the step named in
quarantine when its rows break a contract, and the tables whose rows that break their
contract are dropped and recorded one by one instead (facts: ``rejected_facts``). Any contiguous slice of the chain runs on a
batch in one worker (etl.flow.driver); the tables a run selects pick the slices.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from etl.flow import records
from etl.flow.stages import articles, documents, facts, sentences


@dataclass(frozen=True)
class Stage:
    name: str
    tables: tuple[str, ...]  # the first is the stage's own table; the others it fills beside it
    record: type  # the input record of run and load
    run: Callable  # (records, settings, hand_on) -> StageOutput; module-level, so picklable
    load: Callable  # (con, file_ids, settings) -> records
    quarantine_step: str  # the step named in quarantine when its rows break a contract
    rejects: tuple[tuple[str, str], ...] = ()  # (table, its rejected-rows table): a bad row is dropped, not its file


CHAIN: tuple[Stage, ...] = (
    Stage("documents", ("documents", "document_text", "mojibake_repairs"), records.FileRef,
          documents.run, documents.load, "normalize"),
    Stage("articles", ("articles",), records.Document, articles.run, articles.load, "segment"),
    Stage("sentences", ("sentences",), records.DocumentArticles, sentences.run, sentences.load, "segment"),
    Stage("numeric_facts", ("numeric_facts", "rejected_facts"), records.DocumentSentences, facts.run, facts.load,
          "extract", rejects=(("numeric_facts", "rejected_facts"),)),
)
STAGE_NAMES = tuple(s.name for s in CHAIN)
FILE_TABLES = tuple(t for s in CHAIN for t in s.tables)  # every table whose rows belong to a file


def stage(name: str) -> Stage:
    """The stage called ``name``."""
    for s in CHAIN:
        if s.name == name:
            return s
    raise KeyError(f"no stage {name!r}; the chain is {', '.join(STAGE_NAMES)}")


def upstream(name: str) -> str | None:
    """The stage before ``name``, or None for the first.

    >>> upstream("articles"), upstream("documents")
    ('documents', None)
    """
    index = STAGE_NAMES.index(name)
    return STAGE_NAMES[index - 1] if index else None


def stages_filling(tables: set[str]) -> list[Stage]:
    """The stages that fill any of ``tables``, in chain order.

    >>> [s.name for s in stages_filling({"numeric_facts", "document_text"})]
    ['documents', 'numeric_facts']
    """
    return [s for s in CHAIN if tables.intersection(s.tables)]


def contiguous_slices(stages: Sequence[Stage]) -> list[list[Stage]]:
    """``stages`` (in chain order) cut where the chain has a gap: each slice runs fused.

    >>> [[s.name for s in part] for part in contiguous_slices(stages_filling({"documents", "articles", "numeric_facts"}))]
    [['documents', 'articles'], ['numeric_facts']]
    """
    slices: list[list[Stage]] = []
    for s in stages:
        if slices and STAGE_NAMES.index(s.name) == STAGE_NAMES.index(slices[-1][-1].name) + 1:
            slices[-1].append(s)
        else:
            slices.append([s])
    return slices
