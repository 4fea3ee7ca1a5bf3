"""How many entries each of the fact extractor's phrase caches keeps (functools.lru_cache).

An entry is ~330-370 bytes (measured: quantities._tail held 16.0 MiB at 48,362 entries), so
at 65,536 each of the six caches grows to ~22 MiB in every worker over a long run. At 16,384
the caches' worker RSS after 10,240 news files was 366 MiB instead of 374, and the CPU the
same (142.9 and 142.1 s, bench corpus, run side by side).
"""
PHRASE_CACHE_ENTRIES = 16_384
