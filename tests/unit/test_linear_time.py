"""Issue 17, point 8: no quadratic path. Each pathological input is 1 MB; the bounds are
generous (a quadratic step took minutes at a tenth of this size), they guard the shape,
not the speed: CPU seconds of this process, so a loaded machine does not fail them."""
import time

import pytest

from etl.text.normalize import normalize_text

MB = 1 << 20
BOUND_S = 10.0

PATHOLOGICAL = {
    "question marks after Han": "中" + "?" * MB,  # 30,000 took 21 s, one mark per pass
    "commas after Han": "中" + "," * MB,  # 100,000 took over 120 s
    "brackets after Han": "中" + "()" * (MB // 2),
    "marks and brackets chained": "中(a)?" * (MB // 5),
    "comments with no end": "<!--" * (MB // 4),  # 50,000 took 47.6 s
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_normalize_is_linear_on_pathological_input(name):
    text = PATHOLOGICAL[name]
    started = time.process_time()
    normalized = normalize_text(text)
    assert time.process_time() - started < BOUND_S, name
    assert len(normalized.source_offsets) == len(normalized.text) + 1


def test_marks_touching_chinese_convert_as_a_run_and_brackets_as_pairs():
    assert normalize_text("中??").text == "中？？"
    assert normalize_text("中,(AI)").text == "中，（AI）"
    assert normalize_text("1,024 and (AI) 3:2").text == "1,024 and (AI) 3:2"
    assert normalize_text("<!--注释-->正文<!--未完").text == "正文<!--未完"


def test_the_fact_text_check_is_linear_in_sentence_length(tmp_path):
    """One 1 MB sentence with no full stop and a fact every 10 characters: the SQL check's
    substr walked the sentence from its start for every fact (3 MB added 76 s)."""
    from etl.store import audit, warehouse

    con = warehouse.connect(tmp_path / "w.duckdb")
    file_id = "a" * 64
    text = "共抽查产品12批次，" * (MB // 10)
    con.execute("INSERT INTO sentences VALUES ('s1', 'a1', ?, 0, 0, 'body', ?, 0, ?, 0, ?)", [file_id, text, len(text), len(text)])
    starts = range(5, len(text) - 10, 10)
    con.execute(
        "INSERT INTO numeric_facts (fact_id, sentence_id, article_id, file_id, surface, char_start, char_end, raw_byte_start,"
        " raw_byte_end, kind, qualifier) SELECT 'f' || i, 's1', 'a1', ?, '12批次', i, i + 4, 0, 0, 'quantity', 'exact'"
        " FROM unnest(?::INTEGER[]) t(i)", [file_id, list(starts)])
    con.execute("UPDATE numeric_facts SET surface = 'X' WHERE fact_id = 'f5'")
    started = time.process_time()
    bad, checked = audit.facts_not_matching_text(con, [file_id])
    assert time.process_time() - started < BOUND_S
    assert checked == len(starts) and list(bad["fact_id"]) == ["f5"]
