"""The pipeline benchmark (issue 7): a generated corpus through the whole Dagster job.

    .venv/bin/python bench/run_all.py [--shape bench|news] [--mb 200] [--workers 2] [--seed 1] [--keep]
                                      [--out bench/out] [--sample-mb 5] [--compare]

1. Generates the corpus, cached under OUT by shape, seed and size: ``--shape bench``
   (bench/corpus.py, files of 1 KB-5 MB, the default) or ``--shape news``
   (bench/news_corpus.py: news-sized files, real fact density, pages like real ones).
2. Runs ``zhfacts ingest`` as a subprocess with a fresh DuckDB file and a fresh
   DAGSTER_HOME in a temporary directory, sampling the peak RSS of its process tree
   (the CLI and its worker processes) every 0.2 s from /proc.
3. Reads each stage's ``worker_cpu_seconds`` and ``rows_written`` from the run's
   materializations in that DAGSTER_HOME (the stages run fused, one pass per batch, so
   each stage's share is the CPU time its workers spent in it), and each step's
   duration from the run's step stats.
4. Runs it again with nothing new (the incremental no-op).
5. Times each stage function alone, single-core, on a sample of the corpus.
6. With --compare, the straightforward chardet + OpenCC + JioNLP pipeline on the same
   sample (bench/compare.py).

Writes the figures between ``<!-- pipeline:start -->`` and ``<!-- pipeline:end -->`` in
bench/RESULTS.md (``pipeline-<mb>mb`` for sizes other than 200, ``pipeline-news[-<mb>mb]``
for the news shape; the rest of that file is kept) and OUT/pipeline[-news]-<mb>mb.json.
It is a benchmark, not a test: nothing fails on a time; targets are only reported.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import corpus as corpus_mod  # noqa: E402
import news_corpus  # noqa: E402

REPO = common.REPO
RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "pipeline"  # the 200 MB run; other sizes get a section of their own, e.g. pipeline-1000mb
STAGES = ("documents", "articles", "sentences", "numeric_facts")
TARGET_MB_S = 10.0
TARGET_FILES_S = 400.0
TARGET_NOOP_S = 5.0  # issue 18
TARGET_RSS_GB = 1.5


SHAPES = {"bench": corpus_mod, "news": news_corpus}  # module with generate() and generator_fingerprint()


def ensure_corpus(out: Path, megabytes: float, seed: int, shape: str = "bench") -> tuple[Path, dict]:
    """The corpus for (shape, seed, size), generated unless a complete one from this generator exists."""
    module = SHAPES[shape]
    target = out / (f"corpus-seed{seed}-{megabytes:g}mb" if shape == "bench" else f"corpus-{shape}-seed{seed}-{megabytes:g}mb")
    manifest_path = target / corpus_mod.MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("generator_sha256") == module.generator_fingerprint():
            print(f"corpus: cached {target}")
            return target, manifest
    if target.exists():
        shutil.rmtree(target)
    started = time.perf_counter()
    manifest = module.generate(target, megabytes, seed)
    print(f"corpus: generated in {time.perf_counter() - started:.0f} s")
    return target, manifest


def ingest(corpus: Path, work: Path, workers: int, label: str) -> dict:
    """One ``zhfacts ingest`` subprocess into ``work``; wall time, peak RSS, exit code."""
    env = dict(os.environ, DAGSTER_HOME=str(work / "dagster_home"), ZHFACTS_WORKERS=str(workers))
    (work / "dagster_home").mkdir(parents=True, exist_ok=True)
    cmd = [str(REPO / ".venv" / "bin" / "zhfacts"), "ingest", str(corpus),
           "--warehouse", str(work / "zhfacts.duckdb"), "--workers", str(workers)]
    print(f"{label}: {' '.join(cmd)}")
    result = common.run_measured(cmd, env, work / f"{label}.log")
    print(f"{label}: exit {result['returncode']} in {result['seconds']:.1f} s, "
          f"peak RSS {result['peak_rss_bytes'] / 2**20:.0f} MiB over {result['peak_processes']} processes")
    text = (work / f"{label}.log").read_text(errors="replace")
    if result["returncode"] != 0:
        print(text[-3000:], file=sys.stderr)
    result["run_started"] = "no run needed" not in text  # nothing new: the CLI starts no Dagster run
    result["writing_seconds"] = sum(float(m) for m in re.findall(r"writing to DuckDB took ([\d.]+) s", text))
    return result


def run_figures(home: Path) -> dict:
    """Per-stage seconds and rows from the latest run recorded in ``home``."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        stages = {}
        for stage in STAGES:
            event = instance.get_latest_materialization_event(dg.AssetKey(stage))
            if event is None or event.asset_materialization is None:
                continue
            meta = event.asset_materialization.metadata
            stages[stage] = {
                "seconds": float(meta["seconds"].value),
                "cpu_seconds": float(meta["worker_cpu_seconds"].value) if "worker_cpu_seconds" in meta else None,
                "files": int(meta["files_processed"].value),
                "quarantined": int(meta["files_quarantined"].value),
                "rows": dict(meta["rows_written"].value),
            }
        runs = instance.get_runs(limit=1)
        steps, spans = {}, {}
        if runs:
            for stat in instance.get_run_step_stats(runs[0].run_id):
                if stat.start_time and stat.end_time:
                    steps[stat.step_key] = stat.end_time - stat.start_time
                    spans[stat.step_key] = (stat.start_time, stat.end_time)
    finally:
        instance.dispose()
    return {"stages": stages, "steps": steps, "spans": spans}


