"""Page metadata read from text: the title without the site name, dates in URLs and
in visible date lines, and the source line near an article (the author: etl.pages.byline).

>>> clean_title("拿出10万元投资房产 小两口尝试以钱生钱(图)_新浪房产_新浪网")
'拿出10万元投资房产 小两口尝试以钱生钱(图)'
>>> url_date("http://gongyi.sohu.com/20120706/n347457739.shtml")
datetime.date(2012, 7, 6)
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator, NamedTuple

_HAN = "\u4e00-\u9fff"
# Between a headline and a site or channel name: _ | ｜ -- —— － and a dash with
# spaces or between Han characters (not the hyphen of COVID-19).
_TITLE_SEP = re.compile(rf"""
    \s*(?: _+ | \|+ | ｜ | -{{2,}} | —+ | －
         | \s-\s | (?<=[{_HAN}）)”》！？])-(?=[{_HAN}]) )\s*
""", re.VERBOSE)
_URL_DATE = re.compile(r"""
    (?<![\d])
    (?P<y>(?:19|20)\d\d) (?P<sep>[/_-]?)       # 20120613, 2012/06/13, 2012-06/13
    (?P<m>0[1-9]|1[0-2]) [/_-]?
    (?P<d>0[1-9]|[12]\d|3[01])
    (?![\d])
""", re.VERBOSE)
VISIBLE_DATE = re.compile(r"""
    (?: (?P<y>(?:19|20)\d\d) | (?:中华)?民国 \s* (?P<roc>\d{2,3}) )  # 2019, or Taiwan's 民國108
    \s* (?:[-/.]|年) \s*
    (?P<m>1[0-2]|0?[1-9]) \s* (?:[-/.]|月) \s*
    (?P<d>3[01]|[12]\d|0?[1-9]) (?!\d) \s* 日?
    (?: \s* (?P<H>[01]?\d|2[0-3]) \s* [:：] \s* (?P<M>[0-5]\d) (?: \s*[:：]\s* (?P<S>[0-5]\d) )? )?
""", re.VERBOSE)
_SOURCE = re.compile(r"来源\s*[:：]\s*[\[【(（]?\s*(?P<v>\d*[\u4e00-\u9fffA-Za-z·]{2,12})")
_SOURCE_TAIL = re.compile(r"(?:分享到|发表评论|网友评论|作者|编辑|责任编辑|第)$")


ROC_YEAR_ZERO = 1911  # 民國 1 is 1912
_NOT_PUBLICATION = re.compile(r"更新|修改|修订|今天是|今天|今日[:：]")
_UPDATE = re.compile(r"更新|修改|修订")
_LABEL = re.compile(r"(?:发布|发表|出版|刊发|更新)?(?:时间|日期)\s*[:：]\s*")


class FoundDate(NamedTuple):
    date: dt.date
    time: dt.time | None
    start: int  # where in the text it was found
    end: int


def clean_title(title: str | None) -> str | None:
    """A page title without the site and channel names around it (the longest part).

    >>> clean_title("宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网")
    '宇航员在太空中喝酒会怎么样？后果很严重'
    >>> clean_title("港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地"), clean_title(" ")
    ('港特首梁振英就住宅违建事件道歉', None)
    """
    if not title or not title.strip():
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(title.strip()) if p and p.strip()]
    return max(parts, key=len) if parts else None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date between 1990 and 2100, else None.

    >>> safe_date(2025, 2, 30), safe_date(2025, 2, 28)
    (None, datetime.date(2025, 2, 28))
    """
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def url_date(url: str | None) -> dt.date | None:
    """A date written in a URL path: /2012/06/13/, /20120613/, /2012-06/13/.

    >>> url_date("https://www.ettoday.net/news/20171209/1069025.htm"), url_date("http://a.cn/n347457739.shtml")
    (datetime.date(2017, 12, 9), None)
    """
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2]
    for m in _URL_DATE.finditer(path):
        found = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if found:
            return found
    return None


