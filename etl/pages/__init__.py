"""Documents to articles, by container: plain text, HTML pages, record dumps.

Above ``text`` and ``facts`` (it uses etl.positions, etl.text, etl.facts.dates and
etl.data); only etl.flow imports it. One entry point::

    articles_from_document(path, markup, text) -> list[PageArticle]   # or raises NoArticleText

``markup`` is the decoded document before normalization (so the libraries see the
HTML), ``text`` its normalized text (what document_text stores). Each article's content
is a tuple of spans of ``text``; for plain text it is split_articles' one span, so text
files come out exactly as before.
"""
from __future__ import annotations

from etl.pages.article import NoArticleText, PageArticle
from etl.pages.container import HTML, JSONL, SOGOU, TEXT, container_of
from etl.text.articles import split_articles

__all__ = ["NoArticleText", "PageArticle", "articles_from_document", "container_of", "text_articles"]


def text_articles(path: str, text: str) -> list[PageArticle]:
    """Plain text: split_articles' articles, each one span (raises NoArticleText when empty)."""
    articles = [
        PageArticle(seq=a.seq, spans=((a.char_start, a.char_end),), title=a.title, source=a.source,
                    editor=a.editor, photographer=a.photographer, published_date=a.published_date,
                    published_date_method=a.published_date_method, container=TEXT)
        for a in split_articles(text)
    ]
    if not articles:
        raise NoArticleText(path, TEXT, "no text after normalization")
    return articles


def articles_from_document(path: str, markup: str, text: str) -> list[PageArticle]:
    """The articles of one decoded document, by its container."""
    kind = container_of(markup)
    if kind == HTML:
        from etl.pages.html import html_articles  # lxml and readability load only for pages
        return html_articles(path, markup, text)
    if kind in (SOGOU, JSONL):
        from etl.pages.records import record_articles
        return record_articles(path, markup, text, kind)
    return text_articles(path, text)
