"""What a number is about (its subject) and which way it moves (its direction).

The subject names the metric a number measures: the head noun phrase of its clause
before the number (国内生产总值（GDP）同比增长5.3%: 国内生产总值（GDP）), with verbs of
change, comparison phrases (同比, 比上年同期), time phrases and function words taken
off; a count's subject is the noun right after it (出示45位男子的照片: 男子). Both are
read with the word lists in ``etl/data/extract_words.tsv``; when unsure the answer is None.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl import data
from etl.facts.cache_size import PHRASE_CACHE_ENTRIES
from etl.facts.items import after_predicate, item_end, lead_end, word_starts
from etl.facts.units import words

_BOUNDARY = "，。；：、！？（）“”‘’《》〈〉「」,;:!?()\"…—\n △＂［］【】"
_MAX_SUBJECT = 12
_PRIVATE_USE = "\ue000-\uf8ff"  # paragraph marks of some dumps (Sogou's U+E40C) end a clause too
_NOT_IN_SUBJECT_RE = re.compile(f"[{re.escape(_BOUNDARY)}{_PRIVATE_USE}]")
_LOOKBACK = 30  # a subject and the words around it fit in this many characters
_RIGHT_RE = re.compile(f"[^\\d{re.escape(_BOUNDARY)}／/＋+{_PRIVATE_USE}]*")  # 2元／运次: a rate, no item
_ORDINAL_RE = re.compile("第[一二三四五六七八九十两]")
# An abbreviation in brackets stays with its noun: 国内生产总值（GDP）.
_ABBREVIATION_RE = re.compile(r"[（(][A-Za-z][A-Za-z0-9.\-]{0,9}[）)]")
# A bracketed aside in words right after a word (每台设备（包括感应器和采集器）); not an abbreviation.
_ASIDE_RE = re.compile(r"(?<=[\u4e00-\u9fff])（(?=[^（）()]*[\u4e00-\u9fff])[^（）()]{2,20}）$")
_UP_TO_LAST_BOUNDARY_RE = re.compile(f".*[{re.escape(_BOUNDARY)}{_PRIVATE_USE}]", re.DOTALL)
# Comparison phrases name the base of a change, never its metric: 同比, 比上年同期, 较2010年.
_COMPARISON_RE = re.compile(r"""
    (?: 同比 | 环比
      | (?:比|较|相比)(?:上年|去年|前年|上月|上季度|上一年|\d{4}年|[〇零一二三四五六七八九]{4}年)?
        (?:同期|末|底|全年)?(?:的)?(?:名义|实际)? )
