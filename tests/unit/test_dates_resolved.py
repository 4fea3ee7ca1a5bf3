"""Dates resolved against the article's date (issue 14): each form sets date_start and
date_end and says how; without a publication date nothing is guessed."""
from __future__ import annotations

import datetime as dt

import pytest

from etl.facts.dates import match_date
from etl.facts.extract import extract_facts
from etl.facts.relative_dates import relative_date_at, relative_dates

PUB = dt.date(2012, 7, 26)  # a Thursday
D = dt.date


def date_facts(sentence: str, published: dt.date | None = PUB):
    return [(f.surface, f.date_start, f.date_end, f.date_method)
            for f in extract_facts(sentence, published_date=published) if f.kind == "date"]


@pytest.mark.parametrize("sentence, expected", [
    ("12日，首列车完成调试。", [("12日", D(2012, 7, 12), D(2012, 7, 12), "publication_month")]),
    ("30日将举行开通仪式。", [("30日", D(2012, 7, 30), D(2012, 7, 30), "publication_month")]),  # four days ahead
    ("12日至14日，展会举行。", [("12日至14日", D(2012, 7, 12), D(2012, 7, 14), "publication_month")]),
])
def test_day_only_takes_the_publication_month(sentence, expected):
    assert date_facts(sentence) == expected


def test_day_only_long_after_publication_is_the_month_before():
    assert date_facts("28日，会议召开。", D(2012, 8, 3)) == [("28日", D(2012, 7, 28), D(2012, 7, 28), "publication_month")]


def test_month_day_takes_the_publication_year():
    assert date_facts("3月5日，会议开幕。") == [("3月5日", D(2012, 3, 5), D(2012, 3, 5), "publication_year")]
    assert date_facts("12月28日，项目签约。", D(2013, 1, 5)) == [("12月28日", D(2012, 12, 28), D(2012, 12, 28), "publication_year")]


@pytest.mark.parametrize("sentence, published, surface, day", [
    ("新华社巴黎12月9日电 法国总统宣布……", D(2012, 12, 10), "12月9日", D(2012, 12, 9)),
    ("新华社巴黎12月9日电 法国总统宣布……", D(2013, 1, 2), "12月9日", D(2012, 12, 9)),
    ("千龙网北京7月26日讯 记者从市交通委获悉。", PUB, "7月26日", D(2012, 7, 26)),
])
def test_datelines_fall_on_or_before_publication(sentence, published, surface, day):
    assert date_facts(sentence, published)[0] == (surface, day, day, "dateline")


def test_written_years_are_explicit_and_relative_years_relative():
    assert date_facts("2025年4月29日，考察。") == [("2025年4月29日", D(2025, 4, 29), D(2025, 4, 29), "explicit")]
    assert date_facts("去年3月，项目启动。") == [("去年3月", D(2011, 3, 1), D(2011, 3, 31), "relative_year")]


@pytest.mark.parametrize("word, start, end", [
    ("昨日", D(2012, 7, 25), D(2012, 7, 25)),
    ("昨天", D(2012, 7, 25), D(2012, 7, 25)),
    ("昨晚", D(2012, 7, 25), D(2012, 7, 25)),
    ("今天", D(2012, 7, 26), D(2012, 7, 26)),
    ("今晨", D(2012, 7, 26), D(2012, 7, 26)),
    ("前天", D(2012, 7, 24), D(2012, 7, 24)),
    ("明天", D(2012, 7, 27), D(2012, 7, 27)),
    ("本周", D(2012, 7, 23), D(2012, 7, 29)),
    ("上周", D(2012, 7, 16), D(2012, 7, 22)),
    ("上月", D(2012, 6, 1), D(2012, 6, 30)),
    ("本月", D(2012, 7, 1), D(2012, 7, 31)),
    ("去年", D(2011, 1, 1), D(2011, 12, 31)),
    ("今年", D(2012, 1, 1), D(2012, 12, 31)),
])
def test_relative_words_count_from_publication(word, start, end):
    found = relative_date_at(f"{word}，", 0, PUB)
    assert (found.end, found.date_start, found.date_end, found.method) == (len(word), start, end, "relative")


def test_relative_months_cross_the_year():
    assert relative_date_at("上月", 0, D(2013, 1, 10))[4:6] == (D(2012, 12, 1), D(2012, 12, 31))


def test_relative_dates_in_a_sentence():
    found = relative_dates("昨日，市民黄小姐说，今晨地铁很挤，去年3月也是。", PUB)
    assert [(start, m.date_start, m.method) for start, m in found] == [
        (0, D(2012, 7, 25), "relative"), (10, D(2012, 7, 26), "relative"), (17, D(2011, 3, 1), "relative_year")]


def test_that_year_is_not_the_publication_year():
    assert relative_dates("当年他只有12岁。", PUB) == []


@pytest.mark.parametrize("sentence", ["12日，首列车完成调试。", "3月5日，会议开幕。", "新华社巴黎12月9日电 法国"])
def test_without_a_publication_date_nothing_is_guessed(sentence):
    assert all(start is None and end is None and method is None for _, start, end, method in date_facts(sentence, None))


def test_relative_words_without_a_publication_date_stay_unresolved():
    found = relative_date_at("昨日", 0, None)
    assert found is not None and (found.date_start, found.date_end, found.method) == (None, None, None)


def test_impossible_days_stay_unresolved():
    found = match_date("31日", 0, D(2025, 3, 2))  # February has no 31st, and 31 > 2 + 7
    assert found.date_start is None and found.day == 31


def test_a_month_day_after_a_written_year_takes_that_year():
    # fresh9-11: 去年3月20日开始禁食 … 到5月7日结束 (published 2005-01-06) happened in 2004
    sentence = "老中医自称，去年3月20日开始禁食时体重为69公斤，到5月7日结束时，体重降至49公斤。"
    got = date_facts(sentence, D(2005, 1, 6))
    assert got[1] == ("5月7日", D(2004, 5, 7), D(2004, 5, 7), "sentence_year")
    assert date_facts("2004年12月28日出发，1月3日返回。", D(2005, 1, 6))[1] == (
        "1月3日", D(2005, 1, 3), D(2005, 1, 3), "sentence_year")


def test_a_month_day_alone_still_takes_the_publication_year():
    # Tense alone does not move it: the real gold holds as many announcements without 将
    # (活动时间为7月28日至8月3日) as past events without 了 (2月4日上午，记者暗访).
    assert date_facts("2月4日上午，记者暗访咨询机构。", D(2005, 1, 6)) == [
        ("2月4日", D(2005, 2, 4), D(2005, 2, 4), "publication_year")]
    assert date_facts("3月5日开幕，6月3日闭幕。")[1] == ("6月3日", D(2012, 6, 3), D(2012, 6, 3), "publication_year")
