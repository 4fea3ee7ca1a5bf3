"""Numbers that are not quantities: the identifier step of the scan.

Two kinds of check. ``identifier_spans`` finds, once per sentence, whole spans no number
inside of which is a fact: URLs, e-mail addresses, stock quote triples, licence plates,
code strings such as ``688030--09-18``. ``identifier_end`` looks at one numeral run: phone
numbers, versions, models (5G, GPT-4), stock and post codes, street numbers (216巷),
list markers (2、), event names (“7－21”暴雨, 315晚会) and the digits of damaged GBK text
(？9？安部). Each returns where the non-quantity ends, so the scan can skip it.
"""
from __future__ import annotations

import re

from etl.facts.units import unit_at, words

# Numbers that are parts of identifiers: phone numbers, versions.
_IDENTIFIER_RE = re.compile(r"""
      (?:400|800)-?\d{3}-?\d{4}  # 400-810-8888 service lines
    | \d{3,4}-\d{7,8}           # 010-12345678
    | 1[3-9]\d{9}(?!\d)         # mobile numbers
    | \d+(?:\.\d+){2,}          # versions, addresses: 1.2.3
    | \d{4,}-{1,2}\d+(?:-\d+)*  # codes and navigation stamps: 688030--09-18
""", re.VERBOSE)
# Each kind of span with the cheap probe that must hold before its search is worth running.
_SPAN_KINDS = (
    (lambda t: "http" in t or "www" in t,
     re.compile(r"(?:https?://|www[.．])[\w./?=&%#:~+\-．]+")),                      # URLs
    (lambda t: "@" in t, re.compile(r"[A-Za-z0-9._\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")),  # e-mail
    (lambda t: "%" in t, re.compile(r"""                                            # quote triples
        [（(]\s*[-+]?\d+(?:\.\d+)?\s*[,，]\s*[-+]?\d+(?:\.\d+)?\s*[,，]\s*[-+]?\d+(?:\.\d+)?%\s*[）)]
    """, re.VERBOSE)),                                                                # （9.18，-0.01，-0.11%）
    (lambda t: True, re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\s]?"
                                r"[A-Z0-9]{5,6}(?![A-Za-z0-9])")),                     # licence plates: 京A12345
)
_PLATE_START_RE = re.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]")
_LETTERS_AFTER_RE = re.compile(r"[\d.,]+(?=[A-Za-z])")  # 5G, 4K (but 5TB is a unit)
_IDENT_BEFORE = frozenset(words()["ident_before"])
_IDENT_AFTER = frozenset(words()["ident_after"])
_IDENT_LABELS = _IDENT_BEFORE | _IDENT_AFTER  # 专线：1980, 电话:110: the label of a number
IDENT_AFTER_CHAR = _IDENT_AFTER_CHAR = frozenset("".join(words()["ident_after_char"]))
_CLOCK_WORDS = tuple(words()["clock"])
_CLOCK_TAIL_RE = re.compile(r"(?:时|点钟?)(?:\d{1,2}分|半)?")
MARKER_AFTER = frozenset("、.．)） ")
_MARKER_AFTER = frozenset("、.．)）")  # 2、 4． 3) after a number that opens a clause
_PLUS_RE = re.compile(r"\d+(?:\+[\dA-Za-z]+)+")
_PLUS = frozenset("+＋")
# 15、1、是否: markers of two levels; 3、12月3－5日: a marker before a date
_MARKER_CHAIN_RE = re.compile(r"(?:\d{1,2}、)+(?=[\u4e00-\u9fff])|(?=\d{1,2}月\d)")
_CLAUSE_OPEN = frozenset("（(：:；;。！？ \u3000\n“")
_DAMAGED = frozenset("？?\ufffd")  # what a lost GBK character became
_DIGIT_GROUPS_RE = re.compile(r"\d+(?: \d+)+")
_NET_WORDS = frozenset("友民点店络购吧站页速")  # 网友, 网点, 网络 ...: 网 starts a word
_CODE_RE = re.compile(r"(?:[-.－．]?\d+)+")
_EVENT_DIGITS_RE = re.compile(r"(1[0-2]|[1-9])(3[01]|[12]\d|0?[1-9])")


