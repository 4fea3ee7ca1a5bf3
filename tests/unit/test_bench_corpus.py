"""The benchmark corpus generator: deterministic for a seed, with the intended mix."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def corpus_mod():
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_mb(corpus_mod, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus") / "a"
    return out, corpus_mod.generate(out, 2, seed=3, log=lambda _: None)


def test_same_seed_same_bytes(corpus_mod, two_mb, tmp_path):
    out, _ = two_mb
    again = tmp_path / "b"
    corpus_mod.generate(again, 2, seed=3, log=lambda _: None)
    assert _digests(out) == _digests(again)


def test_other_seed_other_bytes(corpus_mod, two_mb, tmp_path):
    out, _ = two_mb
    other = tmp_path / "c"
    corpus_mod.generate(other, 2, seed=4, log=lambda _: None)
    assert _digests(out) != _digests(other)


def test_size_and_manifest_match_the_disk(two_mb):
    out, manifest = two_mb
    on_disk = {f["path"]: (out / f["path"]).stat().st_size for f in manifest["list"]}
    assert on_disk == {f["path"]: f["bytes"] for f in manifest["list"]}
    assert 1.9e6 <= manifest["bytes"] <= 2.1e6
    assert json.loads((out / ".manifest.json").read_text(encoding="utf-8"))["bytes"] == manifest["bytes"]


def test_files_are_in_their_encoding(two_mb):
    out, manifest = two_mb
    for f in manifest["list"]:
        data = (out / f["path"]).read_bytes()
        if f["kind"] in ("utf-8", "gb18030", "big5hkscs", "utf-8-sig", "hz", "cp950"):
            text = data.decode(f["kind"])
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f["path"]
        elif f["kind"] == "utf-16":
            assert data[:2] == b"\xff\xfe" or data[1:2] == b"\x00" or data[1::2].count(0) == 0
            data[:len(data) - len(data) % 2].decode("utf-16-le")
        elif f["kind"] == "empty":
            assert data == b""


def test_plan_gives_the_encoding_mix(corpus_mod):
    """Over many files the shares of kinds follow the weights (files, not bytes)."""
    kinds = Counter(spec.kind for spec in corpus_mod.plan(1000, seed=1))
    total = sum(kinds.values())
    assert total > 1000
    share = {k: n / total for k, n in kinds.items()}
    assert 0.55 <= share["utf-8"] <= 0.65
    assert 0.16 <= share["gb18030"] <= 0.24
    assert 0.07 <= share["big5hkscs"] <= 0.13
    assert 0.03 <= share["utf-16"] <= 0.07
    assert {"utf-8-sig", "hz", "empty", "binary", "truncated"} <= set(kinds)


def test_sizes_are_mostly_small(corpus_mod):
    sizes = [spec.size for spec in corpus_mod.plan(1000, seed=1) if spec.kind != "empty"]
    assert min(sizes) >= 1024 or sizes.count(min(sizes)) == 1  # only the last file is cut below 1 KB
    assert max(sizes) <= 5 * 1024 * 1024
    assert sorted(sizes)[len(sizes) // 2] < 64 * 1024