""", re.VERBOSE)
# The colon of a time of day (03：48男子500米) ends no clause; _TIME_RE reads the time.
_TIME_COLON_RE = re.compile(r"(?<=\d)[:：](?=\d{2})")
# A time phrase inside the clause: 从2004年的, 2008年度, 到2013年.
_TIME_RE = re.compile(r"(?:将|已)?(?:从|在|于|到|至|截至|由)?(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:度|底|末|初)?"
                      r"(?:\d{1,2}月份?(?:\d{1,2}日)?)?|(?:\d{1,2}月)?\d{1,2}日|\d{1,2}[:：]\d{2})(?:的|以来)?")
# Where a subject read after the number ends (302款生成式人工智能服务 | 在国家网信办).
def _stop_after_pattern() -> re.Pattern[str]:
    """The single characters that start no longer stop as one class, then the other stops in
    file order (so 已经 is tried before 已)."""
    stops = _data_rows("subject_stop_after")
    firsts = {w[0] for w in stops if len(w) > 1}
    alone = [w for w in stops if len(w) == 1 and w not in firsts]
    rest = [w for w in stops if len(w) > 1 or w in firsts]
    return re.compile(f"[{re.escape(''.join(alone))}]|" + "|".join(re.escape(w) for w in rest))


def _data_rows(role: str) -> list[str]:
    return [line.split("\t")[0] for line in data.path("extract_words.tsv").read_text(encoding="utf-8").splitlines()
            if line.endswith("\t" + role)]


_STOP_AFTER = _stop_after_pattern()
_STOP_INSIDE = frozenset(_data_rows("subject_stop_inside"))  # 募捐组织: 捐 stops no subject here
_CLAUSE_OPENERS = frozenset("在从")
_LATIN_AFTER_HAN_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})[A-Za-z]")
_NOT_ITEM_CHARS = frozenset("或和及与等至到每各为是在了的也都就又以")  # 2元或5元: no one-character item
_NOT_VERB_WORDS = frozenset(_data_rows("not_verb"))
_CAUSES = ("导致", "造成", "致使", "致")  # 操作不当致: a cause, no metric
_CASUALTY_WORDS = frozenset(words()["casualty"])
_PASSIVE_NOUNS = ("被告", "被害", "被调查", "被访", "被保险", "被困", "被救")  # nouns, not passives  # 80名在校的学生: a clause ending in 的 before the item
# A bracketed sum or product right before the number (鞋款总额（296×32.8）为): no clause boundary.
_FORMULA_RE = re.compile(r"[（(][\d.×＊*+＋\-－/／ ]+[）)]")
# A count's item that starts with a verb keeps its 的 (两百多家做大模型的公司).
_VERB_FIRST = ("做", "从事", "生产", "经营", "提供", "开展", "研发", "销售", "使用", "拥有")
# A place before the metric: 晾衣杆上的T恤上破洞, 牛奶中三聚氰胺含量.
_LOCATIVE_RE = re.compile(r".*[\u4e00-\u9fffA-Za-z](?:上|(?<![其集空之城心])中(?![国小央心华部外期级型学医共非]))"
                          r"(?=[\u4e00-\u9fff]{2})")
_NOT_BEFORE_ZHONG = frozenset("高初其集空之城心")
_NOT_BEFORE_SHANG = frozenset("以晚早马网线向北东南西之")  # 晚上, 网上, 北上: 上 is part of the word  # 重点高中, 集中: 中 is part of the word
# The head noun of a metric: 合格率, 总建筑面积, 老年人口, 装机总容量, 销售额.
_METRIC_HEAD_RE = re.compile(r"(?:率|量|额|数|值|价|价格|面积|人口|规模|收入|产值|比例|比重|长度|高度|重量|体积|速度|"
                             r"温度|费|费用|资金|利润|成本|支出|余额|水平|指数|幅度)$")
# A dateline (信息时报讯, 新华社电) opens the story; it measures nothing.
_DATELINE_END_RE = re.compile(r"(?:报|网|社|台|刊)(?:讯|电)$")
_ONE_OF_RE = re.compile(r"^(?:一[座个家项位名种批]|其|每位|每个)")


@lru_cache(maxsize=1)
def _direction_re() -> re.Pattern[str]:
    table = words()
    alternatives = sorted(table["increase"] | table["decrease"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)))


def _alternation(role: str) -> str:
    return "|".join(map(re.escape, sorted(words()[role], key=len, reverse=True)))


@lru_cache(maxsize=1)
def _affix_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Leading words, trailing words, verbs before an item (共检测样品)."""
    return (re.compile(f"(?:{_alternation('lead')})+(?=.)"), re.compile(f"(?:{_alternation('trail')})+$"),
            re.compile(f"(?:{_alternation('verb')})"))


@lru_cache(maxsize=1)
def _change_at_end_re() -> re.Pattern[str]:
    """A verb of change right before the number (增长, 下调至, 降至)."""
    changes = sorted(words()["increase"] | words()["decrease"], key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, changes))})(?:了|至|到|为|达)?$")


