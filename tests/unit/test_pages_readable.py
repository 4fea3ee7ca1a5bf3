"""etl.pages.readable: the cleaned tree, and so readability's summary, is the library's own."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from readability import Document
from readability.readability import html_cleaner

from etl.pages.html import _page_tree
from etl.pages.readable import _MAY_CHANGE, ReadableDocument, _links_may_change, clean

PAGES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "pages"
BODY = "<p>" + "国家统计局今天发布数据，全国粮食总产量达到六亿八千万吨，比上年增长百分之一点三。" * 3 + "</p>"
PAGES_BY_CASE = {
    "plain links": f'<html><body><a href="http://a.cn/x.html">首页</a><div onclick="go()">{BODY}</div></body></html>',
    "javascript link": f'<html><body><a href="javascript:void(0)">返回</a>{BODY}</body></html>',
    "spaced link": f'<html><body><a href=" http://a.cn/ ">首页</a><img src="/i.png\n">{BODY}</body></html>',
    "escaped scheme": f'<html><body><a href="java%73cript:x()">顶</a><a href="ja+vascript:y">踩</a>{BODY}</body></html>',
    "case-folding letter": f'<html><body><a href="java\u017fcript:x()">顶</a>{BODY}</body></html>',
    "data image": f'<html><body><img src="data:image/svg+xml;base64,AAAA">{BODY}</body></html>',
    "meta refresh": f'<html><head><meta http-equiv="Refresh" content="0; url= /x "></head><body>{BODY}</body></html>',
    "object": f'<html><body><object data=" x.swf "></object>{BODY}</body></html>',
    "style url": f'<html><head><style>p {{background: url(javascript:x)}}</style></head><body>{BODY}</body></html>',
}


def _cleaned(tree) -> str:
    return etree.tostring(tree, encoding="unicode")


@pytest.mark.parametrize("case", PAGES_BY_CASE)
def test_clean_gives_the_library_cleaners_tree(case):
    tree = _page_tree(PAGES_BY_CASE[case])
    assert _cleaned(clean(tree)) == _cleaned(html_cleaner.clean_html(tree))
    assert ReadableDocument(tree).summary(html_partial=True) == Document(tree).summary(html_partial=True)


def test_the_rewrite_is_skipped_only_where_it_changes_nothing():
    skipped = [case for case, page in PAGES_BY_CASE.items() if not _links_may_change(_page_tree(page))]
    assert skipped == ["plain links", "style url"]


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.html")), ids=lambda p: p.name)
def test_fixture_pages_clean_as_the_library_does(path):
    tree = _page_tree(path.read_bytes().decode("utf-8", "replace"))
    assert _cleaned(clean(tree)) == _cleaned(html_cleaner.clean_html(tree))


def test_every_letter_that_matches_a_scheme_letter_case_blind_is_looked_for():
    folding = [c for c in map(chr, range(0x80, 0x30000)) if re.fullmatch("(?i:[a-z])", c)]
    assert all(_MAY_CHANGE.search(c) for c in folding)
    assert not _MAY_CHANGE.search("http://news.example.cn/2024/a_1.html?id=3&p=2#top")


def test_the_page_parser_gives_lxml_htmls_element_classes():
    import lxml.html

    page = ('<html><head><title>题</title><!-- c --><?pi x?></head><body><form><input name="q"><select></select>'
            '<textarea></textarea><label>标</label></form>' + BODY + "</body></html>")
    stock = lxml.html.document_fromstring(page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    ours = _page_tree(page)
    assert [type(e) for e in ours.iter()] == [type(e) for e in stock.iter()]
    assert {type(e).__name__ for e in ours.iter()} >= {"FormElement", "InputElement", "SelectElement", "HtmlComment"}
