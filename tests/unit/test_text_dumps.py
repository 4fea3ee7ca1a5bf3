"""Plain text files holding several articles without markdown headings: a separator line
(=====) or a title over a date stamp line starts the next article."""
from __future__ import annotations

import datetime as dt

from etl.pages import articles_from_document
from etl.text.normalize import normalize_text
from etl.text.segment import split_sentences

DUMP = (
    "统计局发布一季度数据\n2019-09-07\n国家统计局今天发布数据，一季度国内生产总值同比增长5.3%。\n\n\n"
    "教育部发布就业数据\n2019-09-08 来源：人民网\n今年高校毕业生达834万人。\n"
    "==========\n第三篇标题\n正文，这里有5个数字。\n"
)


def articles(text: str):
    normalized = normalize_text(text).text
    return normalized, articles_from_document("dump.txt", text, normalized)


def test_a_text_dump_splits_at_stamped_titles_and_separators():
    text, found = articles(DUMP)
    assert [(a.title, a.published_date) for a in found] == [
        ("统计局发布一季度数据", dt.date(2019, 9, 7)), ("教育部发布就业数据", dt.date(2019, 9, 8)), ("第三篇标题", None)]
    assert all("=====" not in a.text(text) for a in found)
    assert [a.source for a in found] == [None, "人民网", None]
    bodies = [[s.text for s in split_sentences(a.text(text)) if s.paragraph_type == "body"] for a in found]
    assert bodies == [["国家统计局今天发布数据，一季度国内生产总值同比增长5.3%。"], ["今年高校毕业生达834万人。"], ["正文，这里有5个数字。"]]


def test_a_dated_subheading_inside_a_paragraph_run_does_not_split():
    """The line before the title must end a paragraph: a broken paragraph goes on."""
    text, found = articles("标题\n正文第一段没有写完\n下一行接着写\n2019-09-07\n结尾。\n")
    assert len(found) == 1


def test_one_article_per_file_is_unchanged():
    text, found = articles("统计局发布一季度数据\n2019-09-07 10:20\n国家统计局今天发布数据，增长5.3%。\n专家认为，全年目标可以实现。\n")
    assert len(found) == 1 and found[0].title == "统计局发布一季度数据"


def test_a_stamp_line_with_an_unlabelled_field_is_the_articles_date():
    """A portal stamp copied as text (2005-04-05 06:40更新 来源：…, 2003-7-24 钱江晚报) is
    one date line, the one definition in paragraph_patterns.tsv; it is not joined to the
    paragraph after it, and no fact comes from it."""
    for stamp, day in [("2005-04-05 06:40更新 来源：转载文章", dt.date(2005, 4, 5)), ("2003-7-24 钱江晚报", dt.date(2003, 7, 24))]:
        text, found = articles(f"日本无性婚姻问题严重\n{stamp}\n调查显示，三成夫妻一个月以上没有性生活\n这一比例比十年前高。\n")
        assert [a.published_date for a in found] == [day]
        kinds = {s.text: s.paragraph_type for s in split_sentences(found[0].text(text))}
        assert kinds[stamp] != "body"
