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


# --- the news shape (bench/news_corpus.py) -----------------------------------------------

@pytest.fixture(scope="module")
def news_mod(corpus_mod):
    sys.path.insert(0, str(BENCH))  # news_corpus imports corpus by name
    spec = importlib.util.spec_from_file_location("bench_news_corpus", BENCH / "news_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def news_mb(news_mod, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("news") / "a"
    return out, news_mod.generate(out, 1.5, seed=5, log=lambda _: None)


def test_news_same_seed_same_bytes(news_mod, news_mb, tmp_path):
    out, manifest = news_mb
    again = tmp_path / "b"
    news_mod.generate(again, 1.5, seed=5, log=lambda _: None)
    assert _digests(out) == _digests(again)
    assert manifest["shape"] == "news"


def test_news_sizes_are_news_sized(news_mod):
    specs = list(news_mod.plan(1000, seed=1))
    pages = sorted(s.size for s in specs if not s.dump and s.kind != "empty")
    dumps = [s.size for s in specs if s.dump]
    assert 9 * 1024 <= pages[len(pages) // 2] <= 11 * 1024
    assert pages[0] >= 1024 or pages.count(pages[0]) == 1  # only the last file is cut below 1 KB
    assert pages[-1] <= 50 * 1024
    assert 3 <= len(dumps) <= len(specs) / 100 and all(s <= 5 * 1024 * 1024 for s in dumps)
    assert sum(1 for s in dumps if s >= 1024 * 1024) >= len(dumps) - 1  # only the last file may be cut short
    kinds = Counter(s.kind for s in specs)
    assert 0.55 <= kinds["utf-8"] / len(specs) <= 0.65 and 0.16 <= kinds["gb18030"] / len(specs) <= 0.24
    assert 0.3 <= sum(s.html for s in specs) / len(specs) <= 0.45


def test_news_pages_look_like_real_pages(news_mb):
    out, manifest = news_mb
    pages = [f for f in manifest["list"] if f["html"] and f["kind"] == "utf-8"]
    assert pages
    for f in pages:
        text = (out / f["path"]).read_text(encoding="utf-8")
        assert 'charset=utf-8' in text[:400] and "<script" in text and '<div class="nav">' in text
        cjk_bytes = 3 * sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        assert cjk_bytes < 0.6 * len(text.encode("utf-8")), f["path"]  # markup is most of a page


def test_news_fact_density_is_that_of_real_text(news_mb):
    """About one fact every 65 characters (real article bodies: 65, the seed articles: 60)."""
    sys.path.insert(0, str(BENCH))
    import fact_density

    from etl.decoding.decode import DecodeError, decode_bytes

    out, manifest = news_mb
    texts = []
    for f in manifest["list"]:
        if f["dump"]:
            continue
        try:
            texts.append(decode_bytes((out / f["path"]).read_bytes(), source=f["path"]).text)
        except DecodeError:
            continue
    density = fact_density.measure(texts)
    assert density.facts > 1000
    assert 52 <= density.chars_per_fact <= 85, density
