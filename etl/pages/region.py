"""Which region an article comes from, for what its bare 元 means (etl.facts.article).

From the page's URL host or its source line (data: etl/data/regions.tsv); otherwise
simplified script says mainland news, and traditional script alone says nothing (Taiwan
and Hong Kong both write it).
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from etl import data


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    domains, sources = [], []
    for line in data.path("regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern, region = line.split("\t")
        (domains if kind == "domain" else sources).append((pattern.lower() if kind == "domain" else pattern, region))
    return tuple(domains), tuple(sources)


def region_of(url: str | None, source: str | None, original_script: str | None) -> str | None:
    """"cn", "tw", "hk", "mo", or None when nothing tells.

    >>> region_of("https://www.chinatimes.com/news/1.html", None, "traditional")
    'tw'
    >>> region_of(None, "明报", "traditional"), region_of(None, None, "traditional"), region_of(None, None, "simplified")
    ('hk', None, 'cn')
    """
    domains, sources = _patterns()
    host = (urlsplit(url).hostname or "") if url else ""
    for pattern, region in domains:
        if host and (host.endswith(pattern) if pattern.startswith(".") else host == pattern or host.endswith("." + pattern)):
            return region
    for pattern, region in sources:
        if source and pattern in source:
            return region
    return "cn" if original_script == "simplified" else None
