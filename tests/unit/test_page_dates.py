"""Publication dates of HTML pages written in the forms Chinese news sites use, and no
date where the page shows none (htmldate's guesses from a copyright year are refused)."""
from __future__ import annotations

import datetime as dt

import pytest

from etl.pages import articles_from_document
from etl.text.normalize import normalize_text

SEPT_7 = dt.date(2019, 9, 7)
PARAGRAPHS = (
    "<p>" + "新华社北京电，国家统计局今天发布数据，一季度国内生产总值同比增长百分之五点三。" * 3 + "</p>"
    "<p>" + "专家认为，房地产市场的调整仍将持续一段时间，居民消费有望继续回升，全年目标可以实现。" * 3 + "</p>"
)


def page(above: str = "", head: str = "", below: str = "") -> str:
    return (f"<html><head><title>统计局发布一季度数据_新华网</title>{head}</head><body>"
            "<div id=nav><a href=/>首页</a> <a href=/a>财经</a></div>"
            f"<div class=article><h1>统计局发布一季度数据</h1>{above}{PARAGRAPHS}{below}</div>"
            "<div class=foot>版权所有 2005-2019 新华网</div></body></html>")


def published(markup: str) -> tuple[dt.date | None, str | None]:
    (article,) = articles_from_document("page.html", markup, normalize_text(markup).text)
    return article.published_date, article.published_date_method


@pytest.mark.parametrize("markup, expected", [
    (page("<div>2019年09月07日 10:20　来源：新华网</div>"), SEPT_7),
    (page("<span>發佈時間：2019/09/07 10:20</span>"), SEPT_7),
    (page("<span>中華民國108年9月7日</span>"), SEPT_7),
    (page("<span>2019.09.07</span>"), SEPT_7),
    (page(head="<meta property='article:published_time' content='2019-09-07T10:20:00+08:00'>"), SEPT_7),
    (page(below="<div>2019-09-07 10:20</div>"), SEPT_7),
], ids=["cn", "traditional-label", "roc", "dots", "meta", "below"])
def test_dates_in_the_forms_of_chinese_news_pages(markup, expected):
    assert published(markup)[0] == expected


@pytest.mark.parametrize("markup", [page(), page("<span>19-09-07 10:20</span>")], ids=["copyright-only", "two-digit-year"])
def test_no_date_rather_than_a_guess(markup):
    """Before, htmldate's whole-page search made 2005-01-01 of the copyright line and
    2007-09-19 of 19-09-07."""
    assert published(markup) == (None, None)


def test_a_header_widget_with_todays_date_is_not_the_publication_date():
    today = "<body><div id=top>今天是2019年9月10日 星期二</div>"
    meta_only = page(head="<meta property='article:published_time' content='2019-09-07T10:20:00+08:00'>")
    assert published(meta_only.replace("<body>", today)) == (SEPT_7, "page_metadata")
    dated = page("<div>2019年09月07日 10:20</div>")
    assert published(dated.replace("<body>", today)) == (SEPT_7, "date_line")


def test_an_update_stamp_opening_the_content_yields_to_the_publication_stamp():
    assert published(page("<div>来源：新华网 更新时间：2019-09-08</div><div>发布时间：2019-09-07</div>"))[0] == SEPT_7


@pytest.mark.parametrize("text", [
    "统计局发布一季度数据\n2019年9月7日 10:20\n新华社北京9月7日电 国家统计局今天发布数据，增长5.3%。\n",
    "统计局发布一季度数据\n2019-09-07 10:20 来源：新华网\n国家统计局今天发布数据，增长5.3%。\n",
    "统计局发布一季度数据\n国家统计局今天发布数据，增长5.3%。\n专家认为，全年目标可以实现。\n（2019年9月7日）\n",
], ids=["stamp-line", "stamp-and-source", "closing-date"])
def test_plain_text_date_lines(text):
    """A stamp line under a text file's title is not joined to the paragraph after it
    (as a broken paragraph would be), and is the article's date."""
    (article,) = articles_from_document("news.txt", text, normalize_text(text).text)
    assert (article.title, article.published_date) == ("统计局发布一季度数据", SEPT_7)


def test_a_dated_first_sentence_is_not_a_date_line():
    text = "统计局发布一季度数据\n2019年9月7日，国家统计局发布数据，一季度增长5.3%。\n"
    (article,) = articles_from_document("news.txt", text, normalize_text(text).text)
    assert article.published_date is None


def test_an_update_stamp_is_the_date_when_the_page_gives_no_other():
    """BBC's pages show only 更新时间; a teaser's date further down is not the article's."""
    teaser = "<ul><li><a href=/b>梁振英定下出席质询日期</a> 2012年12月6日</li></ul>"
    markup = page("<div>更新时间 2012年12月10日, 格林尼治标准时间10:41</div>", below=teaser)
    assert published(markup) == (dt.date(2012, 12, 10), "update_line")