def ascii_alnum(ch: str) -> bool:
    """An ASCII letter or digit (Han characters are alphanumeric to ``str.isalnum``)."""
    return ch.isascii() and ch.isalnum()


def identifier_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` no fact may start in, in order.

    >>> identifier_spans("摩根大通（115.395, 2.79, 2.47%）等，见www.greenchina312.org。")
    [(4, 26), (29, 50)]
    >>> identifier_spans("车牌为京A12345的车辆"), identifier_spans("增长5.3%。")
    ([(3, 10)], [])
    """
    if not ("http" in text or "www" in text or "@" in text or "%" in text or _PLATE_START_RE.search(text)):
        return []  # the common case, in a few C-speed probes
    spans = [m.span() for probe, pattern in _SPAN_KINDS if probe(text) for m in pattern.finditer(text)]
    return sorted(spans)


def opens_clause(text: str, start: int) -> bool:
    """At a clause start: after an opening mark, or a private-use paragraph mark (Sogou's U+E40C)."""
    return start == 0 or text[start - 1] in _CLAUSE_OPEN or "\ue000" <= text[start - 1] <= "\uf8ff"


def marker_end(text: str, start: int, run_end: int) -> int | None:
    """End of a list marker (2、 4． 二、 （3）) that opens a clause: no number.

    >>> marker_end("2．已满14周岁", 0, 1), marker_end("二、捐赠标准", 0, 1), marker_end("5、6棵树", 0, 1)
    (2, 2, None)
    >>> marker_end("3 按照规定", 0, 1), marker_end("其中（2）项", 3, 4), marker_end("（600048）", 1, 7)
    (2, 5, None)
    >>> marker_end("15、1、是否参加过", 0, 2), marker_end("5、6、7棵", 0, 1)
    (5, None)
    """
    after = text[run_end:run_end + 1]
    if after == " " and opens_clause(text, start) and "\u4e00" <= text[run_end + 1:run_end + 2] <= "\u9fff" \
            and not unit_at(text, run_end + 1):
        return run_end + 1
    if after not in _MARKER_AFTER or run_end - start > 2:
        return None
    if after in ")）":
        return run_end + 1 if start and text[start - 1] in "（(" else None
    if not opens_clause(text, start):
        return None
    nxt = text[run_end + 1:run_end + 2]
    if nxt.isdigit():  # 5、6棵 is a range; 15、1、是否 two markers
        return chain.end() if after == "、" and (chain := _MARKER_CHAIN_RE.match(text, run_end + 1)) else None
    return None if nxt in "一二三四五六七八九十两" else run_end + 1


def identifier_end(text: str, start: int, run_end: int) -> int | None:
    """End of an identifier around the number at ``start``.

    >>> identifier_end("建成5G网络", 2, 3), identifier_end("GPT-4模型", 4, 5), identifier_end("近5TB", 1, 2)
    (3, 5, None)
    >>> identifier_end("拨打12345热线", 2, 7), identifier_end("电话：010-65123456。", 3, 6)
    (7, 15)
    >>> identifier_end("在216巷内", 1, 4), identifier_end("“7-21”暴雨", 1, 2), identifier_end("53号大街", 0, 2)
    (5, 5, 3)
    >>> identifier_end("？9？安部", 1, 2), identifier_end("增长20次", 2, 4), identifier_end("专线：1980", 3, 7)
    (2, None, 7)
    >>> identifier_end("里约20＋峰会", 2, 4), identifier_end("里约＋20峰会", 3, 5)
    (5, 5)
    """
    before = text[max(0, start - 2):start]
    previous = before[-1:]
    after = text[run_end:run_end + 1]
    if ("\u4e00" <= after <= "\u9fff" and "\u4e00" <= previous <= "\u9fff" and after not in _IDENT_AFTER_CHAR
            and (text[start] != "0" or run_end - start == 1) and before not in _IDENT_BEFORE
            and text[run_end:run_end + 2] not in _IDENT_AFTER):
        return None  # the common case, a number between Han text: none of the checks below can hold
    if previous in _DAMAGED and after in _DAMAGED:
        return run_end  # ？9？安部: a digit left between the marks of lost characters
    if after in _IDENT_AFTER_CHAR and not unit_at(text, run_end) and (after != "网" or _site_name(text, run_end)):
        return run_end + 1  # 216巷, 53号大街, 93号汽油, 56网
    if after == "+" and (formula := _PLUS_RE.match(text, start)):
        return formula.end()  # 高乐美1+1, 3+X: a name or a formula, no count
    if after in _PLUS and _han(previous) or previous in _PLUS and _han(text[start - 2:start - 1]):
        return run_end + (after in _PLUS)  # 里约20＋峰会, 里约＋20峰会, 北京+20: a conference's name
    if previous == "“" and (quoted := _quoted_code_end(text, run_end)):
        return quoted
    if not text[start].isdigit():
        return None
    ident = _IDENTIFIER_RE.match(text, start) if after in ("-", ".") or run_end - start >= 7 else None
    if ident:
        return ident.end()
    # Letters can only follow the digits when the run is not followed by Han text.
    if after and (after in ".," or after.isdigit() or (after.isascii() and after.isalpha())):
        letters = _LETTERS_AFTER_RE.match(text, start)
        if letters and not unit_at(text, letters.end()):
            return letters.end()
    if previous.isascii() and (previous.isalpha() or (previous in ("-", ".", " ") and ascii_alnum(before[:1]))):
        return run_end  # GPT-4, iPhone 15
    if (before in _IDENT_BEFORE and not (previous in "：:" and unit_at(text, run_end))) or (
            text[run_end:run_end + 2] in _IDENT_AFTER):
        return run_end  # 拨打12345, 专线：1980 (but 路线：3条 counts)
    if previous in "：:" and text[max(0, start - 3):start - 1] in _IDENT_LABELS and not unit_at(text, run_end):
        return _CODE_RE.match(text, start).end()  # 张老师专线：1980, 安心专线：0800-788995
    if text[start] == "0" and run_end - start > 1 and after != ".":
        return run_end  # 05 12 23: lottery and code numbers keep their leading zero
    if after == " " and text[run_end + 1:run_end + 2].isdigit() and (
            groups := _DIGIT_GROUPS_RE.match(text, start)) and groups.end() > run_end:
        return groups.end()  # 106 99999, 05 12 23: groups of a code (not a run like 1一, digits then Han)
    return None


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _site_name(text: str, run_end: int) -> bool:
    """Digits then 网 name a website (56网, 163网), not 3万网友 or 10网点.

    >>> _site_name("由56网和人人网", 3), _site_name("3万网友", 2), _site_name("5网点", 1)
    (True, False, False)
    """
    return text[run_end - 1].isascii() and text[run_end - 1].isdigit() and text[run_end + 1:run_end + 2] not in _NET_WORDS


def _quoted_code_end(text: str, run_end: int) -> int | None:
    """End of a quoted name made of digits: “7-21”, “714”, “5.12” (no unit inside)."""
    code = _CODE_RE.match(text, run_end)
    end = code.end() if code else run_end
    if text[end:end + 1] == "”" or (end > run_end and not unit_at(text, end)):
        return end  # “714”高炮, “7-21”暴雨, “5.12灾后重建”: a code that names something
    return None


def event_code(numeral: str) -> bool:
    """A bare 3-4 digit number that reads as month and day names an event (315晚会,
    1031房屋交换, 911事件).

    >>> event_code("315"), event_code("1031"), event_code("5500"), event_code("2024")
    (True, True, False, False)
    """
    return 3 <= len(numeral) <= 4 and numeral.isdigit() and bool(_EVENT_DIGITS_RE.fullmatch(numeral))


def clock_end(text: str, start: int, run_end: int) -> int | None:
    """End of a clock time (10时, 晚上8点, 8点30分), which is no fact.

    >>> clock_end("上午10时30分在北京", 2, 4), clock_end("收报3052点", 2, 6)
    (8, None)
    """
    after = text[run_end:run_end + 2]
    if not (after[:1] == "时" or after == "点钟" or (
            after[:1] == "点" and text[max(0, start - 2):start].endswith(_CLOCK_WORDS))):
        return None
    m = _CLOCK_TAIL_RE.match(text, run_end)
    return m.end() if m else run_end + 1
