"""The forms of real news that issue 15 lists, one group per form, and the invariants
every fact holds whatever the text (finite values, value_high not below value)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts.article import ArticleContext
from etl.facts.extract import extract_facts


def facts(sentence: str, **kwargs: object) -> list[tuple]:
    return [(f.surface, f.kind, f.value, f.value_high, f.unit, f.qualifier)
            for f in extract_facts(sentence, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("sentence", "expected"), [
    # 1. full-width ．％，inside numbers; spans stay on the text as written
    ("15．5万人受灾", [("15．5万人", "quantity", 155000, None, "人", "exact")]),
    ("增长8．3％", [("8．3％", "percent", 8.3, None, "%", "exact")]),
    ("2．03亿元", [("2．03亿元", "money", 2.03e8, None, "CNY", "exact")]),
    ("善款520，924．5元", [("520，924．5元", "money", 520924.5, None, "CNY", "exact")]),
    ("有61．1 ％被调查者", [("61．1 ％", "percent", 61.1, None, "%", "exact")]),
    ("去年捐的9 亿元资产", [("9 亿元", "money", 9e8, None, "CNY", "exact")]),
    # 2. Latin unit symbols, any case where the lexicon says so
    ("身高168CM", [("168CM", "quantity", 168, None, "cm", "exact")]),
    ("水深超过250m", [("超过250m", "quantity", 250, None, "m", "more_than")]),
    ("全程30km，重5kg", [("30km", "quantity", 30, None, "km", "exact"), ("5kg", "quantity", 5, None, "kg", "exact")]),
    ("50GB和100MW", [("50GB", "quantity", 50, None, "GB", "exact"), ("100MW", "quantity", 100, None, "MW", "exact")]),
    # 3. negatives
    ("增速为负3.9%", [("负3.9%", "percent", -3.9, None, "%", "exact")]),
    ("（－1.2％）", [("－1.2％", "percent", -1.2, None, "%", "exact")]),
    ("跌幅-0.11%", [("-0.11%", "percent", -0.11, None, "%", "exact")]),
    ("为纳税人减负180亿元", [("180亿元", "money", 1.8e10, None, "CNY", "exact")]),
    # 4. 兆: 10^12 as a number, mega before a unit
    ("营收1.2兆元", [("1.2兆元", "money", 1.2e12, None, "CNY", "exact")]),
    ("装机100兆瓦，压力3兆帕", [("100兆瓦", "quantity", 100, None, "MW", "exact"),
                           ("3兆帕", "quantity", 3, None, "MPa", "exact")]),
    # 5. currencies written after 元
    ("借了7万元美金", [("7万元美金", "money", 70000, None, "USD", "exact")]),
    ("票价50澳门元，另付3000日元", [("50澳门元", "money", 50, None, "MOP", "exact"),
                               ("3000日元", "money", 3000, None, "JPY", "exact")]),
    # 6. discounts and fractions
    ("全场打八折", [("八折", "percent", 80, None, "%", "exact")]),
    ("七五折", [("七五折", "percent", 75, None, "%", "exact")]),
    ("门票半价", [("半价", "percent", 50, None, "%", "exact")]),
    ("支持率七成六", [("七成六", "percent", 76, None, "%", "exact")]),
    ("一吨半，两米半，三斤半", [("一吨半", "quantity", 1.5, None, "t", "exact"), ("两米半", "quantity", 2.5, None, "m", "exact"),
                          ("三斤半", "quantity", 3.5, None, "斤", "exact")]),
    ("开了一个半小时", [("一个半小时", "duration", 1.5, None, "hour", "exact")]),
    ("用了半小时", [("半小时", "duration", 0.5, None, "hour", "exact")]),
    ("捐出一半的家产", [("一半", "ratio", 0.5, None, None, "exact")]),
    # 7. ranges with 、 and ～
    ("认领5、6棵树", [("5、6棵", "quantity", 5, 6, "棵", "exact")]),
    ("三、四架飞机", [("三、四架", "quantity", 3, 4, "架", "exact")]),
    ("售价70～130元／吨", [("70～130元", "money", 70, 130, "CNY", "exact")]),
    # 9. compound amounts
    ("五元三毛", [("五元三毛", "money", 5.3, None, "CNY", "exact")]),
    ("50元6角三分", [("50元6角三分", "money", 50.63, None, "CNY", "exact")]),
    ("两美元又三美分", [("两美元又三美分", "money", 2.03, None, "USD", "exact")]),
    ("花了8块多钱，找回3块钱", [("8块多钱", "money", 8, None, "CNY", "more_than"), ("3块钱", "money", 3, None, "CNY", "exact")]),
    ("一毛到5毛的零食", [("一毛到5毛", "money", 0.1, 0.5, "CNY", "exact")]),
    ("10块黄油", [("10块", "quantity", 10, None, "块", "exact")]),
    # ages and limits
    ("已满14周岁不满16周岁的人", [("已满14周岁", "quantity", 14, None, "岁", "at_least"),
                           ("不满16周岁", "quantity", 16, None, "岁", "less_than")]),
    ("顺子30岁出头才结婚", [("30岁出头", "quantity", 30, None, "岁", "more_than")]),
])
def test_real_forms(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # 8. numbers that are not quantities
    "招商银行（600036）", "保利地产（600048，股吧）", "浦发银行（9．18，－0．01，－0．11％）",
    "摩根大通（115.395, 2.79, 2.47%）等", "邮编100871", "咨询电话：010－67784710，010－67784720。",
    "开奖号码：05 12 23 28", "网址为：www．greenchina312．org．cn", "详见http://gongyi.sohu.com/20120727/n349163046.shtml",
    "渔政35001船", "沿G312国道", "车牌京A12345", "“7－21”暴雨", "“714”高炮", "315晚会", "1031房屋交换",
    "住在216巷", "在纽约53号大街上", "93号汽油", "2．已满", "二、捐赠标准", "3 按照规定提交", "第二是商务楼的品质。",
    "七零八落", "打通最后一公里", "一五一十地说", "三五成群", "上世纪60年代", "小两口也心痒痒了",
    "？9？安部", "联系邮箱：abc123@sohu.com",
])
def test_not_quantities(sentence: str) -> None:
    assert facts(sentence) == []


def test_a_navigation_line_keeps_its_real_facts() -> None:
    """688030--09-18 once became value -9 with high -18 and lost the file its facts."""
    found = facts("688030--09-18 央行降息25个基点")
    assert found == [("25个基点", "pp", 25, None, "bp", "exact")]


def test_region_says_what_a_bare_yuan_is() -> None:
    assert facts("营收1.2兆元", region="tw") == [("1.2兆元", "money", 1.2e12, None, "TWD", "exact")]
    assert facts("票价300元", region="hk")[0][4] == "HKD"
    assert facts("票价300元", region="cn")[0][4] == "CNY"
    assert facts("票价300元")[0][4] == "CNY"
    assert facts("票价300美元", region="tw")[0][4] == "USD"  # an explicit currency stays
    assert facts("票价300元人民币", region="tw")[0][4] == "CNY"


def test_article_context_carries_a_declared_currency() -> None:
    ctx = ArticleContext(region="cn")
    first = extract_facts("公司营业额为50亿元（港元，下同），", context=ctx)
    later = extract_facts("纯利为8亿元。", context=ctx)
    assert [f.unit for f in first] == ["HKD"] and [f.unit for f in later] == ["HKD"]
    assert extract_facts("纯利为8亿元。", context=ArticleContext(region="cn"))[0].unit == "CNY"
    assert extract_facts("纯利为8亿元。", context=ArticleContext(region="tw"))[0].unit == "TWD"
    with pytest.raises(ValueError, match="region"):
        ArticleContext(region="xx")


def test_huge_and_stacked_scales() -> None:
    assert facts("一万万元") == [("一万万元", "money", 1e8, None, "CNY", "exact")]
    assert facts("9" * 400 + "元") == []  # no float holds it: no fact rather than inf


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789一二三四五六七八九十百千万亿兆零负－-—～~至到、．.％%，,元个人年月日半折成块毛角分倍 第约近超过以上左右", max_size=30))
def test_every_fact_is_sound(text: str) -> None:
    for fact in extract_facts(text):
        assert text[fact.char_start:fact.char_end] == fact.surface
        for value in (fact.value, fact.value_high):
            assert value is None or math.isfinite(value)
        if fact.value_high is not None:
            assert fact.value is not None and fact.value_high >= fact.value


def test_a_run_of_digit_then_han_numeral_before_a_spaced_digit_is_no_crash():
    # Found by the soundness property: '1一 0' matched no digit groups and crashed the identifier step.
    assert "1一" not in [f.surface for f in extract_facts("1一 0")]
    assert extract_facts("编号106 99999") == []  # digit groups of a code still make none


@pytest.mark.parametrize(("sentence", "expected"), [
    # seen in the SogouCS dump: a site named by digits, and 三五 as "a few"
    ("由56网和人人网发起的公益计划正式启动。", []),
    ("全国有3万网友参与。", [("3万", "quantity", 30000, None, None, "exact")]),
    ("孩子们都有三五块零钱。", [("三五块", "money", 3, 5, "CNY", "exact")]),
])
def test_site_names_and_a_few(sentence, expected):
    assert facts(sentence) == expected


def test_a_time_of_day_is_no_part_of_a_subject() -> None:
    """A race schedule (real page, session 9's 30-fact read): 03：48 is a time, not the subject's 48."""
    found = [(f.surface, f.subject) for f in extract_facts("23日03：48男子500米26日02：44女子1000米") if f.kind == "quantity"]
    assert found == [("500米", "男子"), ("1000米", "女子")]
    assert [f.subject for f in extract_facts("比分3:2，观众人数达到5万人") if f.kind == "quantity"] == ["观众人数"]
    assert [f.subject for f in extract_facts("1．已满16周岁的人犯罪")] == [None]  # a list number names nothing


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("目前从事所谓的“永动机”研究的人主要分为两类：", "两类", "研究的人"),  # 主要 is no part of the item
    ("将房产税从价计征的减除幅度由10%调整为30%；", "10%", "房产税从价计征的减除幅度"),  # nor 由
    ("就20至29岁年龄群体幸福指数较高而言", "20至29岁", "年龄群体幸福指数"),  # 较 starts the predicate
])
def test_a_subject_ends_before_an_adverb_or_preposition(sentence, surface, subject) -> None:
    assert [(f.surface, f.subject) for f in extract_facts(sentence) if f.surface == surface] == [(surface, subject)]
