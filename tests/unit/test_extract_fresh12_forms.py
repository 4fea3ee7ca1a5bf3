"""Causes found wrong in tests/gold/real/fresh12.gold to fresh14.gold (real sentences the
extractor had not seen), and the subject errors left in the earlier real gold, one test per
cause, each from or modelled on the real sentence."""
from __future__ import annotations

import pytest

from etl.facts.extract import extract_facts
from etl.facts.items import item_end, words_of


def subjects(sentence: str) -> dict[str, str | None]:
    return {f.surface: f.subject for f in extract_facts(sentence)}


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("当时，她和4个孩子被困在车里", "4个", "孩子"),
    ("178个孩子站在雨中，等着穿新鞋子。", "178个", "孩子"),
    ("两个孩子玩得很开心", "两个", "孩子"),
    ("当天，100位乡村教师来到了位于北京市朝阳区的学校", "100位", "乡村教师"),
    ("11种大病明年有望获二次报销", "11种", "大病"),
    ("全国6万多家餐馆如果都这样做", "6万多家", "餐馆"),
    ("捐赠10000个新书包给贫困新生", "10000个", "新书包"),
    ("为500户贫困农牧民家庭解决冬季取暖燃料难题", "500户", "贫困农牧民家庭"),
])
def test_a_counted_item_ends_where_its_predicate_begins(sentence: str, surface: str, subject: str) -> None:
    assert subjects(sentence)[surface] == subject


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("十条低碳生活准则", "十条", "低碳生活准则"),
    ("浙江省推出“公民低碳绿色生活十大准则”", "十大", "准则"),
    ("这8家慈善组织中包括了知名的机构", "8家", "慈善组织"),
])
def test_a_stop_or_trail_word_inside_a_word_ends_nothing(sentence: str, surface: str, subject: str) -> None:
    assert subjects(sentence)[surface] == subject


def test_a_conjunction_after_a_number_is_no_item() -> None:
    assert subjects("超过2万、5万以及10万的")["5万"] is None
    assert subjects("超过2万、5万甚至10万的")["5万"] is None


def test_a_day_before_the_number_is_a_time_phrase_not_the_subject() -> None:
    assert subjects("此时梁王河水流量已变小，水面宽度也由22日的5米多变为2米多")["5米多"] == "水面宽度"


def test_words_and_item_ends() -> None:
    assert words_of("孩子站在雨中") == ["孩子", "站", "在", "雨", "中"]
    assert item_end("孩子站在雨中") == 2
    assert item_end("学校") == 2  # nothing ends it


@pytest.mark.parametrize("lead", ["此时", "当时", "这时"])
def test_a_time_word_before_the_metric_is_no_part_of_it(lead: str) -> None:
    assert subjects(f"{lead}水面宽度为5米多")["5米多"] == "水面宽度"
