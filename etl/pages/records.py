"""Record dumps: every record is its own article, with its own title, URL and date.

- Sogou news dumps: ``<doc><url><docno><contenttitle><content></doc>`` (GBK, no
  declaration; paragraphs separated by U+E40C in the SogouCS samples).
- JSON Lines crawls: one object per line with title / content / url / date-like keys.

Fields are read from the decoded markup and found again, in order, in the normalized
document text (etl.pages.align), so provenance holds; the URL and docno lines are never
part of an article.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping

import etl.pages.meta as meta
from etl.pages.align import KeyIndex, follow_lines
from etl.pages.article import NoArticleText, PageArticle
from etl.pages.byline import author_in
from etl.pages.container import opens_json_array
from etl.pages.json_salvage import Salvaged, parse_record_line
from etl.text.normalize import normalize_text

SOGOU_PARAGRAPH = "\ue40c"
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))  # crawls' Unix time stamps, read as Beijing time
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")  # seconds or milliseconds
# A record ends at </doc>; a dump cut short (an interrupted download) ends its last record,
# and the last field of it, where the text ends. A record that lost its </doc> ends at the next <doc>.
_DOC = re.compile(r"<doc>(?P<body>.*?)(?:</doc>|(?=<doc>)|\Z)", re.DOTALL | re.IGNORECASE)
_FIELD = re.compile(r"<(?P<name>url|docno|contenttitle|content)>(?P<value>.*?)(?:</(?P=name)>|\Z)",
                    re.DOTALL | re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(f"[\n{SOGOU_PARAGRAPH}]+")
# A dateline opening a story: 新华社巴黎12月9日电, 千龙网北京7月26日讯, 南都讯.
_DATELINE = re.compile(r"""
    ^[(（【]?\s*
    (?P<agency>[\u4e00-\u9fff]{2,6}?(?:社|网|报|台)|[\u4e00-\u9fff]{2,4}(?=讯))
    (?:[\u4e00-\u9fff]{0,8}?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日)?\s*(?:电|讯)
""", re.VERBOSE)

TITLE_KEYS = ("title", "headline", "contenttitle", "标题", "题目")
CONTENT_KEYS = ("content", "text", "body", "article", "maintext", "正文", "内容")
URL_KEYS = ("url", "link", "source_url", "href", "网址", "链接")
DATE_KEYS = ("date", "pubdate", "pub_date", "publish_date", "published", "publish_time", "pub_time", "pubtime",
             "publishtime", "release_time", "published_at", "datetime", "time", "发布时间", "日期", "时间")
AUTHOR_KEYS = ("author", "authors", "byline", "作者", "记者")
SOURCE_KEYS = ("source", "media", "publisher", "sitename", "site", "来源", "媒体")


def dateline_agency(content: str) -> str | None:
    """The agency of a dateline at the start of a story.

    >>> dateline_agency("新华社巴黎12月9日电 法国"), dateline_agency("千龙网北京7月26日讯 "), dateline_agency("南都讯 记者")
    ('新华社', '千龙网', '南都')
    """
    m = _DATELINE.match(content)
    return m["agency"] if m else None


def _norm_lines(value: str) -> list[str]:
    return [line for part in _PARAGRAPH_BREAK.split(value) if part.strip()
            for line in normalize_text(part).text.split("\n")]


def _record_article(seq: int, index: KeyIndex, cursor: int, fields: Mapping[str, str | None],
                    container: str) -> tuple[PageArticle | None, int]:
    """One record's article, found from the key cursor on; None when nothing of it is found."""
    title, content, url = fields.get("title"), fields.get("content"), fields.get("url")
    if url and container == "sogou":  # <url> comes first: skip it, the title could be in it
        _, cursor = follow_lines(index, [url], cursor)
    # Each field from the record's start: JSON keys come in any order.
    title_spans, after_title = follow_lines(index, _norm_lines(title or "")[:1], cursor)
    content_spans, end = follow_lines(index, _norm_lines(content or ""), after_title if container == "sogou" else cursor)
    end = max(end, after_title)
    # A title written after the content ({"content": …, "title": …}) names the article but
    # stays out of its text, whose spans must run in document order.
    after_content = bool(title_spans and content_spans and title_spans[0][0] > content_spans[0][0])
    heading = [] if after_content else title_spans
    spans = [s for span in heading + content_spans for s in _split_at(index.text, span, SOGOU_PARAGRAPH)]
    if not spans:
        return None, cursor
    text = index.text
    body = "\n".join(text[a:b] for a, b in content_spans)
    date, clock, method = _record_date(fields.get("date"), url, body)
    return PageArticle(
        seq=seq, spans=tuple(spans),
        title=text[title_spans[0][0]:title_spans[0][1]] if title_spans else None,
        url=url or None,
        source=fields.get("source") or dateline_agency(body),
        author=fields.get("author") or author_in(body[:80]),
        published_date=date, published_time=clock, published_date_method=method, container=container,
        cut_short=bool(fields.get("cut_short")), salvaged=bool(fields.get("salvaged")),
    ), end


def _split_at(text: str, span: tuple[int, int], mark: str) -> list[tuple[int, int]]:
    """A span cut at a separator character (which belongs to no piece).

    >>> _split_at("甲\\ue40c乙", (0, 3), "\\ue40c")
    [(0, 1), (2, 3)]
    """
    a, b = span
    pieces, at = [], a
    while (cut := text.find(mark, at, b)) >= 0:
        pieces.append((at, cut))
        at = cut + 1
    pieces.append((at, b))
    return [(x, y) for x, y in pieces if text[x:y].strip()]


def _record_date(value: str | None, url: str | None, body: str) -> tuple[dt.date | None, dt.time | None, str | None]:
    """A record's date: its date field, its URL, then a full date at the story's start.

    >>> _record_date("1709605200", None, "")  # a Unix time stamp, read in China's time
    (datetime.date(2024, 3, 5), datetime.time(10, 20), 'record_field')
    """
    digits = value.strip() if value else ""
    if _EPOCH.match(digits):
        seconds = int(digits) / (1000 if len(digits) == 13 else 1)
        stamp = dt.datetime.fromtimestamp(seconds, CHINA_TIME)
        if meta.safe_date(stamp.year, stamp.month, stamp.day):
            return stamp.date(), stamp.time(), "record_field"
    if value and (found := meta.visible_date(value)):
        return found.date, found.time, "record_field"
    if (from_url := meta.url_date(url)):
        return from_url, None, "url"
    if (found := meta.visible_date(body, 0, 80)):
        return found.date, found.time, "date_line"
    return None, None, None


def sogou_records(markup: str) -> Iterator[dict[str, str]]:
    """Fields of each <doc> record, named as in JSON records (url, title, content).

    >>> list(sogou_records("<doc>\\n<url>http://a.cn/20120613/1.shtml</url>\\n<contenttitle>题</contenttitle>\\n<content>文。</content>\\n</doc>"))
    [{'url': 'http://a.cn/20120613/1.shtml', 'title': '题', 'content': '文。'}]
    """
    names = {"url": "url", "contenttitle": "title", "content": "content"}
    for doc in _DOC.finditer(markup):
        fields: dict = {names[m["name"].lower()]: m["value"].strip()
                        for m in _FIELD.finditer(doc["body"]) if m["name"].lower() in names}
        if doc.end() == len(markup) and not doc[0].lower().endswith("</doc>"):
            fields["cut_short"] = True
        yield fields


def _pick(obj: Mapping, keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, list):
            value = "、".join(str(v) for v in value if v)
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value)
    return None


