"""The ``zhfacts`` command: run the whole graph headlessly, recorded in DAGSTER_HOME."""

import argparse
import os
import sys
from pathlib import Path

LOCAL_INSTANCE_CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "local" / "dagster.yaml"
SUMMARY_SQL = {
    "files": "SELECT count(*) FROM raw_files WHERE NOT deleted",
    "quarantined": "SELECT count(*) FROM quarantine",
    "articles": "SELECT count(*) FROM articles",
    "sentences": "SELECT count(*) FROM sentences",
    "facts": "SELECT count(*) FROM numeric_facts",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhfacts", description="Turn raw Chinese news files into numeric facts in DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="Materialize every asset for a landing directory.")
    ingest.add_argument("dir", nargs="?", default=os.environ.get("ZHFACTS_RAW_DIR", "seeds"),
                        help="Landing directory (default: $ZHFACTS_RAW_DIR or seeds/).")
    ingest.add_argument("--warehouse", default=os.environ.get("ZHFACTS_WAREHOUSE", "warehouse/zhfacts.duckdb"),
                        help="DuckDB file, or ducklake:postgres:… with $ZHFACTS_LAKE_DATA_PATH "
                        "(default: $ZHFACTS_WAREHOUSE or warehouse/zhfacts.duckdb).")
    ingest.add_argument("--full-refresh", action="store_true", help="Reprocess every file, not only new or changed ones.")
    ingest.add_argument("--workers", type=int, default=None, help="Worker processes per stage (default: $ZHFACTS_WORKERS or all cores).")
    ingest.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="Console log level of the run (default: INFO; DEBUG shows every Dagster event).")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    landing = Path(args.dir).resolve()
    if not landing.is_dir():
        print(f"zhfacts ingest: landing directory {landing} does not exist", file=sys.stderr)
        return 2
    os.environ["ZHFACTS_RAW_DIR"] = str(landing)
    lake = args.warehouse.startswith("ducklake:")  # etl.store.lake: written in place, nothing to publish
    os.environ["ZHFACTS_WAREHOUSE"] = args.warehouse if lake else str(Path(args.warehouse).resolve())
    if args.workers:
        os.environ["ZHFACTS_WORKERS"] = str(args.workers)
    _prepare_dagster_home(Path(os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster").resolve()))))

    import dagster as dg  # after the environment is set: resources read it

    from assets.definitions import defs
    from etl.store import warehouse

    stage_config = {"config": {"full_refresh": args.full_refresh}}
    run_config = {
        "ops": {"text_tables": stage_config},
        "loggers": {"console": {"config": {"log_level": args.log_level}}},
    }
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def("ingest").execute_in_process(
            instance=instance, run_config=run_config, raise_on_error=False
        )
    if not result.success:
        for message in _failures(result):
            print(f"zhfacts ingest: {message}", file=sys.stderr)
        print("zhfacts ingest: the run failed, so nothing was published; the warehouse holds the previous run.",
              file=sys.stderr)
    published = os.environ["ZHFACTS_WAREHOUSE"]
    if lake or Path(published).exists():
        print(_summary(warehouse, published, result.run_id, result.success))
    return 0 if result.success else 1


def _failures(result) -> list[str]:
    """The error of each failed step or check, with its root cause, as Dagster recorded it."""
    messages = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = getattr(event.event_specific_data, "error", None)
            if error is None:
                messages.append(f"{event.step_key}: {event.message}")
                continue
            root = error
            while root.cause is not None:
                root = root.cause
            message = f"{event.step_key}: {error.message.strip()}"
            if root is not error:
                message += f" caused by {root.cls_name}: {root.message.strip().splitlines()[0]}"
            messages.append(message)
            if "Out of Memory" in root.message or "failed to pin block" in root.message:
                from etl.store.warehouse import duckdb_memory_limit

                messages.append("DuckDB ran out of memory: raise ZHFACTS_DUCKDB_MEMORY "
                                f"(now {duckdb_memory_limit()}) and run again.")
    return messages


def _prepare_dagster_home(home: Path) -> None:
    """Create DAGSTER_HOME with the repo's local instance config unless it has its own."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() and LOCAL_INSTANCE_CONFIG.exists():
        config.write_text(LOCAL_INSTANCE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")


def _summary(warehouse, path: str, run_id: str, success: bool) -> str:
    con = warehouse.connect(path, read_only=True)
    try:
        counts = {name: con.execute(sql).fetchone()[0] for name, sql in SUMMARY_SQL.items()}
        encodings = con.execute("SELECT encoding, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        kinds = con.execute("SELECT kind, count(*) FROM numeric_facts GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        reasons = con.execute("SELECT reason, count(*) FROM quarantine GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    finally:
        con.close()
    lines = [
        f"zhfacts ingest: run {run_id} {'succeeded' if success else 'FAILED'} -> {path}",
        f"  files       {counts['files']}  ({', '.join(f'{e} {n}' for e, n in encodings) or 'none decoded'})",
        f"  quarantined {counts['quarantined']}  ({', '.join(f'{r} {n}' for r, n in reasons) or 'none'})",
        f"  articles    {counts['articles']}",
        f"  sentences   {counts['sentences']}",
        f"  facts       {counts['facts']}  ({', '.join(f'{k} {n}' for k, n in kinds) or 'none'})",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