def visible_date(text: str, start: int = 0, end: int | None = None) -> FoundDate | None:
    """The first full date (and time, when given) written in text[start:end].

    >>> visible_date("BUSINESS.SOHU.COM 2004年7月16日08：19[ 黄宇 ]")
    FoundDate(date=datetime.date(2004, 7, 16), time=datetime.time(8, 19), start=18, end=33)
    >>> visible_date("中华民国108年9月7日").date
    datetime.date(2019, 9, 7)
    """
    for m in VISIBLE_DATE.finditer(text, start, len(text) if end is None else end):
        year = int(m["y"]) if m["y"] else int(m["roc"]) + ROC_YEAR_ZERO
        found = safe_date(year, int(m["m"]), int(m["d"]))
        if found:
            clock = dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0)) if m["H"] else None
            return FoundDate(found, clock, m.start(), m.end())
    return None


def publication_dates(text: str, start: int, end: int) -> Iterator[FoundDate]:
    """Full dates in text[start:end], without those labelled as an update (最后更新：)
    or as today's date in the page header (今天是).

    >>> [f.date.day for f in publication_dates("今天是2019年9月10日 2019-09-07 更新：2019-09-08", 0, 40)]
    [7]
    """
    return (found for found in _full_dates(text, start, end)
            if not _NOT_PUBLICATION.search(text, max(start, found.start - 8), found.start))


def _full_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[FoundDate]:
    """Every full date written in text[start:end], in order."""
    at = start
    while (found := visible_date(text, at, end)) is not None:
        yield found
        at = found.end


def date_line(text: str, start: int, content_start: int) -> FoundDate | None:
    """The nearest publication date above an article's content (in text[start:content_start]).

    >>> t = '{"datePublished": "2023-07-14"}\\n2023-07-14 09:30 来源：日报\\n最后更新：2023-07-15 10:00\\n正文'
    >>> date_line(t, 0, t.index("正文")).time
    datetime.time(9, 30)
    """
    above = None
    for above in publication_dates(text, start, content_start):
        pass
    return above


def shown_in(text: str, date: dt.date) -> bool:
    """Whether ``date`` is written out in full somewhere in ``text`` (a date guessed
    from a bare year, such as a copyright line's, is not).

    >>> shown_in("版权所有 2005-2019", dt.date(2005, 1, 1)), shown_in("2019年9月7日 电", dt.date(2019, 9, 7))
    (False, True)
    """
    return any(found.date == date for found in _full_dates(text))


def update_line(text: str, start: int, end: int) -> FoundDate | None:
    """The first date labelled as the article's last update (更新时间 2012年12月10日):
    the best a page gives when it states nothing else (BBC's pages show only this).

    >>> update_line("今天是2019年9月10日 更新时间 2012年12月10日, 10:41", 0, 50).date
    datetime.date(2012, 12, 10)
    """
    return next((found for found in _full_dates(text, start, end)
                 if _UPDATE.search(text, max(start, found.start - 8), found.start)), None)


def labelled_date(text: str, start: int = 0, end: int | None = None) -> FoundDate | None:
    """The first date labelled as the publication date (发布时间：, 发布日期：, 时间：).

    >>> labelled_date("金融街。\\n发布日期：2019-03-06\\n责任编辑：龙慧").date
    datetime.date(2019, 3, 6)
    """
    for m in _LABEL.finditer(text, start, len(text) if end is None else end):
        found = visible_date(text, m.end(), m.end() + 24)
        if found and found.start - m.end() <= 2:
            return found
    return None


def source_in(text: str) -> str | None:
    """The source named by a 来源： line.

    >>> source_in("2005-04-25 08:24:06 来源： 第一财经日报 网友评论"), source_in("来源：[ 国际金融报 ]")
    ('第一财经日报', '国际金融报')
    """
    m = _SOURCE.search(text)
    return _SOURCE_TAIL.sub("", m["v"]) or None if m else None
