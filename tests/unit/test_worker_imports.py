"""A worker process imports the chain, never the warehouse (each would carry duckdb's ~56 MiB)."""
import subprocess
import sys


def test_worker_module_does_not_import_duckdb_or_the_warehouse():
    code = ("import sys, etl.flow.worker, etl.flow.chain; "
            "print(sorted(m for m in ('duckdb', 'etl.store.warehouse', 'dagster') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