def _strip(phrase: str) -> str:
    """Drop leading and trailing function words, verbs, comparisons and time phrases.

    >>> _strip("其中生产企业"), _strip("地区生产总值达到"), _strip("同比事故次数上升")
    ('生产企业', '地区生产总值', '事故次数')
    >>> _strip("社会商品消费增长也达到"), _strip("美联储应将政策利率下调至"), _strip("燃油附加费将降至")
    ('社会商品消费', '政策利率', '燃油附加费')
    """
    lead, trail, _ = _affix_res()
    phrase = _change_at_end_re().sub("", phrase)
    for _ in range(3):
        if phrase[:1] in _LEAD_FIRST and (m := lead.match(phrase)) and (end := lead_end(phrase, m.end())):
            phrase = phrase[end:]  # 有关: a lead word starting a word stays
        if phrase[-1:] in _TRAIL_LAST and (m := trail.search(phrase)) and m.start() in word_starts(phrase):
            phrase = _change_at_end_re().sub("", phrase[:m.start()])  # 准则: a trail word inside a word stays
        if m := _COMPARISON_RE.match(phrase):
            phrase = phrase[m.end():]
        if m := _ONE_OF_RE.match(phrase):
            phrase = phrase[m.end():]
    if (cut := max(phrase.rfind("将"), phrase.rfind("把"))) >= 0 and len(phrase) - cut > 2:
        phrase = phrase[cut + 1:]  # 美联储应将政策利率: what is moved
    return phrase


_NOT_SUBJECT = frozenset(words()["not_subject"] | words()["lead"])
# A phrase whose first (last) character starts (ends) no lead (trail) word skips that regex.
_LEAD_FIRST = frozenset(w[0] for w in words()["lead"])
_TRAIL_LAST = frozenset(w[-1] for w in words()["trail"])  # 每月, 以及: no subject alone


def _plausible(phrase: str) -> bool:
    return (2 <= len(phrase) <= _MAX_SUBJECT and phrase not in _NOT_SUBJECT
            and any(c.isalpha() for c in phrase)  # 1．已满16周岁: a list number names nothing
            and phrase[0].isalnum()  # ·人 (2000元／年·人): a unit's rest, no noun
            and not _DATELINE_END_RE.search(phrase)
            and not _NOT_IN_SUBJECT_RE.search(_ABBREVIATION_RE.sub("", phrase)))


def read_context(text: str, start: int, end: int, floor: int = 0, counted: bool = True,
                 with_subject: bool = True, noun_after: bool | None = None) -> tuple[str | None, str | None]:
    """Subject (the metric or item) and direction of the number at [start, end), read
    in its clause, which begins after the last boundary before ``start`` and not before
    ``floor``; ``counted`` tells whether its unit is a measure word, ``noun_after``
    (default: ``counted``) whether a noun right after the number names what it counts.

    >>> read_context("涉及6类产品1477批次，合格率96.8%。", 16, 21, 13, False)
    ('合格率', None)
    >>> read_context("我国共有302款生成式人工智能服务在国家网信办完成备案", 4, 8)
    ('生成式人工智能服务', None)
    >>> read_context("比上年下降0.3个百分点", 5, 12, 0, False, with_subject=False)
    (None, 'decrease')
    >>> read_context("国内生产总值（GDP）同比增长5.3%", 15, 19, 0, False)
    ('国内生产总值（GDP）', 'increase')
    """
    if noun_after is None:
        noun_after = counted
    # A measure with 的 and a noun after it measures that noun: 5万英亩的土地, 2000元的罚款.
    if with_subject and (noun_after or text.startswith("的", end) and not _metric_before(text, start, floor)):
        right = _RIGHT_RE.match(text, end, end + _LOOKBACK).group()
        if right and (subject := _subject_after(right)) is not None:
            return subject, _context(text[max(floor, start - _LOOKBACK):start], False)[1]
        if noun_after and text[start - 1:start] == "的" and start > floor and text[start - 2:start - 1] not in "年月日":
            return None, _context(text[max(floor, start - _LOOKBACK):start], False)[1]  # 边远地区的500户: a modifier
    return _context(text[max(floor, start - _LOOKBACK):start], with_subject)


