"""audit.facts_not_matching_text: SQL for ordinary sentences, Python for long ones, the same verdicts."""
import pandas as pd

from etl.store import audit, warehouse

FILE = "b" * 64


def _sentence(con, sentence_id: str, text: str, start: int) -> None:
    con.execute("INSERT INTO sentences VALUES (?, 'a1', ?, 0, 0, 'body', ?, ?, ?, 0, ?)",
                [sentence_id, FILE, text, start, start + len(text), len(text.encode())])


def _fact(con, fact_id: str, sentence_id: str, surface: str, start: int, end: int) -> None:
    con.execute("INSERT INTO numeric_facts (fact_id, sentence_id, article_id, file_id, surface, char_start, char_end,"
                " raw_byte_start, raw_byte_end, kind, qualifier) VALUES (?, ?, 'a1', ?, ?, ?, ?, 0, 0, 'quantity', 'exact')",
                [fact_id, sentence_id, FILE, surface, start, end])


def test_short_and_long_sentences_give_the_same_verdicts(tmp_path, monkeypatch):
    con = warehouse.connect(tmp_path / "w.duckdb")
    short = "今年共抽查产品12批次，合格率95%。"
    long = "前文。" * 1000 + short  # over SQL_SENTENCE_CHARS: sliced in Python
    _sentence(con, "short", short, 100)
    _sentence(con, "long", long, 1000)
    at = short.index("12批次")
    for sid, base in (("short", 100), ("long", 1000 + len(long) - len(short))):
        _fact(con, f"{sid}-ok", sid, "12批次", base + at, base + at + 4)
        _fact(con, f"{sid}-tampered", sid, "13批次", base + at, base + at + 4)
        _fact(con, f"{sid}-beyond", sid, "95%", base + len(short) - 1, base + len(short) + 2)
    _fact(con, "orphan", "missing", "95%", 0, 3)
    bad, checked = audit.facts_not_matching_text(con, [FILE])
    assert checked == 7
    verdicts = {row.fact_id: None if pd.isna(row.at_offsets) else row.at_offsets for row in bad.itertuples()}
    assert verdicts == {"short-tampered": "12批次", "long-tampered": "12批次", "short-beyond": None,
                        "long-beyond": None, "orphan": None}
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0  # no table left behind
