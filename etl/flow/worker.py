"""What a worker process runs: one batch through a slice of the chain (etl.flow.driver plans and writes).

Imports nothing of the warehouse: a worker never opens it, and duckdb alone would add
~56 MiB to each worker's RSS (the chain's stage modules import it only inside ``load``).
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from etl.flow.chain import Stage
from etl.flow.memory import release_free_memory
from etl.flow.outcome import StageOutput, validated
from etl.flow.records import ChainSettings
from etl.store.frames import spill


@dataclass
class BatchResult:
    outputs: dict[str, StageOutput]  # by stage, in chain order
    cpu_seconds: dict[str, float]  # worker CPU time per stage, validation included


def run_slice(items: list, stages: Sequence[Stage], settings: ChainSettings, spill_dir: str | None = None) -> BatchResult:
    """Take one batch of the first stage's records through ``stages``; picklable for workers.

    With ``spill_dir``, each stage's validated frames go to Parquet files there at once,
    so a batch's tables are never all in memory together and nothing big crosses a pipe.
    """
    outputs, cpu, batch = {}, {}, uuid.uuid4().hex
    for n, stage in enumerate(stages):
        started = time.process_time()
        paths = {item.file_id: item.path for item in items}
        output = validated(stage.run(items, settings, hand_on=n + 1 < len(stages)), paths, stage.quarantine_step,
                           dict(stage.rejects))
        items, output.handed_on = output.handed_on, []
        if spill_dir:
            output.frames = {t: spill(df, Path(spill_dir) / f"{batch}-{t}.parquet") for t, df in output.frames.items()}
        outputs[stage.name] = output
        cpu[stage.name] = time.process_time() - started
        release_free_memory()  # what the stage freed, so the worker idles low, not at its high mark
        if not items:
            break
    return BatchResult(outputs, cpu)