def _metric_before(text: str, start: int, floor: int) -> bool:
    """Whether the clause before the number names its metric, so the noun after 的 is what
    has it (合格率为96%的产品, 老年人口过亿的国家), or a verb of change governs the number
    (增长5%的目标: the change, not the goal's size)."""
    subject, direction = _context(text[max(floor, start - _LOOKBACK):start], True)
    return direction is not None or subject is not None and _METRIC_HEAD_RE.search(subject) is not None


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def _context(before: str, with_subject: bool) -> tuple[str | None, str | None]:
    """Subject and direction from the text ``before`` a number. Cached: news repeats its
    phrasing, and the answer depends on nothing else.

    >>> _context("涉及6类产品，合格率", True), _context("同比增长", False)
    (('合格率', None), (None, 'increase'))
    >>> _context("每台设备（包括感应器和采集器）", True)[0], _context("国内生产总值（GDP）", True)[0]
    ('每台设备', '国内生产总值（GDP）')
    >>> _context("象山小学鞋款总额（296×32.8）为", True)[0]
    '象山小学鞋款总额'
    """
    if before.endswith(("：", ":")):
        before = before[:-1]  # 总结余为：￥1,106,318.42元
    if "）" in before[-12:] and (formula := _FORMULA_RE.search(before, len(before) - 24)):
        before = before[:formula.start()] + before[formula.end():]
    elif before.endswith("）") and (aside := _ASIDE_RE.search(before)):
        before = before[:aside.start()]  # 每台设备（包括感应器和采集器）500多元: the aside is no clause
    masked = _TIME_COLON_RE.sub("A", _ABBREVIATION_RE.sub(lambda m: "A" * len(m.group()), before))
    clause = m.end() if (m := _UP_TO_LAST_BOUNDARY_RE.match(masked)) else 0
    subject = _subject_before(before[clause:]) if with_subject else None
    return subject, _direction_in(before[max(clause, len(before) - 6):])


def _subject_before(raw: str) -> str | None:
    """The subject in the clause text before the number, or None.

    >>> _subject_before("共检测样品"), _subject_before("而深圳的原材料燃料购进指数从2004年的")
    ('样品', '深圳的原材料燃料购进指数')
    >>> _subject_before("晾衣杆上的T恤上破洞则有"), _subject_before("每公斤牛奶中三聚氰胺含量最多")
    ('破洞', '三聚氰胺含量')
    >>> _subject_before("2018年集成电路设计业销售收入为"), _subject_before("有限公司共有员工")
    ('集成电路设计业销售收入', '员工')
    >>> _subject_before("如果收入等级分为"), _subject_before("被网民累计转发"), _subject_before("由于今年降雨量")
    ('收入等级', None, '今年降雨量')
    """
    base_of_share = raw.endswith("的")  # 调整为现行标准的80%: what comes before is the base
    times = list(_TIME_RE.finditer(raw))
    if times:
        after_time = _strip(raw[times[-1].end():])
        raw = raw[times[-1].end():] if len(after_time) >= 2 else raw[:times[-1].start()]
    verb = None
    if raw[-1:] in _TRAIL_LAST and (trailing := _affix_res()[1].search(raw)):
        raw = raw[:trailing.start()]  # 网页只有: a verb in 只有 is no verb before the item
    for found in _affix_res()[2].finditer(raw):
        if raw[found.start():found.start() + 2] not in _NOT_VERB_WORDS:
            verb = found  # 设计业销售收入: 设 starts a word, no verb
    if verb is not None and len(raw) - verb.end() >= 2:
        raw = raw[verb.end():]  # 共检测样品2056份: the item is 样品
    phrase = _strip(raw.lstrip("①②③④⑤⑥⑦⑧⑨⑩度"))
    if len(phrase) > 4 and (m := _LOCATIVE_RE.match(phrase)) and len(phrase) - m.end() >= 2:
        phrase = _strip(phrase[m.end():])
    if len(phrase) > _MAX_SUBJECT and (cut := phrase.rfind("的")) >= 0:
        phrase = phrase[cut + 1:]  # the head noun of a long phrase
    if len(phrase) > _MAX_SUBJECT and not base_of_share:
        phrase = _strip(after_predicate(phrase))  # 相关税收优惠政策累计减免税金: 减免税金
    if phrase.startswith("被") and not phrase.startswith(_PASSIVE_NOUNS) or phrase.endswith(_CAUSES):
        return None  # 被网民累计转发, 那起事故导致: a passive or a cause names no metric
    return phrase if _plausible(phrase) else None


