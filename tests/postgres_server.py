"""A throwaway Postgres 15 for DuckLake tests: initdb into a temp dir, pg_ctl start, stop at the end.

Postgres refuses to run as root, so as root the server runs as the ``postgres`` user (the
data directory is made its own). Tests that need it skip when Postgres is not installed.
"""
from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("ZHFACTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
USER = "zh"


@dataclass(frozen=True)
class Postgres:
    root: Path
    port: int

    def createdb(self, name: str) -> str:
        """Create database ``name``; returns the ZHFACTS_WAREHOUSE value of a DuckLake catalogued in it."""
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name],
                       check=True, capture_output=True)
        return f"ducklake:postgres:dbname={name} host=127.0.0.1 port={self.port} user={USER}"


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: str) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        return subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c", command], check=True, capture_output=True, text=True)
    return subprocess.run(["/bin/bash", "-c", command], check=True, capture_output=True, text=True)


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A running Postgres on a free port of 127.0.0.1, trusting local connections as user ``zh``."""
    if not available():
        pytest.skip(f"Postgres is not installed in {PG_BIN} (set ZHFACTS_PG_BIN)")
    root = Path(tempfile.mkdtemp(prefix="zhfacts-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    os.chmod(root, 0o700)
    data, port = root / "data", _free_port()
    options = shlex.quote(f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off")
    _as_server_user(f"{PG_BIN}/initdb -D {data} -A trust -U {USER} >{root}/initdb.log 2>&1")
    _as_server_user(f"{PG_BIN}/pg_ctl -D {data} -o {options} -l {root}/server.log -w start")
    try:
        yield Postgres(root, port)
    finally:
        _as_server_user(f"{PG_BIN}/pg_ctl -D {data} -m immediate -w stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server
