"""zhfacts' pure library: raw Chinese news bytes to numeric facts, with no Dagster import.

Sub-packages, lowest first; a module imports only from its own layer or below
(tests/unit/test_layers.py checks it):

- ``data``: lexicons and word lists (files), loaded once.
- ``positions``: position maps tying derived text back to raw bytes.
- ``decoding``: bytes to text (sniff, decode, mojibake repair).
- ``text``: normalize, segment into articles and sentences.
- ``facts``: numeric facts from a sentence.
- ``pages``: documents to articles by container (plain text, HTML pages, Sogou dumps,
  JSON Lines crawls): main content, title, URL, author, publication date. It uses
  positions, text, facts.dates and data; only ``flow`` imports it.
- ``store``: contracts (Pandera), DuckDB warehouse, publishing.
- ``flow``: scan, the chain of stages, batching and the driver.
"""
