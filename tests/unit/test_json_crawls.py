"""JSON crawls as they come: a JSON array of records (pretty-printed or not, escaped or
not), Unix time stamps, and a broken array that gets a verdict naming the problem."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from etl.pages import NoArticleText, articles_from_document, container_of
from etl.text.normalize import normalize_text

RECORDS = [
    {"title": "港口吞吐量创新高", "content": "<p>前两个月吞吐量达到520万标准箱。</p>", "url": "https://a.cn/news/20240305/1.html"},
    {"content": "招聘会提供岗位1.2万个，比去年多3000个。", "pub_time": 1709692800000, "title": "春季招聘会提供岗位"},
]


@pytest.mark.parametrize("ensure_ascii", [True, False], ids=["escaped", "utf-8"])
@pytest.mark.parametrize("indent", [None, 2], ids=["one-line", "pretty"])
def test_a_json_array_of_records_gives_one_article_each(ensure_ascii, indent):
    markup = json.dumps(RECORDS, ensure_ascii=ensure_ascii, indent=indent)
    text = normalize_text(markup).text
    articles = articles_from_document("crawl.json", markup, text)
    assert container_of(markup) == "jsonl"
    assert [(a.title, a.published_date) for a in articles] == [
        ("港口吞吐量创新高", dt.date(2024, 3, 5)), ("春季招聘会提供岗位", dt.date(2024, 3, 6))]
    # the second record's title comes after its content: it names the article, outside its text
    assert [a.text(text) for a in articles] == [
        "港口吞吐量创新高\n前两个月吞吐量达到520万标准箱。", "招聘会提供岗位1.2万个，比去年多3000个。"]
    assert all(a.char_start <= a.char_end and list(a.spans) == sorted(a.spans) for a in articles)


def test_a_json_array_cut_short_names_the_problem():
    markup = '[\n  {"title": "港口吞吐量创新高", "content": "前两个月'
    with pytest.raises(NoArticleText, match="JSON array does not parse"):
        articles_from_document("cut.json", markup, normalize_text(markup).text)


def test_a_json_lines_crawl_cut_short_keeps_its_last_record_as_far_as_it_goes():
    # An interrupted download ends inside the last line: its title and the text it has are kept.
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    markup = lines[0] + "\n" + lines[1][:lines[1].index("比去年")] + "\n"
    text = normalize_text(markup).text
    articles = articles_from_document("cut.jsonl", markup, text)
    assert [a.title for a in articles] == ["港口吞吐量创新高", None]  # the cut record's title came after its content
    assert articles[1].text(text) == "招聘会提供岗位1.2万个，"
    assert [a.cut_short for a in articles] == [False, True]


def test_a_json_lines_record_that_does_not_parse_is_salvaged_not_dropped():
    # Hand-written crawls: a quote left unescaped and a trailing comma break json.loads on
    # the middle line; its fields are read one by one and the article is flagged.
    good = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    broken = '{"title": "市民说"值了"", "content": "地铁票价下调2元，日均客流增加8万人次。", "views": 12,}'
    markup = "\n".join([good[0], broken, good[1]]) + "\n"
    text = normalize_text(markup).text
    articles = articles_from_document("crawl.jsonl", markup, text)
    assert [a.title for a in articles] == ["港口吞吐量创新高", "市民说\"值了\"", "春季招聘会提供岗位"]
    assert articles[1].text(text).endswith("地铁票价下调2元，日均客流增加8万人次。")
    assert [(a.salvaged, a.cut_short) for a in articles] == [(False, False), (True, False), (False, False)]


def test_a_raw_tab_inside_a_json_string_is_read_as_json():
    line = '{"title": "题\t目", "content": "全年营收增长12%。"}'
    articles = articles_from_document("tab.jsonl", line, normalize_text(line).text)
    assert [(a.salvaged, a.cut_short) for a in articles] == [(False, False)]
