"""A quantity read at a numeral run, typed into a fact by its unit and context.

``quantity_fact`` decides what ``etl.facts.quantities.read_quantity`` found: a count, an
amount of money, an ordinal (第二, 8楼, 6版), a bare number's kind (``etl.facts.unitless``),
or no fact at all (a grade, a decade, a list's point, a quoted name, a vague amount); then
it reads the qualifier and sign before the number, the per-unit rate after it, and the
subject and direction around it.
"""
from __future__ import annotations

import datetime as dt
import re

from etl.facts.article import BARE_YUAN
from etl.facts.context import LEFT_REACH, MINUS, left_of
from etl.facts.fact import Fact, make_fact
from etl.facts.identifiers import ascii_alnum
from etl.facts.numerals import RUN_CHARS
from etl.facts.quantities import Quantity
from etl.facts.subjects import read_context
from etl.facts.unitless import bare_kind
from etl.facts.units import far_bounds, measures, qualifiers, unit_at, words

_PER, _PER_KINDS = "/／", ("quantity", "duration")  # 元／平方米, mg/kg, 公里/小时
_SCALE_FIRST = "十百千万亿兆"
_VAGUE_BEFORE = frozenset(words()["vague_before"])  # 几十, 数百, 上万, 成千: vague amounts, not facts
_INSTITUTIONS = tuple(words()["institution"])
# An ordinal a few words before one of these names a firm (第二运营有限公司, 第三建筑工程公司);
# not 第二大公司 (second largest) nor 第二的公司.
_COMPANY_RE = re.compile("(?![大的])(?:(?!的)[\u4e00-\u9fff]){0,6}?(?:%s)" % "|".join(
    sorted(words()["institution_end"], key=len, reverse=True)))
_DEMONSTRATIVES = frozenset("这那的每某同哪何")  # 何: 任何一年
_GRADE_HIGH = 5  # 一级 to 五级 before a noun are grades; 十二级大风 is a force
_GRADED = tuple(words()["graded"])  # 八级伤残, 十级工伤: a grade of any number
_CASUALTIES = tuple(words()["casualty"])  # 致使一人死亡: one dead is a count
_COUNTED_PLACES = frozenset(("个国家", "个地区", "座城市"))
_AFTER_ORDINAL_MARKER = frozenset("是，、：,")
_ORDINAL_MARKER_THEN = ("则是", "就是", "也是", "还是")  # 第二则是: still a list's point
_PIECES = tuple(words()["kuai_item"])
_PRICE_CHARS = frozenset("卖售价花值付费买")
_ORDINAL_ONLY_UNITS = frozenset("代版")
_NOT_IN_NAME_RE = re.compile(r"[\d，。、；]")  # a quoted sentence, not a name
_FAR_BOUNDS = far_bounds()
# 不得超过当年总支出的10%: a limit, not a reading; left as it is
_FAR_BOUND_RE = re.compile(f"(?<![不得能要应宜可])({'|'.join(_FAR_BOUNDS)})[^，。；：、,;:0-9%％]{{1,12}}的$")
_MODAL_BOUNDS = qualifiers()["modal"]
_MODAL_BOUND_RE = re.compile(f"({'|'.join(_MODAL_BOUNDS)})(?:可以|可|要|将|能|应|需)[\u4e00-\u9fff]{{1,2}}$")
_PAYING = (  # two characters each
    "捐赠", "捐出", "捐助", "收取", "减负", "拨款", "拨付", "花费", "支付", "索赔", "拿出", "掏出", "出资")
_BETWEEN = ("之间", "间", "相距", "距离", "的距离")
_LEGAL_PARTS, _REFERS = ("款", "条", "项"), ("的规定", "规定", "所列", "所述")
_RATE_RE = re.compile("[息率]")  # 债息, 利息, 孳息, 利率: what 厘 is a percent of
_OPERATOR = frozenset("×＊*")  # （296×32.8）: the operands of a product are no facts


def quoted_name(text: str, end: int, reach: int = 4) -> bool:
    """Han text goes on after the number up to a closing quote: “一元餐具”, “第一城”."""
    close = text.find("”", end + 1, end + 1 + reach)
    return "\u4e00" <= text[end:end + 1] <= "\u9fff" and close > 0 and not _NOT_IN_NAME_RE.search(text, end, close)


def _pieces_before(before: str) -> bool:
    """A thing counted in 块 named before, with no price word after it (这块手表卖500块 is yuan)."""
    at = max(before.rfind(w) for w in _PIECES)
    return at >= 0 and not any(c in _PRICE_CHARS for c in before[at:])


