"""What the benchmark scripts share: timing, peak RSS of a process tree, the machine,
and the RESULTS.md section writer. Standard library only (psutil is not installed)."""
from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("dagster", "duckdb", "pandas", "pandera", "numpy", "opencc", "chardet", "ftfy", "cn2an", "jionlp")


def median_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    """Median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- peak RSS of a process tree ---------------------------------------------------

def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc/<pid>/task/*/children."""
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    out.extend(int(c) for c in fh.read().split())
            except OSError:
                continue
    except OSError:
        pass
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages split between the processes that map them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> tuple[int, int, dict[int, int]]:
    """(summed VmRSS in bytes, process count, RSS by pid) of ``root`` and all its descendants.

    Shared pages (the interpreter, shared libraries) count once per process, so this
    over-states real use a little: a safe upper bound.
    """
    by_pid, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in by_pid:
            continue
        by_pid[pid] = _rss_bytes(pid)
        stack.extend(_children(pid))
    return sum(by_pid.values()), len(by_pid), by_pid


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (all its threads), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _role(pid: int, root: int) -> str:
    """What a process of the tree is: the CLI itself (Dagster and the DuckDB writer), a worker, or other."""
    if pid == root:
        return "cli"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read().replace(b"\0", b" ")
    except OSError:
        return "other"
    if b"resource_tracker" in cmdline:
        return "other"
    return "worker" if b"multiprocessing" in cmdline else "other"


class RssPoller(threading.Thread):
    """Samples the RSS of a process tree every ``interval`` s until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_bytes = 0
        self.peak_at = 0.0  # epoch seconds of the peak sample
        self.peak_processes = 0
        self.peak_breakdown: list[int] = []  # RSS of each process at the peak, largest first
        self.peak_roles: list[str] = []  # the role of each of those processes (cli, worker, other)
        self.role_peaks: dict[str, int] = {}  # the highest summed RSS each role reached, at any sample
        self._roles: dict[int, str] = {}
        self.peak_pss_bytes = 0  # summed PSS at the RSS peak
        self.samples = 0
        self.cpu_by_pid: dict[int, tuple[str, float]] = {}  # last CPU seconds seen, by process
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss, processes, by_pid = tree_rss(self.pid)
            for pid in by_pid:
                if pid not in self._roles:
                    self._roles[pid] = _role(pid, self.pid)
            by_role: dict[str, int] = {}
            for pid, size in by_pid.items():
                by_role[self._roles[pid]] = by_role.get(self._roles[pid], 0) + size
            for role, size in by_role.items():
                self.role_peaks[role] = max(self.role_peaks.get(role, 0), size)
            if rss > self.peak_bytes:
                self.peak_bytes, self.peak_at = rss, time.time()
                ranked = sorted(((b, pid) for pid, b in by_pid.items() if b), reverse=True)
                self.peak_breakdown = [b for b, _ in ranked]
                self.peak_roles = [self._roles[pid] for _, pid in ranked]
                self.peak_pss_bytes = sum(_pss_bytes(pid) for pid in by_pid)
            self.peak_processes = max(self.peak_processes, processes)
            for pid in by_pid:
                seconds = _cpu_seconds(pid)
                if seconds:
                    self.cpu_by_pid[pid] = (self._roles[pid], seconds)
            self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_measured(cmd: list[str], env: dict[str, str], log_path: Path) -> dict:
    """Run ``cmd``, sampling its process tree's RSS; returns wall time, peak RSS, exit code."""
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        poller = RssPoller(proc.pid)
        poller.start()
        code = proc.wait()
        poller.stop()
    return {
        "seconds": time.perf_counter() - started, "returncode": code,
        "peak_rss_bytes": poller.peak_bytes, "peak_at": poller.peak_at, "peak_processes": poller.peak_processes, "rss_samples": poller.samples,
        "peak_breakdown_bytes": poller.peak_breakdown, "peak_breakdown_roles": poller.peak_roles,
        "peak_rss_by_role_bytes": poller.role_peaks, "peak_pss_bytes": poller.peak_pss_bytes,
        "cpu_seconds_by_role": cpu_by_role(poller.cpu_by_pid),
    }


def cpu_by_role(cpu_by_pid: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds summed per role (up to the last 0.2 s sample of each process)."""
    totals: dict[str, float] = {}
    for role, seconds in cpu_by_pid.values():
        totals[role] = round(totals.get(role, 0.0) + seconds, 1)
    return totals


# --- the machine --------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    mem = "unknown"
    try:
        match = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        mem = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else mem
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return {
        "cpu": cpu, "nproc": str(os.cpu_count()), "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0], "packages": ", ".join(versions),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- RESULTS.md -----------------------------------------------------------------------

def replace_section(path: Path, name: str, body: str) -> None:
    """Replace the ``<!-- name:start -->``…``<!-- name:end -->`` section of ``path``, or
    append it; everything outside the markers (other people's sections) is kept."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def mb_per_s(nbytes: float, seconds: float) -> float:
    return nbytes / 1e6 / seconds if seconds > 0 else float("nan")


# --- a sample of the corpus -----------------------------------------------------------

def sample_files(corpus: Path, megabytes: float, seed: int = 0, max_file_bytes: int = 1 << 20) -> list[Path]:
    """A reproducible random subset of the corpus's files (each under ``max_file_bytes``,
    so one 5 MB file cannot be the whole sample) adding up to about ``megabytes`` MB."""
    import json
    import random

    manifest = json.loads((corpus / ".manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["list"] if f["bytes"] <= max_file_bytes]
    random.Random(f"sample-{seed}").shuffle(files)
    chosen, total = [], 0
    for f in files:
        if total >= megabytes * 1e6:
            break
        chosen.append(corpus / f["path"])
        total += f["bytes"]
    return sorted(chosen)
