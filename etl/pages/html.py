"""HTML pages: readability-lxml picks the main content, htmldate the publication date.

readability-lxml was chosen by measurement on the 15 hand-cut pages of the
development set (`bench/bench_pages.py --libraries`): it kept 98% of the article text
with 6% other text; trafilatura kept 97% with 17% (it keeps whole layout tables), and
jusText, which has no Chinese stoplist, 34% with 55%.
The library's paragraphs are aligned back onto the normalized document text
(etl.pages.align), so what it drops (scripts, styles, navigation, comments) stays in
document_text but never reaches articles or sentences.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache
from typing import NamedTuple

import lxml.html
import numpy as np
from lxml import etree

import etl.pages.meta as meta
from etl.pages.byline import author_in, editor_in
from etl.pages.align import KeyIndex, align_lines, line_key
from etl.pages.article import NoArticleText, PageArticle
from etl.pages.furniture import drop_furniture
from etl.text.normalize import normalize_text

MIN_PARAGRAPH_HAN = 10  # an article has a paragraph this long; menus and link lists do not
HEADER_BEFORE = 600  # characters before the content where a date line may stand
HEADER_AFTER = 200  # ... and into the content
TITLE_REACH = 4000  # key characters before the content where the headline may stand
DATE_LINE_CHARS = 60  # a paragraph this short holding the date line is the date line
# A saved page's wrapper: <text id="URL" title="TITLE" encoding="...">
_WRAPPER = re.compile(r"""\A\s*<text\s+id=["'](?P<url>https?://[^"']+)["']\s+title=["'](?P<title>[^"']*)""", re.IGNORECASE)

# Elements that start a paragraph of the library's output.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|tr|td|th|h[1-6]|section|article|table|ul|ol|blockquote|dd|dt|figcaption)\b",
                        re.IGNORECASE)
_HAN = re.compile("[\u4e00-\u9fff]")

logging.getLogger("readability.readability").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _tree(markup: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(markup)
    except ValueError:  # a str with an XML encoding declaration
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:
        return None


def _utf8_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser, its element classes looked up in C: lxml.html's own lookup is
    a Python method, called for every element object readability's loops create."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    # A private table of lxml.html: without it, lxml.html's own (slower) lookup stays.
    classes = getattr(lxml.html.HtmlElementClassLookup(), "_element_classes", None)
    if classes is None:
        return parser
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    by_tag = lookup.get_namespace(None)  # the parser lowercases tags, so lookup's name.lower() is the tag
    for tag, cls in classes.items():
        by_tag[tag] = cls
    parser.set_element_class_lookup(lookup)
    return parser


_UTF8_PARSER = _utf8_parser()


def _page_tree(markup: str) -> lxml.html.HtmlElement | None:
    """The page parsed once, as readability-lxml parses a str (its build_doc): the library
    gets this tree (it cleans a copy) and the page's own xpaths read it."""
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=_UTF8_PARSER)
    except etree.ParserError:
        return None


@lru_cache(maxsize=None)
def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression)  # tree.xpath(expression) would compile it on every page