def _listed_count(text: str, start: int, q: Quantity) -> bool:
    """一 in a list of counts of the same unit is one of them: 两处五级伤残、一处八级伤残."""
    return text[start - 1:start] == "、" and (at := text.rfind(q.surface_unit, max(0, start - 16), start - 1)) > 0 \
        and text[at - 1] in RUN_CHARS and text[at - 1] not in "一壹"


def quantity_fact(text: str, start: int, q: Quantity, floor: int, local: str,
                   subject_floor: int | None = None) -> Fact | None:
    """Type a quantity by its unit and context; None for numbers that are not facts.
    ``local`` is the ISO code of a bare 元 here."""
    low, high = q.low, q.high
    kind, unit = q.kind, q.unit
    if q.surface_unit == "厘" and not _RATE_RE.search(text):
        return None  # 3厘: a rate only where the sentence speaks of interest or yield
    if q.surface_unit == "块" and kind == "money" and _pieces_before(text[max(floor, start - 12):start]):
        kind, unit = "quantity", "块"  # 金牌会有3－5块: pieces of the thing just named, no yuan
    if unit == "CNY" and local != "CNY" and q.surface_unit in BARE_YUAN:
        unit = local  # 元 in Taiwan news
    dash = text[start - 1:start] in MINUS and ascii_alnum(text[start - 2:start - 1])  # GPT-4: no sign
    shift, negative, currency, pre, ordinal = left_of(text[max(floor, start - LEFT_REACH):start],
                                                      kind is None, dash)
    begin, qualifier = start - shift, pre or q.qualifier
    if qualifier is None and kind in ("percent", "ratio") and text[begin - 1:begin] == "的" and (
            far := _FAR_BOUND_RE.search(text, max(floor, begin - 16), begin)):
        qualifier = _FAR_BOUNDS[far[1]]  # 还不到餐馆总数量的10%: the bound reads past the base
    modal = qualifier is None and _MODAL_BOUND_RE.search(text, max(floor, begin - 6), begin)
    if modal:
        qualifier = _MODAL_BOUNDS[modal[1]]  # 最高可罚50万: a bound on what may be done
    if negative:  # 零下5至10度 is -10 to -5
        low, high = (-low, None) if high is None else (-high, -low)
    if currency and (kind is None or (kind == "money" and q.surface_unit in BARE_YUAN)):
        kind, unit = "money", currency  # ￥28,694, 港币两千九百六十元
    arabic = q.numeral[0].isdigit()
    if ordinal and q.surface_unit is None and (text.startswith(_INSTITUTIONS, q.end)
                                               or _COMPANY_RE.match(text, q.end)):
        return None  # 第一小学, 第三人民医院, 第二运营有限公司: a name
    if ordinal and q.surface_unit is None and (text[q.end:q.end + 1] in _AFTER_ORDINAL_MARKER or text.startswith(
            _ORDINAL_MARKER_THEN, q.end)) and (
            begin == 0 or text[begin - 1] in "，。；：（ \n" or "\ue000" <= text[begin - 1] <= "\uf8ff"):
        return None  # 第二是商务楼的品质: 第二 counts the points of a list
    if ordinal and text[begin - 2:begin] == "倒数":
        return None  # 倒数第二天: counted from the end, no ordinal of the sequence
    if q.surface_unit is None and (text[start - 1:start] in _OPERATOR or text[q.end:q.end + 1] in _OPERATOR):
        return None
    if q.surface_unit is None and text[q.end:q.end + 2] in (" ：", " :"):
        return None  # 问题 3 ：a label's number
    if q.surface_unit in _LEGAL_PARTS and text[begin - 1:begin] == "前" and text.startswith(_REFERS, q.end):
        return None  # 依照前两款的规定: a reference to the clauses above, no count
    if arabic and "十" in q.numeral:
        return None  # 2005十大: digits run into 十, no number is written so
    if text[begin - 1:begin] == "“" and quoted_name(text, q.end):
        return None  # “第一城”, “一元餐具”: a quoted name
    if q.surface_unit is None and arabic and len(q.numeral) <= 2 and text[q.end:q.end + 1] == "版":
        ordinal = True  # 见本报6版: a newspaper's page
    if q.surface_unit == "层" and text[begin - 1:begin] == "楼":
        ordinal = True  # 万众楼二层: the floor of a building
    elif q.surface_unit == "楼" and not arabic:
        return None  # 8楼 is the 8th floor; 两楼之间, 一楼家门口 say which, not how many
    elif q.surface_unit == "地" and text.startswith(_BETWEEN, q.end):
        return None  # 两地相距500多公里, 两地之间: the two places, no count (沪苏浙皖四地 is one)
    if ordinal or kind == "ordinal":
        end, unit = q.end, q.surface_unit
        if unit in _COUNTED_PLACES or (unit and unit[0] == "个" and len(unit) > 1):  # 第六个年头: 第六个
            end, unit = end - len(unit) + 1, unit[0]
        elif unit is None and text[end:end + 1] in _ORDINAL_ONLY_UNITS:
            end, unit = end + 1, text[end]  # 第七代传承人: 代 counts nothing (二代身份证) but orders
        return make_fact(text, begin, end, "ordinal", low, high, unit, "exact")
    end = q.end
    if kind is None:
        kind, end = bare_kind(text, start, q, arabic)
        if kind is None:
            return None
        if kind == "date":
            year, after = int(q.numeral), text[end:end + 1] == "后"  # 在2012后: from that year on
            return Fact(begin, end + after, text[begin:end + after], "date", None, None, None,
                        "at_least" if after else "exact", None, None, year, None, None,
                        dt.date(year, 1, 1), None if after else dt.date(year, 12, 31), "explicit")
        if kind in ("name", "ordinal"):
            value = None if kind == "name" else low
            return make_fact(text, begin, end, kind, value, None, "大" if kind == "ordinal" else None, "exact")
    if q.numeral in ("一", "壹") and low == 1 and high is None and (
            (kind == "quantity" and q.unit == q.surface_unit and qualifier in (None, "approx")
             and not (q.unit == "人" and text.startswith(_CASUALTIES, q.end)) and not _listed_count(text, start, q))
            or (kind == "duration" and qualifier is None and text[start - 1:start] in _DEMONSTRATIVES)):
        return None  # 一个, 一家, 这一年: the indefinite article; 约一根圆珠笔长: a likeness, not a count
    if q.surface_unit == "级" and ((not arabic and low <= _GRADE_HIGH and "\u4e00" <= text[q.end:q.end + 1] <= "\u9fff")
                                   or text.startswith(_GRADED, q.end)):
        return None  # 四级救灾应急响应, 一级古树: a grade names a class, no amount
    if q.surface_unit == "年" and text[q.end:q.end + 1] == "代":
        return None  # 60年代, 八九十年代: a decade names a period
    pers, read_end = [], end  # 6600元／平方米: a rate, CNY per m²; 五十元／人／天: per person per day
    while unit and text[read_end:read_end + 1] in _PER and (per := unit_at(text, read_end + 1)) and (
            per[1].kind in _PER_KINDS):
        pers.append(per[1].unit)
        read_end += 1 + len(per[0])
    per_unit = "/".join(pers) or None
    counted = kind == "quantity" and q.unit == q.surface_unit
    if start and text[start - 1] in _VAGUE_BEFORE and q.numeral[0] in _SCALE_FIRST and (
            text[start - 2:start] != "以上") or (
            q.numeral[0] in _SCALE_FIRST[1:] and counted and not q.qualifier and not pre
            and not (len(q.numeral) > 1 and q.numeral[-1] in "万亿" and q.surface_unit in measures())):  # 近百名 keeps its 近; 百亿斤 is an amount
        return None  # 万人空巷, 数十个, 几百家: vague or idiomatic
    subject, direction = read_context(text, begin, read_end, floor if subject_floor is None else subject_floor, counted,
                                      with_subject=kind != "duration",
                                      noun_after=counted or kind == "money" or q.surface_unit == "成")
    if subject is None and kind == "percent" and (text[end:end + 1] == "的" or text[begin - 1:begin] == "有"):
        # 90%以上的组织, 有61.1%被调查者: no metric before, the item follows
        subject = read_context(text, begin, read_end, end, True, noun_after=True)[0]
    if modal and subject and subject.endswith(modal.group()):
        subject = None  # 最多可以容纳300人: a verb phrase, no metric
    if kind == "money" and subject:
        if subject.endswith(_PAYING):
            subject = None  # 网友李强捐赠了16900元, 为纳税人减负180亿元: who pays or what for, no metric
        elif subject.startswith(_PAYING) and len(subject) - 2 >= 2:
            subject = subject[2:]  # 捐出善款7980元: the money is 善款
    return Fact(begin, end, text[begin:end], kind, float(low), None if high is None else float(high), unit,
                qualifier or "exact", subject, direction, per_unit=per_unit)