def _stop_in(right: str, pos: int) -> re.Match[str] | None:
    """The first stop at or after ``pos`` that is no part of a word (募捐组织, 被告)."""
    stop = _STOP_AFTER.search(right, pos)
    while stop and (right[max(0, stop.start() - 1):stop.end()] in _STOP_INSIDE
                    or right[stop.start():stop.end() + 1] in _STOP_INSIDE
                    or stop.start() not in word_starts(right)):
        stop = _STOP_AFTER.search(right, stop.end())
    return stop


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def _subject_after(right: str) -> str | None:
    """The subject read after the number, up to a preposition or verb.

    >>> _subject_after("生成式人工智能服务在国家网信办完成备案"), _subject_after("男子的照片")
    ('生成式人工智能服务', '男子')
    >>> _subject_after("做大模型的公司"), _subject_after("募捐组织"), _subject_after("民工正在作业")
    ('做大模型的公司', '募捐组织', '民工')
    >>> _subject_after("在河西再生水厂工作的建筑工人"), _subject_after("被告承担相应民事赔偿")
    ('建筑工人', '被告')
    >>> _subject_after("哥哥拿着妈妈给"), _subject_after("同学中脱颖而出"), _subject_after("中学生参加")
    ('哥哥', '同学', '中学生')

    """
    led_by_de = right.startswith("的")  # 6级的话: a one-character word after 的 is no item
    if latin := _LATIN_AFTER_HAN_RE.search(right):
        right = right[:latin.start()]  # 10个监控点PM2.5值: the item ends where Latin letters begin
    right = right.lstrip("的")
    if (ordinal := _ORDINAL_RE.search(right)) and ordinal.start() >= 2:
        right = right[:ordinal.start()]  # 3大指数连续第二日下挫: an ordinal opens the predicate's adverbial
    stop = _stop_in(right, 0)
    if stop and stop.start() == 0 and stop.group() in _CASUALTY_WORDS:
        return stop.group()  # 导致40人死亡: what the count of people is
    if stop and stop.start() == 0 and stop.group() in _CLAUSE_OPENERS and 0 < (de := right.find("的", 0, 16)):
        right = right[de + 1:]  # 154名在河西再生水厂工作的建筑工人: the item follows the clause
        stop = _stop_in(right, 0)
    if (cut := item_end(right)) < len(right):
        right = right[:cut]  # 4个孩子被困在车里, 11种大病明年: the words after the item are its predicate
        stop = _stop_in(right, 0)
    if (z := right.find("着", 3, stop.start() if stop else len(right))) > 0:
        right, stop = right[:z - 1], None  # 9岁的哥哥拿着: a verb with its 着 ends the item
    if stop and stop.group() == "的" and right.startswith(_VERB_FIRST):
        stop = _STOP_AFTER.search(right, stop.end())
    right = _strip(right[:stop.start()] if stop else right)
    if len(right) > 3 and right[-1] == "中" and right[-2] not in _NOT_BEFORE_ZHONG or (
            len(right) > 2 and right[-1] == "上" and right[-2] not in _NOT_BEFORE_SHANG):
        right = right[:-1]  # 16所偏远山区学校中, 两个问题上: where, not what
    elif len(right) > 2 and right[-1] in "内里" and len(right) - 1 in word_starts(right):
        right = right[:-1]  # 两个公厕内 (but 室内, 省内, 公里: one word)
    if len(right) == 1 and "\u4e00" <= right <= "\u9fff" and right not in _NOT_SUBJECT and not led_by_de \
            and right not in _NOT_ITEM_CHARS:
        return right  # 2000本书之外, 两间房，: a one-character item
    return right if _plausible(right) else None


def _direction_in(window: str) -> str | None:
    """increase / decrease when a verb of change in ``window`` governs what follows.

    >>> _direction_in("同比增长"), _direction_in("比上年下降"), _direction_in("合格率")
    ('increase', 'decrease', None)
    """
    found = None
    for found in _direction_re().finditer(window):
        pass
    if found is None:
        return None
    return "increase" if found.group() in words()["increase"] else "decrease"