def json_records(markup: str) -> Iterator[dict[str, str | None]]:
    """Fields of each JSON object line, or of each object of a JSON array. Lines that do
    not open an object are skipped; an object line that does not parse (cut short by an
    interrupted download, a quote left unescaped) gives the string fields it has, flagged
    ``salvaged``. A JSON array that does not parse raises ValueError (the file gets a
    verdict naming it).

    >>> [r["content"] for r in json_records('{"content": "一。"}\\n{"title": "题", "content": "二')]
    ['一。', '二']
    """
    if opens_json_array(markup):
        parsed = json.loads(markup, strict=False)
        objects = parsed if isinstance(parsed, list) else []
    else:
        objects = (parse_record_line(line) for line in markup.splitlines() if line.strip().startswith("{"))
    for obj in objects:
        if isinstance(obj, dict):
            yield {"title": _pick(obj, TITLE_KEYS), "content": _pick(obj, CONTENT_KEYS), "url": _pick(obj, URL_KEYS),
                   "date": _pick(obj, DATE_KEYS), "author": _pick(obj, AUTHOR_KEYS), "source": _pick(obj, SOURCE_KEYS),
                   "cut_short": isinstance(obj, Salvaged) and obj.cut_short, "salvaged": isinstance(obj, Salvaged)}


def record_articles(path: str, markup: str, text: str, container: str) -> list[PageArticle]:
    """One article per record of a Sogou dump or JSON Lines file."""
    try:
        records = list(sogou_records(markup) if container == "sogou" else json_records(markup))
    except ValueError as exc:  # a JSON array cut short or broken
        raise NoArticleText(path, container, f"the JSON array does not parse: {exc}") from exc
    index, cursor, articles = KeyIndex(text), 0, []
    for fields in records:
        article, cursor = _record_article(len(articles), index, cursor, fields, container)
        if article is not None:
            articles.append(article)
    if not articles:
        escaped = " (its strings are \\u-escaped, so their text is not in the document)" if "\\u" in markup else ""
        raise NoArticleText(path, container, f"{len(records)} record(s), none found in the document text{escaped}")
    return articles
