"""Take batches of files through several stages at once: decode → normalize → segment → extract.

Stage by stage (etl.flow.runner), every stage reads its inputs back from DuckDB and ships them
to a worker again. Here a worker takes a batch of raw files through every stage in one
go and returns all their rows; the writer stores them in one transaction. The rows, the
contracts and the quarantine rules are the stage-by-stage ones: each stage's output is
validated before the next stage sees it, and a file that fails a stage stops there.
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.flow import stages
from etl.store import warehouse
from etl.flow.memory import release_free_memory
from etl.flow.runner import (
    BATCH_BYTES,
    BATCH_FILES,
    is_heavy,
    LOADERS,
    SHOWN_FILES,
    StageReport,
    map_batches,
    plan_batches,
    process_and_validate,
    worker_pool,
)


# Batches in flight per worker. Two, so a worker that finishes while this process writes
# finds its next batch already queued. Cheap here: a queued batch is a list of paths and a
# finished one is Parquet files on disk.
IN_FLIGHT_PER_WORKER = 2


@dataclass
class BatchResult:
    outputs: dict[str, stages.StageOutput]  # by stage, in pipeline order
    cpu_seconds: dict[str, float]  # worker CPU time per stage, validation included


def _date(value) -> object:
    return None if pd.isna(value) else value.date()


def _articles_items(documents: pd.DataFrame, pieces: pd.DataFrame) -> list[tuple]:
    texts: dict[str, list[str]] = {}
    for file_id, text in pieces.sort_values(["file_id", "seq"])[["file_id", "text"]].itertuples(index=False, name=None):
        texts.setdefault(file_id, []).append(text)
    return [(f, p, "".join(texts[f]), o) for f, p, o in documents[["file_id", "path", "raw_offsets"]].itertuples(index=False, name=None)]


def _sentences_items(articles: pd.DataFrame, packed: dict[str, tuple[str, bytes]]) -> list[tuple]:
    by_file: dict[str, list] = {}
    for article_id, file_id, text, spans in articles[["article_id", "file_id", "text", "content_spans"]].itertuples(index=False, name=None):
        by_file.setdefault(file_id, []).append((article_id, text, spans))
    return [(f, *packed[f], rows) for f, rows in by_file.items()]


def _article_info(articles: pd.DataFrame) -> dict[str, tuple[int, object]]:
    """article_id → (content_spans, published date), what facts need of their article."""
    return {a: (spans, _date(d)) for a, spans, d in
            articles[["article_id", "content_spans", "published_date"]].itertuples(index=False, name=None)}


def _facts_items(sentences: pd.DataFrame, article_info: dict, packed: dict[str, tuple[str, bytes]]) -> list[tuple]:
    by_file: dict[str, list] = {}
    columns = ["file_id", "sentence_id", "article_id", "text", "char_start"]
    for file_id, sentence_id, article_id, text, start in sentences[columns].itertuples(index=False, name=None):
        spans, published = article_info[article_id]
        by_file.setdefault(file_id, []).append((sentence_id, article_id, text, start, spans, published))
    return [(f, *packed[f], rows) for f, rows in by_file.items()]


def pipeline_batch(items: list[tuple[str, str]], config: stages.DocumentsConfig, through: str = "numeric_facts",
                   spill_dir: str | None = None) -> BatchResult:
    """Take (file_id, path) pairs from raw bytes through stage ``through``; picklable for workers.

    With ``spill_dir``, each stage's validated frames go to Parquet files there as soon as
    the next stage's input is built, so a batch's tables are never all in memory at once.
    """
    wanted = warehouse.STAGES[: warehouse.STAGES.index(through) + 1]
    outputs, cpu = {}, {}
    batch = uuid.uuid4().hex

    def run(stage: str, process: Callable, payload: list) -> dict[str, pd.DataFrame]:
        started = time.process_time()
        output = process_and_validate(process, payload, stage=stage)
        frames = output.frames
        if spill_dir:
            output.frames = {t: warehouse.spill(df, Path(spill_dir) / f"{batch}-{t}.parquet") for t, df in frames.items()}
        outputs[stage] = output
        cpu[stage] = time.process_time() - started
        release_free_memory()  # what the stage freed, so the worker idles low, not at its high mark
        return frames

    frames = run("documents", functools.partial(stages.documents_batch, config=config), items)
    documents = frames.get("documents")
    if "articles" not in wanted or documents is None:
        return BatchResult(outputs, cpu)
    packed = {f: (p, o) for f, p, o in documents[["file_id", "path", "raw_offsets"]].itertuples(index=False, name=None)}
    payload = _articles_items(documents, frames["document_text"])
    del documents, frames
    articles = run("articles", functools.partial(stages.articles_batch, config=config), payload).get("articles")
    if "sentences" not in wanted or articles is None:
        return BatchResult(outputs, cpu)
    article_info, payload = _article_info(articles), _sentences_items(articles, packed)
    del articles
    sentences = run("sentences", stages.sentences_batch, payload).get("sentences")
    if "numeric_facts" not in wanted or sentences is None:
        return BatchResult(outputs, cpu)
    # Files quarantined at sentences have no sentence rows, so they get no facts stage either.
    payload = _facts_items(sentences, article_info, packed)
    del sentences
    run("numeric_facts", stages.facts_batch, payload)
    return BatchResult(outputs, cpu)


def run_pipeline(
    con,
    config: stages.DocumentsConfig,
    *,
    through: str = "numeric_facts",
    full_refresh: bool = False,
    workers: int = 1,
    batch_files: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
    log: Callable[[str], None] = print,
) -> dict[str, StageReport]:
    """Take every file pending at documents through stage ``through``, a batch per transaction."""
    started = time.perf_counter()
    reports = {stage: StageReport(stage) for stage in warehouse.STAGES[: warehouse.STAGES.index(through) + 1]}
    ids = warehouse.pending_file_ids(con, "documents", full_refresh=full_refresh)
    log(f"pipeline: {len(ids)} file(s) to take from raw bytes to {through}")
    batches = list(plan_batches(con, "documents", ids, batch_files, batch_bytes))
    pool = worker_pool(workers) if workers > 1 and len(batches) > 1 else None
    # Workers hand their frames over as Parquet files: nothing big crosses a pipe or sits
    # unpickled in this process, and DuckDB reads the files itself.
    spill_dir = tempfile.mkdtemp(prefix="zhfacts-batches-")
    process = functools.partial(pipeline_batch, config=config, through=through, spill_dir=spill_dir)
    done, writing = 0, 0.0
    try:
        for n, result in enumerate(map_batches(con, LOADERS["documents"], process, batches, pool,
                                                   depth=IN_FLIGHT_PER_WORKER * workers, heavy=is_heavy), start=1):
            write_started = time.perf_counter()
            warehouse.replace_stages_rows(
                con, [(stage, out.file_ids, out.frames, out.quarantine) for stage, out in result.outputs.items()]
            )
            writing += time.perf_counter() - write_started
            for stage, out in result.outputs.items():
                _add(reports[stage], out, result.cpu_seconds[stage])
                for frame in out.frames.values():
                    os.remove(frame.path)
            release_free_memory()
            done += len(result.outputs["documents"].file_ids)  # batches finish in any order
            log(f"pipeline: batch {n}/{len(batches)} written ({done}/{len(ids)} files)")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        shutil.rmtree(spill_dir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    if batches:
        # Near 100% means the single writer is what the run waits for, not the workers.
        log(f"pipeline: {len(batches)} batch(es) in {elapsed:.1f} s; writing to DuckDB took {writing:.1f} s "
            f"({writing / max(elapsed, 1e-9):.0%} of it)")
    for report in reports.values():
        report.seconds = time.perf_counter() - started
    return reports


def _add(report: StageReport, output: stages.StageOutput, cpu_seconds: float) -> None:
    report.files += len(output.file_ids)
    report.shown_file_ids.extend(output.file_ids[: SHOWN_FILES - len(report.shown_file_ids)])
    report.quarantined += len(output.quarantine)
    report.cpu_seconds += cpu_seconds
    for table, df in output.frames.items():
        report.rows[table] = report.rows.get(table, 0) + len(df)
