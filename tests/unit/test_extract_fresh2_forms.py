"""Forms found wrong in tests/gold/real/fresh2.gold (real sentences the extractor had not
seen), one test per cause, each from the real sentence."""
from __future__ import annotations

import datetime as dt

import pytest

from etl.facts.extract import extract_facts


def facts(sentence: str, **kwargs: object) -> list[tuple]:
    return [(f.surface, f.kind, f.value, f.value_high, f.unit, f.qualifier)
            for f in extract_facts(sentence, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("张迪忠、李强分别认捐500双运动鞋", [("500双", "quantity", 500, None, "双", "exact")]),
    ("在9包当中，有5包做微生物检测", [("9包", "quantity", 9, None, "包", "exact"),
                                      ("5包", "quantity", 5, None, "包", "exact")]),
    ("北京区域共发现77具遇难者遗体", [("77具", "quantity", 77, None, "具", "exact")]),
    ("4幢居民楼已被拆得七零八落", [("4幢", "quantity", 4, None, "幢", "exact")]),
    ("根据需要按压2－4泵凝胶于掌心", [("2－4泵", "quantity", 2, 4, "泵", "exact")]),
])
def test_measure_words_of_real_counts(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


def test_three_guarantees_is_a_name_not_a_count() -> None:
    assert facts("实行三包服务") == [("三包", "name", None, None, None, "exact")]


@pytest.mark.parametrize("sentence", ["张老师专线：1980", "自杀防治咨询安心专线：0800-788995（24小时）",
                                      "帐号：8145－11681908091001"])
def test_a_number_after_a_hotline_or_account_label_is_no_fact(sentence: str) -> None:
    assert [f for f in facts(sentence) if f[1] != "duration"] == []


def test_a_label_needs_its_colon_and_leaves_other_numbers_alone() -> None:
    assert facts("热线：12345，全年共受理3万件") == [("3万件", "quantity", 30000, None, "件", "exact")]


@pytest.mark.parametrize("sentence", ["日本现存的唯一一家提供传呼机服务的营运商将正式终止服务",
                                      "而且3年之后任何一年，对于那些投资者"])
def test_one_after_a_word_that_ends_in_one_is_an_article(sentence: str) -> None:
    assert [f[0] for f in facts(sentence)] == (["3年"] if "3年" in sentence else [])


def _dates(sentence: str, published: dt.date | None) -> list[tuple]:
    return [(f.surface, f.qualifier, f.year, f.month, f.day, f.date_start, f.date_end)
            for f in extract_facts(sentence, published_date=published) if f.kind == "date"]


def test_a_range_with_qi_before_its_range_word_and_a_year_word_after_it() -> None:
    got = _dates("投放时间是从今年7月1日起到明年6月30日。", dt.date(2012, 7, 4))
    assert got == [("今年7月1日起到明年6月30日", "exact", 2012, 7, 1, dt.date(2012, 7, 1), dt.date(2013, 6, 30))]


def test_without_a_publication_date_the_year_word_tail_is_left_alone() -> None:
    got = _dates("从2012年7月1日起到明年6月30日", None)
    assert [g[:2] for g in got] == [("2012年7月1日起", "at_least"), ("明年6月30日", "exact")]


@pytest.mark.parametrize(("published", "year"), [(dt.date(2012, 7, 4), 2008), (None, 2008)])
def test_a_two_digit_year_before_a_month(published: dt.date | None, year: int) -> None:
    got = _dates("组委会宣布本次征歌截止时间延期至08年10月31日，让更多的人参与", published)
    assert got == [("08年10月31日", "exact", year, 10, 31, dt.date(year, 10, 31), dt.date(year, 10, 31))]


def test_a_two_digit_number_of_years_is_still_a_duration() -> None:
    assert facts("工作了12年3个月") == [("12年", "duration", 12, None, "year", "exact"),
                                     ("3个月", "duration", 3, None, "month", "exact")]


def test_the_bracketed_day_of_taiwan_news() -> None:
    got = _dates("新北市新店区中正路今（21）日下午3时许发生坠楼案件", dt.date(2018, 2, 21))
    assert got == [("今（21）日", "exact", 2018, 2, 21, dt.date(2018, 2, 21), dt.date(2018, 2, 21))]
    assert facts("（3）今日") == []


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("三条人命啊，就这样从我们眼前骤然消失。", "三条", "人命"),
    ("顶楼上有10多位民工正在作业，但只有一人戴着安全帽。", "10多位", "民工"),
    ("一期由两栋塔楼组成，建成后两楼之间还有一个3层的联楼", "两栋", "塔楼"),
    ("有15所学校的1197名困难学生有望获得爱心运动鞋。", "1197名", "困难学生"),
    ("在9包当中，有5包做微生物检测", "9包", None),
    ("目前，上海有100多个募捐组织，其中三分之二获得了发票", "100多个", "募捐组织"),
    ("而同期无偿献血量增长仅有7.7%，也就是说", "7.7%", "无偿献血量"),
    ("旅游旺季栈桥景点附近公厕每天的使用人数就能达到两万多人。", "两万多人", "使用人数"),
    ("现在体重已恢复到69公斤。", "69公斤", "体重"),
])
def test_where_a_subject_ends(sentence: str, surface: str, subject: str | None) -> None:
    found = {f.surface: f.subject for f in extract_facts(sentence)}
    assert found[surface] == subject


