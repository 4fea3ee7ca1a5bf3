"""Every stage's rows for a directory of files, saved for an output-identity check.

    .venv/bin/python bench/stage_rows.py LANDING_DIR OUT_DIR [--batch-files 256]
    .venv/bin/python bench/stage_rows.py --diff OUT_A OUT_B

Takes the files of LANDING_DIR through the whole chain in batches, as
``etl.flow.worker.run_slice`` does (each stage's run, then its contracts), and writes
each table's rows (and the quarantine, timestamps dropped) to OUT_DIR/TABLE.parquet,
sorted, with a digest per table in OUT_DIR/digests.json. Run it once with the old code
(``PYTHONPATH=<old checkout>``) and once with the new, then ``--diff`` the two: it names
each table that differs and its first differing rows.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

VOLATILE = ("quarantined_at", "updated_at", "created_at")  # columns that carry the wall clock


def collect(landing: Path, batch_files: int) -> dict[str, pd.DataFrame]:
    from etl.flow.chain import CHAIN
    from etl.flow.entries import iter_entries
    from etl.flow.outcome import validated
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.scan import sha256_file

    refs = {sha256_file(landing, e.path)[0]: e.path for e in iter_entries(landing) if e.problem is None}
    items = [FileRef(f, p) for f, p in sorted(refs.items())]
    settings = ChainSettings(landing_dir=str(landing))
    tables: dict[str, list[pd.DataFrame]] = {}
    for i in range(0, len(items), batch_files):
        batch = items[i:i + batch_files]
        for n, stage in enumerate(CHAIN):
            paths = {item.file_id: item.path for item in batch}
            output = validated(stage.run(batch, settings, hand_on=n + 1 < len(CHAIN)), paths,
                               stage.quarantine_step, dict(stage.rejects))
            for table, frame in [*output.frames.items(), ("quarantine", output.quarantine)]:
                tables.setdefault(table, []).append(frame)
            batch = output.handed_on
    return {t: canonical(pd.concat(frames, ignore_index=True)) for t, frames in tables.items()}


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in VOLATILE if c in frame.columns])
    # repr: one type per column whatever the stage built, and bytes or lone surrogates survive
    frame = frame.astype(object).map(repr)
    return frame.sort_values(list(frame.columns), kind="stable").reset_index(drop=True)


def digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()


def save(tables: dict[str, pd.DataFrame], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    digests = {}
    for table, frame in sorted(tables.items()):
        frame.to_parquet(out / f"{table}.parquet", index=False)
        digests[table] = {"rows": len(frame), "sha256": digest(frame)}
    (out / "digests.json").write_text(json.dumps(digests, indent=1, sort_keys=True))


def diff(a: Path, b: Path) -> int:
    da, db = (json.loads((d / "digests.json").read_text()) for d in (a, b))
    differing = 0
    for table in sorted(set(da) | set(db)):
        if da.get(table) == db.get(table):
            print(f"  same  {table:20} {da[table]['rows']:8} rows")
            continue
        differing += 1
        print(f"  DIFF  {table:20} {da.get(table)} vs {db.get(table)}")
        if table in da and table in db:
            fa, fb = (pd.read_parquet(d / f"{table}.parquet") for d in (a, b))
            merged = fa.merge(fb, how="outer", indicator=True)
            print(merged[merged["_merge"] != "both"].head(6).to_string(max_colwidth=60))
    print("identical" if not differing else f"{differing} tables differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs=2, type=Path)
    parser.add_argument("--diff", action="store_true")
    parser.add_argument("--batch-files", type=int, default=256)
    args = parser.parse_args(argv)
    if args.diff:
        return diff(*args.paths)
    save(collect(args.paths[0], args.batch_files), args.paths[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
