"""Property tests of etl.pages.json_salvage: a record that parses is read exactly as JSON,
and a record broken by one unescaped quote keeps every string field's text."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.pages.json_salvage import Salvaged, parse_record_line, whole_record_fields

KEYS = st.text(alphabet="abcdefghij标题内容", min_size=1, max_size=8)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
RECORDS = st.dictionaries(KEYS, st.one_of(TEXT, st.integers(), st.none()), max_size=5)


@settings(max_examples=200, deadline=None)
@given(RECORDS, st.booleans())
def test_a_record_that_parses_is_read_as_json(record, ensure_ascii):
    line = json.dumps(record, ensure_ascii=ensure_ascii)
    parsed = parse_record_line(line)
    assert parsed == record and not isinstance(parsed, Salvaged)


SAFE_TEXT = st.text(alphabet=st.sampled_from(list("增长百分之五点三亿元，。说好了 ab12")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "content", "url", "author"]), SAFE_TEXT, min_size=1, max_size=4),
       st.data())
def test_an_unescaped_quote_costs_no_field(record, data):
    # Write the record by hand, as a careless crawler does: one field's text gets a raw
    # quoted word; every field still comes back with its text.
    key = data.draw(st.sampled_from(sorted(record)))
    record = dict(record, **{key: record[key] + '"引号"'})
    line = "{" + ", ".join(f'"{k}": "{v}"' for k, v in record.items()) + "}"
    fields = whole_record_fields(line)
    assert fields == record