@pytest.mark.parametrize(("sentence", "expected"), [
    ("而高男从8楼坠落，掉落在隔壁军营库房屋顶", [("8楼", "ordinal", 8, None, "楼", "exact")]),
    ("在北大万众楼二层，北大中国经济研究中心作了报告", [("二层", "ordinal", 2, None, "层", "exact")]),
    ("两楼之间还有一个3层的联楼", [("3层", "quantity", 3, None, "层", "exact")]),
    ("一个两岁左右的小孩出现在一楼家门口", [("两岁左右", "quantity", 2, None, "岁", "approx")]),
    ("全市5楼盘", [("5", "quantity", 5, None, None, "exact")]),
])
def test_a_floor_is_an_ordinal(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


def test_a_quoted_name_that_opens_with_an_ordinal_is_none() -> None:
    assert facts("在“第一城”的产权投资方案中，最低投资金额为10万元") == [
        ("10万元", "money", 100000, None, "CNY", "exact")]


def test_a_noun_right_after_a_share_in_cheng_is_its_subject() -> None:
    assert [(f.surface, f.subject) for f in extract_facts("记者作了随机采访，九成市民对此表示赞同。")] == [("九成", "市民")]


def test_a_verb_inside_the_trailing_words_does_not_cut_the_subject() -> None:
    found = extract_facts("会发现有这个名称的网页只有24个，而且全部是推销该产品的中文网页。")
    subject = found[0].subject
    assert subject is not None and subject.endswith("网页") and "发现" not in subject  # was 会发现有这个名称的网页


# fresh3.gold, drawn after the fixes above
@pytest.mark.parametrize(("sentence", "expected"), [
    ("用3到4根金箍箍上", [("3到4根", "quantity", 3, 4, "根", "exact")]),
    ("有3根据", [("3", "quantity", 3, None, None, "exact")]),
    ("泄漏量大约为20吨，", [("大约为20吨", "quantity", 20, None, "t", "approx")]),
    ("15、1、是否参加过公益活动？", []),
    ("5、6棵树", [("5、6棵", "quantity", 5, 6, "棵", "exact")]),
    ("一种叫“高乐美1+1”的保健食品", []),
    ("分别用于心理关爱费用③3大方面。", [("3大", "quantity", 3, None, None, "exact")]),
    ("1大力发展", []),
    ("建立了密西西比河东岸第一个国家公园", [("第一个", "ordinal", 1, None, "个", "exact")]),
    ("本届展会吸引了五十多个国家的企业参展。", [("五十多个国家", "quantity", 50, None, "个国家", "more_than")]),
    ("约一根圆珠笔长", []),
    ("约一个月后", [("约一个月", "duration", 1, None, "month", "approx")]),
])
def test_fresh3_forms(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


# fresh4.gold, drawn after the fixes above
@pytest.mark.parametrize(("sentence", "expected"), [
    ("河南省郑州市二七区齐礼阎乡张魏寨东街167号", []),
    ("向社会公开本组织上一年度的财物审计结果", []),
    ("野草所有人一分钱也没发。", []),
    ("2011年地球一小时，从践行我们的环保承诺开始。", [("2011年", "date", None, None, None, "exact")]),
    ("从本市16区县随机抽样", [("16区县", "quantity", 16, None, "区县", "exact")]),
    ("致使一人死亡，三人受伤。", [("一人", "quantity", 1, None, "人", "exact"), ("三人", "quantity", 3, None, "人", "exact")]),
    ("只有一人戴着安全帽", []),
])
def test_fresh4_forms(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


def test_a_marker_before_a_month_and_day_is_no_range() -> None:
    assert [f[0] for f in facts("3、12月3－5日，阿坝州茂县凤仪小学选拔团员")] == ["12月3－5日"]


@pytest.mark.parametrize(("sentence", "surface", "start", "end"), [
    ("上半年我国就业形势比较稳定", "上半年", dt.date(2012, 1, 1), dt.date(2012, 6, 30)),
    ("今年上半年，全市", "今年上半年", dt.date(2012, 1, 1), dt.date(2012, 6, 30)),
    ("去年下半年", "去年下半年", dt.date(2011, 7, 1), dt.date(2011, 12, 31)),
])
def test_a_half_year_without_its_year_is_a_date(sentence: str, surface: str, start: dt.date, end: dt.date) -> None:
    got = [(f.surface, f.date_start, f.date_end) for f in extract_facts(sentence, published_date=dt.date(2012, 7, 26))]
    assert got == [(surface, start, end)]
    assert [f.surface for f in extract_facts("上半场", published_date=dt.date(2012, 7, 26))] == []


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("调查显示九成以上网友反对延迟年龄", "九成以上", "网友"),
    ("洪水将200多名过路乘客围困，后被150多名农民工搭救。", "200多名", "过路乘客"),
    ("北京市红十字会向六个区县运送8000斤米面油", "六个", "区县"),
    ("组织生存的主要资金来源于募集，90%以上的组织面临着资金募集难的问题。", "90%以上", "组织"),
    ("合格率为96%的产品", "96%", "合格率"),
])
def test_subjects_read_after_a_number_end_at_a_verb(sentence: str, surface: str, subject: str) -> None:
    assert {f.surface: f.subject for f in extract_facts(sentence)}[surface] == subject


# fresh5.gold, drawn after the fixes above
@pytest.mark.parametrize(("sentence", "expected"), [
    ("区间大概率在1.35- 2.7%之间。", [("1.35- 2.7%", "percent", 1.35, 2.7, "%", "exact")]),
    ("出狱第一晚仅睡三四个小时", [("第一晚", "ordinal", 1, None, "晚", "exact"),
                                 ("三四个小时", "duration", 3, 4, "hour", "exact")]),
    ("已启动国家四级救灾应急响应", []),
    ("十二级大风", [("十二级", "quantity", 12, None, "级", "exact")]),
    ("6.6级地震", [("6.6级", "quantity", 6.6, None, "级", "exact")]),
    ("我之前捐给北大一个亿的资产", [("一个亿", "quantity", 1e8, None, None, "exact")]),
    ("两个亿元", [("两个亿元", "money", 2e8, None, "CNY", "exact")]),
    ("一个亿万富翁", []),
    ("消费者为“一元餐具”买单", []),
    ("“100元”", [("100元", "money", 100, None, "CNY", "exact")]),
])
def test_fresh5_forms(sentence: str, expected: list[tuple]) -> None:
    assert facts(sentence) == expected


@pytest.mark.parametrize(("sentence", "year"), [("09年南京的记者做了一份调查", 2009), ("征歌延期至08年10月31日", 2008)])
def test_a_two_digit_year_with_a_leading_zero_or_a_month(sentence: str, year: int) -> None:
    assert [f.year for f in extract_facts(sentence) if f.kind == "date"] == [year]
    assert [f.kind for f in extract_facts("工作了12年")] == ["duration"]


@pytest.mark.parametrize(("sentence", "surface", "subject"), [
    ("一家企业负责人透露，每台设备（包括感应器和采集器）500多元。", "500多元", "每台设备"),
    ("甘肃首批16所偏远山区学校中，有15所学校的1197名困难学生", "16所", "偏远山区学校"),
    ("全市3所重点高中", "3所", "重点高中"),
])
def test_an_aside_or_a_place_word_is_no_part_of_a_subject(sentence: str, surface: str, subject: str) -> None:
    assert {f.surface: f.subject for f in extract_facts(sentence)}[surface] == subject
