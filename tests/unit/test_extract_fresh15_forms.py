"""Causes found wrong in tests/gold/real/fresh15.gold (real news text from public repositories
the extractor had not seen: RTHK 2025, hkcnews 2021, Daqing statistics 2014-2017), one test per
cause, each from the real sentence."""
from __future__ import annotations

import datetime as dt

from etl.facts.extract import extract_facts

APRIL_2025 = dt.date(2025, 4, 5)


def facts(sentence: str, published: dt.date | None = None) -> dict[str, tuple]:
    return {f.surface: (f.kind, f.value, f.unit, f.qualifier) for f in extract_facts(sentence, published_date=published)}


def test_a_month_range_may_end_in_yuefen() -> None:
    found = extract_facts("今年1月至2月份中国消费市场运行平稳向好", published_date=APRIL_2025)
    assert [(f.surface, str(f.date_start), str(f.date_end)) for f in found] == [
        ("今年1月至2月份", "2025-01-01", "2025-02-28")]


def test_a_colon_ratio_may_have_decimals() -> None:
    assert facts("城乡居民收入比由2005年的5：1缩小到2.6：1。")["2.6：1"] == ("ratio", 2.6, None, "exact")
    assert facts("中直与地方经济比重为31.3：68.7")["31.3：68.7"][0] == "ratio"


def test_a_split_into_three_parts_is_no_ratio() -> None:
    assert facts("粮经饲比例达到87：9：4。") == {}
    assert not [f for f in extract_facts("三次产业比为3.9：59.5：36.6") if f.surface[0].isdigit()]


def test_years_listed_before_one_nian_are_dates() -> None:
    found = extract_facts("类似的修订附注在2015、2018、2019年都有。")
    assert [(f.surface, f.kind, f.year) for f in found] == [
        ("2015", "date", 2015), ("2018", "date", 2018), ("2019年", "date", 2019)]


def test_a_day_of_the_week_is_no_count() -> None:
    assert facts("中国作出反制措施，下星期四起，对原产于美国的所有进口商品加征34%关税等。") == {
        "34%": ("percent", 34.0, "%", "exact")}
    assert facts("每周三次")["三次"][1] == 3.0


def test_new_one_and_the_day_before_are_no_facts() -> None:
    assert facts("国统局在公告附注解释，计算新一年GDP增速时，其实修订了去年的数据。") == {}
    assert facts("纽约股市继前一日暴跌之后，三大指数星期五开市后再次急挫3%")["3%"][0] == "percent"
    assert "一日" not in facts("纽约股市继前一日暴跌之后")


def test_a_range_may_say_its_qualifier_twice() -> None:
    assert facts("纽约股市显著下挫，3个主要指数收市跌近4%至近6%，尾市跌幅扩大。")["近4%至近6%"] == (
        "percent", 4.0, "%", "approx")
    assert "近3%至逾4%" not in facts("近3%至逾4%")  # two different qualifiers: no one range


def test_a_scaled_measure_without_digits_is_an_amount() -> None:
    assert facts("全市粮食生产自2010年以来连续5年突破百亿斤。")["百亿斤"] == ("quantity", 1e10, "斤", "exact")
    assert facts("千万持卡人的祝福") == {} and facts("万亩良田") == {}  # a count or one scale alone: vague


def test_lead_words_are_dropped_up_to_a_word_start() -> None:
    found = extract_facts("美国对全球多国征收「对等关税」，其中对华累计关税增至54%。")
    assert [(f.surface, f.subject) for f in found] == [("54%", "对华累计关税")]


def test_a_one_character_verb_and_object_end_the_counted_item() -> None:
    assert extract_facts("去年共有30家邮轮公司派船来港，比前一年增加12家；")[0].subject == "邮轮公司"
    found = extract_facts("旅游发展局表示，3月总共有17艘国际邮轮访港，带来数以千计游客。")
    assert [(f.surface, f.subject) for f in found if f.kind == "quantity"] == [("17艘", "国际邮轮")]
    assert extract_facts("共征集到19所贫困受捐学校")[0].subject == "贫困受捐学校"  # 受捐: two verbs, no object


def test_li_of_a_rate_is_a_percent() -> None:
    found = facts("美国10年期债息跌穿4厘水平，低见3.86厘，创半年新低，尾市贴近4厘水平。")
    assert found["4厘"] == ("percent", 4.0, "%", "exact") and found["3.86厘"][:3] == ("percent", 3.86, "%")
    assert facts("精确到3厘") == {} and facts("长3厘米")["3厘米"][2] == "cm"  # no rate: 厘 is no percent


def test_a_bare_year_before_hou_is_a_date_from_then_on() -> None:
    found = [f for f in extract_facts("经济增速对地方政府的压力很大，但在2012后，季度增速一直下滑") if f.kind == "date"]
    assert [(f.surface, f.qualifier, f.year, f.date_end) for f in found] == [("2012后", "at_least", 2012, None)]


def test_a_count_of_indices_ends_before_what_they_did() -> None:
    found = extract_facts("纽约股市显著下挫，3个主要指数收市跌近4%至近6%，尾市跌幅扩大。")
    assert found[0].surface == "3个" and found[0].subject == "主要指数"
    found = extract_facts("纽约股市急跌，3个主要指数创约5年来最大单日跌幅，跌幅近4%至6%。")
    assert found[0].surface == "3个" and found[0].subject == "主要指数"


def test_an_ordinal_after_a_counted_item_opens_its_predicate() -> None:
    found = extract_facts("中国推出关税措施反制美国，美股3大指数连续第二日下挫。")
    assert [(f.surface, f.subject) for f in found] == [("3大", "指数"), ("第二日", None)]
