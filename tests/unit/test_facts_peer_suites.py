"""The public test suites of cn2an and JioNLP, as facts.

Cases are taken (facts, not code) from cn2an's ``cn2an_test.py``, ``an2cn_test.py`` and
``transform_test.py`` (Ailln/cn2an) and JioNLP's ``test_money_parser.py``,
``test_money_extractor.py`` and ``test_time_extractor.py`` (dongrixinyu/JioNLP), restated in
our fact convention: a vague amount (几十万块, 数十亿元) is no fact, a bare Chinese number
is a quantity, ``3000多欧元`` is 3000 more_than rather than 3000-4000, a qualifier word
before the number wins over a mark after it. Cases our convention has no place for (a
lone ``点一``, lunar dates, clock times inside date spans) are left out; the cases we do
not meet yet are marked xfail with the reason, so that the pass rate below is honest:
``python -m pytest tests/unit/test_facts_peer_suites.py -rx``.
"""
from __future__ import annotations

import math

import pytest

from etl.facts.extract import extract_facts
from etl.facts.numerals import parse_numeral


def _gap(reason: str):  # a case we do not meet yet
    return pytest.mark.xfail(reason=reason, strict=True)


# --- cn2an: numerals (cn2an_test strict and normal, an2cn pairs) -----------------------
CN2AN_NUMERALS = {
    "一": 1, "两": 2, "十": 10, "十一": 11, "一十一": 11, "一百一十一": 111, "一千一百一十一": 1111,
    "一万一千一百一十一": 11111, "一十一万一千一百一十一": 111111, "一百一十一万一千一百一十一": 1111111,
    "一千一百一十一万一千一百一十一": 11111111, "一亿一千一百一十一万一千一百一十一": 111111111,
    "一十一亿一千一百一十一万一千一百一十一": 1111111111, "一百一十一亿一千一百一十一万一千一百一十一": 11111111111,
    "一千一百一十一亿一千一百一十一万一千一百一十一": 111111111111,
    "壹": 1, "拾": 10, "拾壹": 11, "壹拾壹": 11, "壹佰壹拾壹": 111, "壹仟壹佰壹拾壹": 1111, "壹万壹仟壹佰壹拾壹": 11111,
    "壹拾壹万壹仟壹佰壹拾壹": 111111, "壹佰壹拾壹万壹仟壹佰壹拾壹": 1111111, "壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 11111111,
    "壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 111111111, "壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 1111111111,
    "壹佰壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 11111111111,
    "壹仟壹佰壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 111111111111,
    "一百零一": 101, "一千零一": 1001, "一千零一十一": 1011, "一千一百零一": 1101, "一万零一": 10001,
    "一万零一十一": 10011, "一万零一百一十一": 10111, "一十万零一": 100001, "一百万零一": 1000001,
    "一千万零一": 10000001, "一千零一万一千零一": 10011001, "一千零一万零一": 10010001, "一亿零一": 100000001,
    "一十亿零一": 1000000001, "一百亿零一": 10000000001, "一千零一亿一千零一万一千零一": 100110011001,
    "一千亿一千万一千零一": 100010001001, "一千亿零一": 100000000001,
    "零点零零零零零零零零零零零零零零一": 1e-15, "零点零零零零零零一": 1e-7, "零点零一": 0.01, "零点一": 0.1,
    "十万": 100000, "十万零一": 100001, "十亿零一万零一": 1000010001, "一一": 11, "一一一": 111, "一一一一": 1111,
    "拾万零壹": 100001, "拾亿零壹万零壹": 1000010001, "壹壹": 11, "壹壹壹": 111, "壹壹壹壹": 1111,
    "零点零": 0, "零点零零": 0, "一七二零": 1720, "一七二零点一": 1720.1, "一七二零点一三四": 1720.134,
    # an2cn, read back
    "零": 0, "一百万": 1000000, "壹佰万": 1000000, "一百万零五十四": 1000054, "壹佰万零伍拾肆": 1000054,
    "三千一百万零五十四": 31000054, "叁仟壹佰万零伍拾肆": 31000054,
    "零点零零零五零零零五零零零五零零五": 0.000500050005005, "零点零零零零伍": 0.00005,
    "一百万零五十四点四三二一": 1000054.4321, "壹佰万零伍拾肆点肆叁贰壹": 1000054.4321, "零点四三二一": 0.4321,
}


@pytest.mark.parametrize(("numeral", "value"), CN2AN_NUMERALS.items())
def test_cn2an_numerals(numeral: str, value: float) -> None:
    assert math.isclose(float(parse_numeral(numeral)), value, rel_tol=1e-12, abs_tol=1e-18)


@pytest.mark.parametrize(("numeral", "value"), [(n, v) for n, v in CN2AN_NUMERALS.items() if v >= 1])
def test_cn2an_numerals_as_amounts(numeral: str, value: float) -> None:
    """The same numerals found in text, as an amount of yuan."""
    found = extract_facts(f"共计{numeral}元。")
    assert [(f.kind, f.unit) for f in found] == [("money", "CNY")]
    assert math.isclose(found[0].value, value, rel_tol=1e-12)