def _first(tree: lxml.html.HtmlElement | None, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in _xpath(xpath)(tree) if tree is not None else ():
            value = (value if isinstance(value, str) else value.text_content()).strip()
            if value:
                return value
    return None


def page_url(markup: str, tree: lxml.html.HtmlElement | None) -> str | None:
    """The page's own URL: canonical link, og:url, or a saved page's wrapper id."""
    found = _first(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    if found and found.startswith("http"):
        return found
    m = _WRAPPER.match(markup[:4096])
    return m["url"] if m else None


def block_lines(fragment: str) -> list[str]:
    """Normalized lines of an HTML fragment, cut wherever a block element starts or ends.

    normalize_text rejoins lines that do not end a sentence (right for broken text
    files); the library's paragraphs are known, so a caption, a byline or a pager
    stays its own line here, and so its own sentence.

    >>> block_lines("<div>来源：新华网</div><p>正文第一句</p><p>第二段。</p>")
    ['来源：新华网', '正文第一句', '第二段。']
    """
    norm = normalize_text(fragment)
    starts = np.zeros(len(fragment) + 2, dtype=np.int64)
    for m in _BLOCK_TAG.finditer(fragment):
        starts[m.start() + 1] += 1
    before = np.cumsum(starts)  # before[p]: block tags starting before position p
    src = norm.source_offsets
    # a block tag starts between normalized characters i-1 and i
    cut = np.flatnonzero(before[src[1:-1]] - before[src[:-2] + 1] > 0) + 1 if len(norm.text) > 1 else []
    text, lines, last = norm.text, [], 0
    for at in [*cut.tolist(), len(text)] if len(cut) else [len(text)]:
        lines.extend(line for line in text[last:at].split("\n") if line.strip())
        last = at
    return lines


def _link_texts(fragment: str) -> frozenset[str]:
    """The normalized texts of the fragment's links.

    >>> sorted(_link_texts('<p>正文<a href="/x">相關報道 </a></p>'))
    ['相关报道']
    """
    tree = _tree(f"<div>{fragment}</div>")
    if tree is None:
        return frozenset()
    texts = (link.text_content() for link in tree.iter("a"))
    return frozenset(normalize_text(t).text.strip() for t in texts if t.strip())


def main_lines(markup: str, tree: lxml.html.HtmlElement | None = None) -> tuple[list[str], str]:
    """Normalized lines of the main content, and the library's verdict (``tree``: ``_page_tree(markup)``)."""
    from etl.pages.readable import ReadableDocument  # imported here: only HTML pages pay for readability

    try:
        summary = ReadableDocument(markup if tree is None else tree).summary(html_partial=True)
    except Exception as exc:  # readability raises on pages it cannot parse
        return [], f"readability failed: {type(exc).__name__}: {exc}"
    kept = block_lines(summary)
    lines = drop_furniture(kept, _link_texts(summary))
    verdict = f"readability kept {sum(len(line) for line in kept)} characters"
    if len(lines) < len(kept):
        verdict += f", {sum(len(line) for line in lines)} once page furniture (link lines, counters, credits) is dropped"
    return lines, verdict


def _htmldate(markup: str, url: str | None, extensive: bool) -> tuple[dt.date, dt.time | None] | None:
    from htmldate import find_date

    try:
        found = find_date(markup, extensive_search=extensive, original_date=True, url=url,
                          outputformat="%Y-%m-%d %H:%M:%S")
    except Exception:  # htmldate gives up on odd pages; a date is optional
        return None
    if not found:
        return None
    stamp = dt.datetime.strptime(found, "%Y-%m-%d %H:%M:%S")
    return stamp.date(), (stamp.time() if stamp.time() != dt.time(0) else None)


class Published(NamedTuple):
    date: dt.date | None
    time: dt.time | None
    method: str | None
    at: int | None = None  # where in the text a date line gave it


def published(markup: str, text: str, url: str | None, spans: list[tuple[int, int]], content_start: int) -> Published:
    """Date, time and method. In order: a date line above the content or a short date
    paragraph opening it (date_line), a date labelled 发布时间： near the article
    (date_label), the page's metadata (meta tags, JSON-LD, time elements: htmldate),
    the URL, a date labelled as the last update near the headline (update_line), then
    htmldate's search of the whole page (htmldate_text), which may pick a teaser's date."""
    # A date paragraph opening the content (kept by the library) is the article's own;
    # one above the content may be a page header's.
    head = [(a, b) for a, b in spans if content_start <= a < content_start + HEADER_AFTER and b - a <= DATE_LINE_CHARS]
    above = next((found for a, b in head for found in meta.publication_dates(text, a, b)), None)
    above = above or meta.date_line(text, max(0, content_start - HEADER_BEFORE), content_start)
    if above:
        return Published(above.date, above.time, "date_line", above.start)
    labelled = meta.labelled_date(text, max(0, content_start - HEADER_BEFORE), min(len(text), spans[-1][1] + HEADER_BEFORE))
    if labelled:
        return Published(labelled.date, labelled.time, "date_label", labelled.start)
    found = _htmldate(markup, url, extensive=False)
    if found:
        return Published(found[0], found[1], "page_metadata")
    if (from_url := meta.url_date(url)):
        return Published(from_url, None, "url")
    near = (max(0, content_start - HEADER_BEFORE), min(len(text), content_start + HEADER_AFTER))
    if (updated := meta.update_line(text, *near)):
        return Published(updated.date, updated.time, "update_line", updated.start)
    found = _htmldate(markup, url, extensive=True)
    if found and meta.shown_in(text, found[0]):  # its guesses from bare years are wrong
        return Published(found[0], found[1], "htmldate_text")
    return Published(None, None, None)


def _title_span(index: KeyIndex, title: str | None, content_start: int) -> tuple[int, int] | None:
    """Where the headline stands in the text: nearest before the content."""
    if not title:
        return None
    key, lead, trail = line_key(normalize_text(title).text)
    if not key:
        return None
    at_content = int(index.pos.searchsorted(content_start))
    at = index.key.rfind(key, max(0, at_content - TITLE_REACH), at_content + len(key))
    return index.span(at, len(key), lead, trail) if at >= 0 else None


def html_articles(path: str, markup: str, text: str) -> list[PageArticle]:
    """The one article of an HTML page (raises NoArticleText when there is none)."""
    tree = _page_tree(markup)
    lines, verdict = main_lines(markup, tree)
    index = KeyIndex(text)
    # a paragraph without one Han character is a pager, a bare time stamp or a URL
    spans = [(a, b) for a, b in align_lines(index, lines) if _HAN.search(text, a, b)]
    if not any(len(_HAN.findall(text, a, b)) >= MIN_PARAGRAPH_HAN for a, b in spans):
        kept = sum(b - a for a, b in spans)
        raise NoArticleText(path, "html", f"{verdict}; {kept} of them lie in the page text, "
                                          f"in no paragraph of {MIN_PARAGRAPH_HAN} Han characters or more")
    url = page_url(markup, tree)
    wrapper = _WRAPPER.match(markup[:4096])
    raw_title = meta.clean_title(_first(tree, '//meta[@property="og:title"]/@content', "//title")
                                 or (wrapper and wrapper["title"]) or _first(tree, "//h1"))
    start = spans[0][0]
    title_span = _title_span(index, raw_title, start)
    if title_span and title_span[1] <= start:
        spans.insert(0, title_span)
    title = text[title_span[0]:title_span[1]] if title_span else raw_title and normalize_text(raw_title).text
    header = (max(0, start - HEADER_BEFORE), min(len(text), start + HEADER_AFTER))
    date, clock, method, at = published(markup, text, url, spans, start)
    if at is not None:  # the date line is metadata, now in fields: drop it when it stands alone
        spans = [(a, b) for a, b in spans if not (a <= at < b and b - a <= DATE_LINE_CHARS)] or spans
    around = text[header[0]:header[1]]
    tail = text[max(start, spans[-1][1] - HEADER_AFTER):spans[-1][1]]
    return [PageArticle(
        seq=0, spans=tuple(spans), title=title, url=url,
        source=meta.source_in(around) or meta.source_in(tail),
        author=author_in(around) or author_in(tail) or editor_in(tail) or editor_in(around),
        published_date=date, published_time=clock, published_date_method=method, container="html",
    )]
