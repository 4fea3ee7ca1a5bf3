"""A writer process for test_ducklake_writers: BATCHES real batches into a DuckLake, each its own transaction.

    python -m tests.integration.ducklake_writer TARGET WRITER BATCHES LANDING

Each batch is the two sample articles with a line naming the writer and batch appended,
so every batch is new content (new file_ids), taken through the whole chain in this process
(etl.flow.worker.run_slice) and written by warehouse.replace_stages_rows.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from etl.flow.chain import CHAIN
from etl.flow.worker import run_slice
from etl.flow.records import ChainSettings, FileRef
from etl.store import warehouse
from tests.conftest import SAMPLE_FILES, SEEDS


def main(target: str, writer: str, batches: int, landing: Path) -> None:
    settings = ChainSettings(landing_dir=str(landing))
    con = warehouse.connect(target)
    try:
        for n in range(batches):
            items = []
            for name in SAMPLE_FILES:
                data = (SEEDS / name).read_bytes() + f"\n写入者{writer}第{n}批。\n".encode()
                path = f"{writer}/{n:03d}_{name}"
                (landing / path).parent.mkdir(parents=True, exist_ok=True)
                (landing / path).write_bytes(data)
                items.append(FileRef(hashlib.sha256(data).hexdigest(), path))
            result = run_slice(items, CHAIN, settings)
            warehouse.replace_stages_rows(
                con, CHAIN, [(stage, out.file_ids, out.frames, out.quarantine) for stage, out in result.outputs.items()])
    finally:
        con.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