@pytest.mark.parametrize("numeral", ["零点点", "零点零大", "123.1.1", "0.1零"])
def test_cn2an_malformed_numerals(numeral: str) -> None:
    with pytest.raises(ValueError):
        parse_numeral(numeral)


# --- cn2an transform: numbers inside sentences, both ways ------------------------------
@pytest.mark.parametrize(("sentence", "kind", "value", "unit"), [
    ("我捡了100块钱", "money", 100, "CNY"), ("我捡了一百块钱", "money", 100, "CNY"),
    ("用户增长最快的3个城市", "quantity", 3, "个"), ("用户增长最快的三个城市", "quantity", 3, "个"),
    ("我的生日是2001年3月4日", "date", None, None), ("我的生日是二零零一年三月四日", "date", None, None),
    ("今天股价上涨了8%", "percent", 8, "%"), ("今天股价上涨了百分之八", "percent", 8, "%"),
    ("抛出去的硬币为正面的概率是1/2", "ratio", 0.5, None), ("抛出去的硬币为正面的概率是二分之一", "ratio", 0.5, None),
    ("现在室内温度为39℃，很热啊！", "quantity", 39, "°C"), ("现在室内温度为三十九摄氏度，很热啊！", "quantity", 39, "°C"),
])
def test_cn2an_transform(sentence: str, kind: str, value: float | None, unit: str | None) -> None:
    (fact,) = extract_facts(sentence)
    assert (fact.kind, fact.value, fact.unit) == (kind, value, unit)
    if kind == "date":
        assert (fact.year, fact.month, fact.day) == (2001, 3, 4)