def failed_checks(home: Path) -> list[str]:
    """'check: failing rows' for each asset check that failed in the latest run."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        run = instance.get_runs(limit=1)[0]
        records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
        out = []
        for record in records:
            evaluation = record.event_log_entry.dagster_event.event_specific_data
            if not evaluation.passed:
                rows = evaluation.metadata.get("failing_rows")
                out.append(f"{evaluation.check_name}: {rows.value if rows is not None else '?'} failing row(s)")
        return out
    finally:
        instance.dispose()


def warehouse_counts(path: Path) -> dict:
    """Row counts of the published file, or of the run's work file if the run failed before publishing."""
    import duckdb

    from etl.store import snapshot

    if not path.exists():
        path = snapshot.work_path(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = ("raw_files", "documents", "mojibake_repairs", "articles", "sentences", "numeric_facts", "quarantine")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counts["encodings"] = dict(con.execute("SELECT encoding, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall())
        counts["quarantine_reasons"] = dict(con.execute("SELECT reason, count(*) FROM quarantine GROUP BY 1 ORDER BY 2 DESC").fetchall())
    finally:
        con.close()
    return counts


# --- each stage function alone -----------------------------------------------------------

def stage_functions(files: list[Path], runs: int) -> dict:
    """MB/s (raw bytes of the sample) of each etl stage function alone, in this process."""
    from etl.decoding.decode import DecodeError, decode_bytes
    from etl.facts.extract import extract_facts
    from etl.text.normalize import normalize_text
    from etl.text.articles import split_articles
    from etl.text.segment import split_sentences

    raw = [(p.name, p.read_bytes()) for p in files]
    nbytes = sum(len(d) for _, d in raw)
    decoded: list[str] = []

    def decode_all():
        decoded.clear()
        for name, data in raw:
            try:
                decoded.append(decode_bytes(data, source=name).text)
            except DecodeError:
                continue

    normalized: list[str] = []

    def normalize_all():
        normalized[:] = [normalize_text(t).text for t in decoded]

    sentences: list[str] = []

    def segment_all():
        sentences.clear()
        for text in normalized:
            for a in split_articles(text):
                sentences.extend(s.text for s in split_sentences(text[a.char_start:a.char_end]))

    facts = [0]

    def extract_all():
        facts[0] = sum(len(extract_facts(s)) for s in sentences)

    out = {"sample_files": len(raw), "sample_bytes": nbytes, "runs": runs}
    for name, fn in (("decode_bytes", decode_all), ("normalize_text", normalize_all),
                     ("split_articles+split_sentences", segment_all), ("extract_facts", extract_all)):
        seconds = common.median_seconds(fn, runs)
        out[name] = {"seconds": seconds, "mb_s": common.mb_per_s(nbytes, seconds)}
        print(f"alone: {name:<32} {out[name]['mb_s']:8.2f} MB/s ({seconds:.2f} s)")
    out["sentences"], out["facts"] = len(sentences), facts[0]
    chain = sum(out[n]["seconds"] for n in ("decode_bytes", "normalize_text", "split_articles+split_sentences", "extract_facts"))
    out["chain"] = {"seconds": chain, "mb_s": common.mb_per_s(nbytes, chain)}
    return out


# --- report ---------------------------------------------------------------------------------

def _step_at(spans: dict, at: float) -> str:
    """The step running at epoch time ``at``."""
    running = [k for k, (start, end) in spans.items() if start <= at <= end]
    return ", ".join(running) or "no step (start-up or summary)"


def _fmt_rate(x: float) -> str:
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def report(args, manifest: dict, first: dict, second: dict, figures: dict, counts: dict,
           alone: dict, compared: dict | None, machine: dict) -> str:
    mb = manifest["bytes"] / 1e6
    e2e = common.mb_per_s(manifest["bytes"], first["seconds"])
    files_s = manifest["files"] / first["seconds"]
    rows = sum(counts[t] for t in ("documents", "mojibake_repairs", "articles", "sentences", "numeric_facts", "quarantine"))
    # The text stages run fused in one step, so their shared wall time is that step's.
    stage_seconds = figures["steps"].get("text_tables") or sum(s["seconds"] for s in figures["stages"].values())
    ok = lambda cond: "met" if cond else "NOT met"  # noqa: E731
    lines = [
        f"## Pipeline benchmark ({args.shape} corpus, {mb:.0f} MB, {args.workers} workers)",
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by `bench/run_all.py --shape {args.shape} --mb {args.mb:g} --workers {args.workers} "
        f"--seed {args.seed}{' --compare' if args.compare else ''}`. Shared machine: figures are single runs of the "
        "pipeline (medians of {runs} for functions alone) and can move by tens of percent with other load.".format(runs=alone["runs"]),
        "",
        f"Machine: {machine['cpu']}, nproc {machine['nproc']}, {machine['memory']} RAM, {machine['os']}, "
        f"load average at the end {machine['load']}.  ",
        f"Python {machine['python']}; {machine['packages']}.",
        "",
        f"Corpus: {manifest['files']} files, {mb:.1f} MB, seed {manifest['seed']} "
        f"(" + ", ".join(f"{k} {manifest['files_by_kind'][k]} files/{manifest['bytes_by_kind'][k] / 1e6:.1f} MB"
                          for k in sorted(manifest['bytes_by_kind'], key=lambda k: -manifest['bytes_by_kind'][k])) + ").",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| end to end, `zhfacts ingest` wall time incl. Dagster start-up | {first['seconds']:.1f} s = **{_fmt_rate(e2e)} MB/s** "
        f"| >= {TARGET_MB_S:g} MB/s: {ok(e2e >= TARGET_MB_S)} |",
        f"| files per second end to end | **{files_s:.0f} files/s** | >= {TARGET_FILES_S:g}: {ok(files_s >= TARGET_FILES_S)} |",
        f"| second run, nothing new{'' if second.get('run_started', True) else ' (no Dagster run started: nothing new)'} "
        f"| **{second['seconds']:.1f} s** wall, {sum((second.get('cpu_seconds_by_role') or {}).values()):.1f} CPU s "
        f"| <= {TARGET_NOOP_S:g} s: {ok(second['seconds'] <= TARGET_NOOP_S)} |",
        f"| the DuckDB writer (the run's own log: time in `replace_stages_rows`) | {first.get('writing_seconds', 0):.1f} s wall "
        f"({first.get('writing_seconds', 0) / first['seconds']:.0%} of the run) | |",
        f"| peak RSS, whole process tree (sum of VmRSS, 0.2 s samples) | **{first['peak_rss_bytes'] / 2**30:.2f} GiB** "
        f"({first['peak_processes']} processes; during {_step_at(figures.get('spans', {}), first.get('peak_at', 0))}) | < {TARGET_RSS_GB:g} GB: {ok(first['peak_rss_bytes'] / 1e9 < TARGET_RSS_GB)} |",
        f"| at that peak: RSS of each process, largest first / summed PSS (shared pages split between processes) | "
        + ", ".join(f"{b / 2**20:.0f}" + (f" ({r})" if r else "") for b, r in
                    zip(first.get("peak_breakdown_bytes", []), first.get("peak_breakdown_roles") or itertools.repeat(None)))
        + f" MiB / {first.get('peak_pss_bytes', 0) / 2**30:.2f} GiB | |",
        *([f"| highest RSS each role reached at any time: "
           + " / ".join(f"{role} {b / 2**20:.0f} MiB" for role, b in sorted(peaks.items())) + " | |"]
          if (peaks := first.get("peak_rss_by_role_bytes")) else []),
        *(["| CPU time by process: the CLI (Dagster, the DuckDB writer, checks) / workers / other; cores busy on average | "
           + " / ".join(f"{cpu.get(role, 0):.0f} s" for role in ("cli", "worker", "other"))
           + f"; {sum(cpu.values()) / first['seconds']:.2f} of {machine['nproc']} | |"]
          if (cpu := first.get("cpu_seconds_by_role")) else []),
        f"| peak RSS, second run | {second['peak_rss_bytes'] / 2**30:.2f} GiB | |",
        *([f"| second run: time in steps / outside steps (start-up) | {sum(second.get('steps', {}).values()):.1f} s / "
           f"{second['seconds'] - sum(second.get('steps', {}).values()):.1f} s; slowest steps: "
           + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(second.get("steps", {}).items(), key=lambda kv: -kv[1])[:4]) + " | |"]
          if second.get("run_started", True) else []),
        f"| rows into DuckDB (all tables but raw_files) | {rows:,} rows, {_fmt_rate(rows / first['seconds'])} rows/s end to end, "
        f"{_fmt_rate(rows / stage_seconds if stage_seconds else float('nan'))} rows/s over stage time | |",
        "",
        *([f"The first run FAILED (exit {first['returncode']}): blocking check(s) " + "; ".join(first.get("failed_checks") or ["?"])
           + ". Steps after the failed check did not run, so the end-to-end time leaves them out.", ""]
          if first["returncode"] else []),
        "Stages inside the run. They run fused: each batch of files goes through all four in one worker "
        "process, so a stage's share is the CPU time the workers spent in it, validation included "
        "(`worker_cpu_seconds` in each asset's materialization); MB/s per core = raw corpus MB / that CPU time.",
        "",
        "| stage | worker CPU s | raw MB/s per core | files/s per core | files | quarantined | rows written | rows per CPU s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stage, s in figures["stages"].items():
        r = sum(s["rows"].values())
        cpu = s["cpu_seconds"] or s["seconds"]
        lines.append(f"| {stage} | {cpu:.1f} | {_fmt_rate(common.mb_per_s(manifest['bytes'], cpu))} "
                     f"| {_fmt_rate(s['files'] / cpu)} | {s['files']} "
                     f"| {s['quarantined']} | {', '.join(f'{t} {n:,}' for t, n in s['rows'].items())} | {_fmt_rate(r / cpu)} |")
    if figures["steps"]:
        lines += ["", "Every step of the run (Dagster step stats, seconds): " + ", ".join(
            f"{k} {v:.1f}" for k, v in sorted(figures["steps"].items(), key=lambda kv: -kv[1])) + "."]
        overhead = first["seconds"] - sum(figures["steps"].values())
        lines.append(f"Outside the steps (interpreter and Dagster start-up, run set-up, summary): {overhead:.1f} s.")
    lines += [
        "",
        f"Each stage function alone, one core, on a {alone['sample_bytes'] / 1e6:.1f} MB sample of the corpus "
        f"({alone['sample_files']} files under 1 MB; MB/s = raw bytes of the sample / seconds):",
        "",
        "| function | seconds | MB/s |",
        "|---|---|---|",
    ]
    for name in ("decode_bytes", "normalize_text", "split_articles+split_sentences", "extract_facts"):
        lines.append(f"| `{name}` | {alone[name]['seconds']:.2f} | {_fmt_rate(alone[name]['mb_s'])} |")
    lines.append(f"| the four in a row | {alone['chain']['seconds']:.2f} | **{_fmt_rate(alone['chain']['mb_s'])}** |")
    lines.append(f"\n({alone['sentences']:,} sentences, {alone['facts']:,} facts in the sample.)")
    lines.append("")
    lines.append("Warehouse after the run: " + ", ".join(
        f"{t} {counts[t]:,}" for t in ("raw_files", "documents", "mojibake_repairs", "articles", "sentences", "numeric_facts", "quarantine"))
        + f"; encodings {counts['encodings']}; quarantine reasons {counts['quarantine_reasons']}.")
    if compared:
        lines += ["", compared["markdown"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the whole pipeline on a generated corpus.")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="bench",
                        help="bench: files of 1 KB-5 MB (bench/corpus.py); news: news-sized files (bench/news_corpus.py)")
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--keep", action="store_true", help="keep the warehouse and DAGSTER_HOME (under OUT/run-*)")
    parser.add_argument("--sample-mb", type=float, default=5, help="sample size for functions alone and --compare")
    parser.add_argument("--runs", type=int, default=3, help="runs of each function alone (median)")
    parser.add_argument("--compare", action="store_true", help="also run bench/compare.py on the sample")
    parser.add_argument("--no-results", action="store_true", help="do not touch bench/RESULTS.md")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up when piped to a file

    args.out.mkdir(parents=True, exist_ok=True)
    corpus, manifest = ensure_corpus(args.out, args.mb, args.seed, args.shape)
    print(corpus_mod.describe(manifest))

    if args.keep:
        work = args.out / f"run-{args.shape}-seed{args.seed}-{args.mb:g}mb-w{args.workers}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="zhfacts-bench-"))
    try:
        first = ingest(corpus, work, args.workers, "first-run")
        figures = run_figures(work / "dagster_home")
        first["failed_checks"] = failed_checks(work / "dagster_home")
        counts = warehouse_counts(work / "zhfacts.duckdb")
        second = ingest(corpus, work, args.workers, "second-run")
        second["steps"] = run_figures(work / "dagster_home")["steps"] if second["run_started"] else {}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    sample = common.sample_files(corpus, args.sample_mb, args.seed)
    alone = stage_functions(sample, args.runs)
    compared = None
    if args.compare:
        import compare

        compared = compare.compare(sample)
    machine = common.machine()
    body = report(args, manifest, first, second, figures, counts, alone, compared, machine)
    print("\n" + body)
    name = SECTION if args.shape == "bench" else f"{SECTION}-{args.shape}"
    (args.out / f"{name}-{args.mb:g}mb.json").write_text(json.dumps({
        "manifest": {k: v for k, v in manifest.items() if k != "list"}, "first": first, "second": second,
        "figures": figures, "counts": counts, "alone": alone,
        "compare": {k: v for k, v in (compared or {}).items() if k != "markdown"}, "machine": machine,
    }, indent=1, default=str), encoding="utf-8")
    if not args.no_results:
        section = name if args.mb == 200 else f"{name}-{args.mb:g}mb"
        common.replace_section(RESULTS, section, body)
        print(f"\nwrote the {section} section of {RESULTS.relative_to(REPO)}")
    return 0 if first["returncode"] == 0 and second["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
