"""Who wrote an article, read from its byline: 记者 / 作者： / 文/ lines above or
below the content, a ``[ 黄宇 ]`` after a portal's time stamp, a closing ``（姚峰 上海报道）``;
the editor stands in when nothing else credits a person (``编辑：山石``).
"""
from __future__ import annotations

import re

_HAN = "\u4e00-\u9fff"
_NAMES = rf"[{_HAN}·]{{2,10}}(?:[ 、，,]+[{_HAN}·]{{2,10}}){{0,4}}"
_BYLINE = re.compile(rf"""
    (?: (?:作者|撰文) (?:\s*[:：/／|｜︱丨│]|\s) | 记者 \s* [:：]? | 实习生 | (?<![{_HAN}])文 \s* [/／:：|｜︱丨│] ) \s* (?P<v>{_NAMES})
""", re.VERBOSE)
# 2004年7月16日08:19[ 黄宇 ]: a portal's byline in brackets after the time stamp
_BRACKETED = re.compile(rf"\d{{1,2}}:\d{{2}}\s*[\[【]\s*(?P<v>[{_HAN}·]{{2,4}}(?:\s+[{_HAN}·]{{2,4}}){{0,3}})\s*[\]】]")
# （姚峰 上海报道）: a closing byline with the place reported from
_CLOSING = re.compile(rf"[（(]\s*(?:记者\s*)?(?P<v>[{_HAN}·]{{2,4}}(?:\s+[{_HAN}·]{{2,4}}){{0,3}})\s+[{_HAN}]{{2,6}}报道\s*[)）]")
_EDITOR = re.compile(rf"(?<!责任)编辑\s*[:：]\s*(?P<v>[{_HAN}·]{{2,4}})(?![{_HAN}])")
_NOT_NAME = re.compile(r"(?:发自|报道|报导|翻摄|摄影?|电|讯|责任|编辑|来源|通讯员|本报|本刊|本台|个人简介).*$")
_NAVIGATION = re.compile(r"首页|当前位置|[｜|>]\s*$")  # a breadcrumb: 首页｜新华社记者看东北｜人物专访
_DATE_AFTER = re.compile(r"\d{2,4}[-年/.]\d")
_DATELINE_AFTER = re.compile(r"\d{1,2}日电")  # 中央社记者张三台北7日电: the place runs on
# 记者了解到 / 记者从…获悉: the reporter as a subject, not a byline
_NOT_NAME_START = re.compile(r"了解|获悉|注意|发现|看到|采访|调查|走访|来到|跟随|随机|近日|日前|昨天|今天|一行|第一时间|[从在对到]")  # not 于 or 向: surnames
_NEXT_BYLINE = 12  # characters between two byline lines of one article (本报实习生 … 本报记者 …)


def author_in(text: str) -> str | None:
    """The authors a byline names, space-separated; ``None`` when there is none.

    >>> author_in("新京报记者 彭冲 山东冠县报道"), author_in("本报记者罗科苏盈发自北京")
    ('彭冲', '罗科苏盈')
    >>> author_in("记者王芳 地铁3号线将于年底通车"), author_in("作者：李明本报讯")
    ('王芳', '李明')
    >>> author_in("本报实习生 刘国栋 周炜\\n本报记者 王燕平 柏建斌2003-7-24 钱江晚报")
    '刘国栋 周炜 王燕平 柏建斌'
    >>> author_in("首页｜新华社记者看东北｜人物专访\\n来源：新华网 记者 伊琳 李清芬个人简介：")
    '伊琳 李清芬'
    >>> author_in("2004年7月16日08:19[ 黄宇 ] 来源：[ 国际金融报 ]"), author_in("吗？”（姚峰 上海报道）最新评论")
    ('黄宇', '姚峰')
    >>> author_in("（图／记者林悦翻摄）\\n记者林悦／南市报导"), author_in("作者：责任编辑：肖春芳")
    ('林悦', None)
    >>> author_in("中央社记者张三台北7日电"), author_in("记者了解到，全市共有3000家企业。"), author_in("作者 | 李明")
    ('张三', None, '李明')
    >>> author_in("作者︱春春"), author_in("文丨李明"), author_in("作者丨王芳 编辑丨张三")
    ('春春', '李明', '王芳')
    """
    found: list[str] = []
    last_end = 0
    for m in _BYLINE.finditer(text):
        if _NAVIGATION.search(text[max(0, m.start() - 20):m.start()]) or text[m.end():m.end() + 1] in ("｜", "|", ">"):
            continue
        if found and m.start() - last_end > _NEXT_BYLINE:
            break
        names = _names(text, m)
        if names:
            found.extend(n for n in names if n not in found)
            last_end = m.end()
    if found:
        return " ".join(found)
    for pattern in (_BRACKETED, _CLOSING):
        if m := pattern.search(text):
            return " ".join(m["v"].split())
    return None


def editor_in(text: str) -> str | None:
    """The editor an ``编辑：`` line names (not a 责任编辑, who edits the site).

    >>> editor_in("来源：新闻晨报\\n编辑：山石\\n相关报道"), editor_in("责任编辑：龙慧")
    ('山石', None)
    """
    m = _EDITOR.search(text)
    return m["v"] if m else None


def _names(text: str, m: re.Match[str]) -> list[str]:
    """The names of one byline match, cut where the byline runs on into other text."""
    names = [n for n in re.split(r"[ 、，,]+", m["v"]) if n]
    if _NOT_NAME_START.match(names[0]):
        return []
    if len(names) == 1 and len(names[0]) >= 4 and _DATELINE_AFTER.match(text, m.end()):
        names = [names[0][:-2]]
    after = text[m.end():m.end() + 1]
    if len(names) > 1 and after.isalnum() and not _DATE_AFTER.match(text, m.end()):
        names.pop()  # 记者王芳 地铁3号线: the last word runs on into the sentence
    kept = []
    for name in names:
        if "报道" in name or "报导" in name:  # 山东冠县报道: a place
            break
        cut = _NOT_NAME.sub("", name)
        if 2 <= len(cut) <= 4:
            kept.append(cut)
        if cut != name or len(cut) > 4:
            break
    return kept