# --- JioNLP parse_money: one amount each ------------------------------------------------
@pytest.mark.parametrize(("text", "value", "high", "unit", "qualifier"), [
    ("82，225.00元", 82225, None, "CNY", "exact"),
    ("25481港元", 25481, None, "HKD", "exact"),
    ("45564.44美元", 45564.44, None, "USD", "exact"),
    ("233,333，333,434.344元", 233333333434.344, None, "CNY", "exact"),
    ("1.2万元", 12000, None, "CNY", "exact"),
    ("3千万亿日元", 3e15, None, "JPY", "exact"),
    pytest.param("新台币 177.1 亿元", 1.771e10, None, "TWD", "exact",
                 marks=_gap("a space between the currency word and the number")),
    pytest.param("15k左右", 15000, None, "CNY", "approx", marks=_gap("k for thousand is not read")),
    pytest.param("30w上下", 300000, None, "CNY", "approx", marks=_gap("w for ten thousand is not read")),
    ("六十四万零一百四十三元一角七分", 640143.17, None, "CNY", "exact"),
    ("壹万二千三百四十五元", 12345, None, "CNY", "exact"),
    ("肆佰叁拾萬圆整", 4300000, None, "CNY", "exact"),
    ("肆佰叁拾萬圆", 4300000, None, "CNY", "exact"),
    ("二十五万三千二百泰铢", 253200, None, "THB", "exact"),
    pytest.param("两个亿卢布", 2e8, None, "RUB", "exact", marks=_gap("两个亿: 个 between a number and its scale")),
    ("十块三毛", 10.3, None, "CNY", "exact"),
    ("一百三十五块六角七分钱", 135.67, None, "CNY", "exact"),
    ("港币两千九百六十元", 2960, None, "HKD", "exact"),
    ("约4.287亿美元", 4.287e8, None, "USD", "approx"),
    ("近700万元", 7e6, None, "CNY", "approx"),
    ("至少九千块钱以上", 9000, None, "CNY", "at_least"),
    ("不到1.9万台币", 19000, None, "TWD", "less_than"),
    ("3000多欧元", 3000, None, "EUR", "more_than"),
    ("大约十多欧元", 10, None, "EUR", "approx"),
    ("从8500到3万港元", 8500, 30000, "HKD", "exact"),
    ("1万-5万元", 10000, 50000, "CNY", "exact"),
    ("1万元--5万元", 10000, 50000, "CNY", "exact"),
    pytest.param("10~15k元", 10000, 15000, "CNY", "exact", marks=_gap("k for thousand is not read")),
    ("2——3万港币", 20000, 30000, "HKD", "exact"),
    ("两到三万港元", 20000, 30000, "HKD", "exact"),
    ("十八至三十万日元", 180000, 300000, "JPY", "exact"),
    ("两到三仟澳元", 2000, 3000, "AUD", "exact"),
    ("两~3百日元", 200, 300, "JPY", "exact"),
    ("一百二十到一百五十万元", 1.2e6, 1.5e6, "CNY", "exact"),
    ("一千到两千万元人民币", 1e7, 2e7, "CNY", "exact"),
    ("七千到九千亿元", 7e11, 9e11, "CNY", "exact"),
    ("八到九百亿泰铢", 8e8, 9e10, "THB", "exact"),
    ("八百到九百亿泰铢", 8e10, 9e10, "THB", "exact"),
    ("八九亿韩元", 8e8, 9e8, "KRW", "exact"),
    ("三五百块", 300, 500, "CNY", "exact"),
    ("四五千块钱", 4000, 5000, "CNY", "exact"),
    ("50万元（含）以上", 500000, None, "CNY", "at_least"),
    pytest.param("1万(含)-5万元", 10000, 50000, "CNY", "exact", marks=_gap("(含) inside a range")),
])
def test_jionlp_parse_money(text: str, value: float, high: float | None, unit: str, qualifier: str) -> None:
    money = [f for f in extract_facts(text) if f.kind == "money"]
    assert len(money) == 1, money
    fact = money[0]
    assert math.isclose(fact.value, value, rel_tol=1e-12)
    assert (fact.value_high is None) == (high is None) and (high is None or math.isclose(fact.value_high, high))
    assert (fact.unit, fact.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text", ["几十万块", "人民币数十亿元", "数十亿元人民币", "十几块钱"])
def test_jionlp_vague_amounts_are_no_facts(text: str) -> None:
    assert [f for f in extract_facts(text) if f.kind == "money"] == []


# --- JioNLP extract_money: the amounts of a sentence ------------------------------------
@pytest.mark.parametrize(("sentence", "amounts"), [
    ("张三赔偿李大花人民币车费601,293.11元，工厂费一万二千三百四十五元,利息9佰日元，打印费十块钱。",
     [("601,293.11元", 601293.11, "CNY"), ("一万二千三百四十五元", 12345, "CNY"), ("9佰日元", 900, "JPY"),
      ("十块钱", 10, "CNY")]),
    ("税额共计壹仟玖佰圆整，限月今年12月31日缴清。", [("壹仟玖佰圆", 1900, "CNY")]),
    pytest.param("报账金额在1 万(含)-5 万元之间的交由上级批复。", [("1 万(含)-5 万元", 10000, "CNY")],
                 marks=_gap("(含) inside a range")),
    pytest.param("我们薪酬能给到10k~15k。", [("10k~15k", 10000, "CNY")], marks=_gap("k for thousand is not read")),
    ("基站总数是10000，其中有9000台是huawei 建的，还有一台是实验品。", []),
    ("2.2本计划投资3541.07万元2.3本项目……", [("3541.07万元", 35410700, "CNY")]),
    ("经查，公诉机关起诉指控的被盗财物数量依照人民币被害人陈述予以认定，被告人班x庭审中提出只有两瓶津威的辩解意见，"
     "依照有利于被告人的原则，", []),
    ("审判长李x审判员谢x审判员周x本件与原本核对无异二○一八年七月四日书记员龚x1000011Administratorjohnny172016-09-14T"
     "14:00:00Z2017-04-27T09:24:00ZNormal.dotm2111799MicrosoftOfficeWord011falsechinafalse115falsefalse14.", []),
    ("刑满释放后不足一个月又犯盗窃罪，系累犯，应从重处罚。", []),
    ("数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金；", []),
    ("到了次日的凌晨2许时就发现车被盗了，该车价值2000余元", [("2000余元", 2000, "CNY")]),
])
def test_jionlp_extract_money(sentence: str, amounts: list[tuple]) -> None:
    found = [(f.surface, f.value, f.unit) for f in extract_facts(sentence) if f.kind == "money"]
    assert len(found) == len(amounts), found
    for (surface, value, unit), (want_surface, want_value, want_unit) in zip(found, amounts):
        assert (surface, unit) == (want_surface, want_unit) and math.isclose(value, want_value)


# --- JioNLP extract_time: where a date fact is (or is not) ------------------------------
@pytest.mark.parametrize(("sentence", "dates"), [
    ("身份证号140302197706220124。", []),
    ("这个玩具一点都不好玩。", []),
    ("黎明主演的电影已上映。", []),
    ("一日之计在于晨...", []),
    ("住在南京网2021-09-21热度 578瞰地", ["2021-09-21"]),
    ("1月3日至2月10日", ["1月3日至2月10日"]),
    ("二十一", []), ("二十七点三", []), ("减八点八", []), ("加七点八", []), ("0点一", []), ("零点一", []),
    ("零点五", []), ("二十点六", []), ("调高24点5度", []), ("查询202403073计划", []),
    pytest.param("去年年底", ["去年年底"], marks=_gap("年底 after 去年: etl/facts/dates.py")),
    pytest.param("12月月底", ["12月月底"], marks=_gap("月底 after a month: etl/facts/dates.py")),
])
def test_jionlp_extract_time(sentence: str, dates: list[str]) -> None:
    assert [f.surface for f in extract_facts(sentence) if f.kind == "date"] == dates
