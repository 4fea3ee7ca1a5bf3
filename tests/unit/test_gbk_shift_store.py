"""The explained gbk-shift repairs reach mojibake_repairs, and old warehouses gain the columns."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from etl.decoding.shift_span import replay
from etl.flow.records import ChainSettings, FileRef
from etl.flow.stages import documents
from etl.store import schemas, warehouse

SEED_003 = Path(__file__).resolve().parents[2] / "seeds" / "003_d09a9a5e3ae4f874.txt"
GUESS_COLUMNS = ("candidate", "score", "runner_up", "runner_up_score")


def test_repair_rows_carry_the_candidate_its_score_and_the_runner_up(tmp_path):
    shutil.copy(SEED_003, tmp_path / "003.txt")
    file_id = hashlib.sha256(SEED_003.read_bytes()).hexdigest()  # the stage reads only the bytes the scan hashed
    output = documents.run([FileRef(file_id, "003.txt")], ChainSettings(landing_dir=str(tmp_path)))
    rows = schemas.validate("mojibake_repairs", output.frames["mojibake_repairs"])
    assert list(rows["candidate"]) == ["海", "\ufffd\ufffd<", "海", "海"]
    for row in rows.itertuples():
        assert replay(row.before, row.candidate) == row.after
        assert 0 <= row.runner_up_score <= row.score <= 1 and len(row.runner_up) == len(row.candidate)


def test_a_warehouse_without_the_guess_columns_is_upgraded_in_place(warehouse_path):
    con = warehouse.connect(warehouse_path)
    for column in GUESS_COLUMNS:
        con.execute(f"ALTER TABLE mojibake_repairs DROP COLUMN {column}")
    con.execute("INSERT INTO mojibake_repairs VALUES (?, 0, 0, 2, 0, 6, 'x', 'y', 'ftfy')", ["b" * 64])
    con.execute("DELETE FROM zhfacts_meta")  # as a warehouse from before this schema
    con.close()
    con = warehouse.connect(warehouse_path)
    rows = con.execute(f"SELECT method, {', '.join(GUESS_COLUMNS)} FROM mojibake_repairs").fetchall()
    assert rows == [("ftfy", None, None, None, None)]
    con.close()
