"""The ``zhfacts`` command: run the whole graph headlessly, recorded in DAGSTER_HOME."""

import argparse
import os
import sys
from pathlib import Path

LOCAL_INSTANCE_CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "local" / "dagster.yaml"


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
    sql = sub.add_parser("sql", help="Query the published warehouse, read-only (never blocks a run).")
    sql.add_argument("query", nargs="*", help="SQL to run; none: read statements from standard input.")
    sql.add_argument("--warehouse", default=os.environ.get("ZHFACTS_WAREHOUSE", "warehouse/zhfacts.duckdb"),
                     help="DuckDB file (default: $ZHFACTS_WAREHOUSE or warehouse/zhfacts.duckdb).")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "sql":
        return _sql(Path(args.warehouse), " ".join(args.query) or sys.stdin.read())
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
    if not args.full_refresh and _nothing_new(landing, os.environ["ZHFACTS_WAREHOUSE"]):
        return 0

    import dagster as dg  # after the environment is set: resources read it

    from assets.definitions import defs
    from etl.store import snapshot, summaries, warehouse

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
        messages = _failures(result)
        for message in messages:
            print(f"zhfacts ingest: {message}", file=sys.stderr)
        target = os.environ["ZHFACTS_WAREHOUSE"]
        _record_failure(landing, target if lake else Path(target), result.run_id, "\n".join(messages))
        print("zhfacts ingest: the run failed, so nothing was published; the warehouse holds the previous run."
              if not lake else "zhfacts ingest: the run failed; the lake holds the batches it committed, each whole.",
              file=sys.stderr)
    published = os.environ["ZHFACTS_WAREHOUSE"]
    if lake or Path(published).exists():
        try:
            print(summaries.run_summary(published, result.run_id, result.success))
        except Exception as exc:  # the run's outcome stands; only the summary could not be read
            if lake or not snapshot.is_lock_error(exc):
                raise
            print(f"zhfacts ingest: no summary: {snapshot.explain_lock_error(Path(published), exc, Path(published))}",
                  file=sys.stderr)
    return 0 if result.success else 1


def _nothing_new(landing: Path, published: str) -> bool:
    """When a run would change nothing (etl.flow.nothing_new), say so with the summary and start none:
    Dagster's start-up alone takes longer than the 5 s a run with nothing new may take."""
    from etl.flow.nothing_new import why_nothing_new
    from etl.store import summaries

    reason = why_nothing_new(published, landing, os.environ.get("ZHFACTS_FILE_PATTERN", "*"))
    if reason is None:
        return False
    print(f"zhfacts ingest: {reason}; no run started.")
    print(summaries.run_summary(published, None, True))
    return True


def _record_failure(landing: Path, published: Path | str, run_id: str, error: str) -> None:
    """Entries the failed run left without an outcome show as failed in v_file_status."""
    from etl.flow import failures
    from etl.store.warehouse import utcnow

    try:
        failed = failures.record_failure(published, landing, run_id, error, utcnow(),
                                         pattern=os.environ.get("ZHFACTS_FILE_PATTERN", "*"))
    except Exception as exc:  # the failure itself is what the user must see
        print(f"zhfacts ingest: could not record the failure in v_file_status: {exc}", file=sys.stderr)
        return
    print(f"zhfacts ingest: {failed} file(s) show as failed in v_file_status until a run processes them.", file=sys.stderr)


def _sql(path: Path, text: str) -> int:
    """Run each statement of ``text`` on ``path`` opened read-only, and print the results."""
    import duckdb

    from etl.store import snapshot, warehouse

    if not path.exists():
        print(f"zhfacts sql: {path} does not exist; run `make demo` or `zhfacts ingest` first", file=sys.stderr)
        return 2
    try:
        con = warehouse.connect(path, read_only=True)
    except duckdb.IOException as exc:
        if not snapshot.is_lock_error(exc):
            raise
        print(f"zhfacts sql: {snapshot.explain_lock_error(path, exc, path)}", file=sys.stderr)
        return 1
    try:
        for statement in (s.strip() for s in text.split(";")):
            if statement:
                relation = con.sql(statement)
                if relation is not None:
                    relation.show(max_width=200, max_rows=200)
    except duckdb.Error as exc:
        print(f"zhfacts sql: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


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
            messages.extend(_hints(error))
    return messages


def _hints(error) -> list[str]:
    """What to do about the causes a run is known to fail of, found anywhere in the error's chain."""
    chain, hints = [], []
    while error is not None:
        chain.append(error.message)
        error = error.cause
    text = "\n".join(chain)
    if "Out of Memory" in text or "failed to pin block" in text:
        from etl.store.warehouse import duckdb_memory_limit

        hints.append("DuckDB ran out of memory: raise ZHFACTS_DUCKDB_MEMORY "
                     f"(now {duckdb_memory_limit()}) and run again.")
    if "No space left on device" in text or "disk is full" in text.lower() or "[Errno 28]" in text:
        where = Path(os.environ.get("ZHFACTS_WAREHOUSE", ".")).resolve().parent
        hints.append(f"no space left on the disk holding {where} (or the temp directory): free some space and run "
                     "again; the published warehouse was not touched.")
    return hints


def _prepare_dagster_home(home: Path) -> None:
    """Create DAGSTER_HOME with the repo's local instance config unless it has its own."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() and LOCAL_INSTANCE_CONFIG.exists():
        config.write_text(LOCAL_INSTANCE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
