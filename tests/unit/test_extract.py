"""Targeted tests of extract_facts, one group per form, and a corpus of negatives."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts.extract import Fact, extract_facts

PUB = dt.date(2025, 4, 30)


def only(sentence: str, published: dt.date | None = None) -> Fact:
    facts = extract_facts(sentence, published_date=published)
    assert len(facts) == 1, facts
    return facts[0]


def test_fact_has_the_architecture_fields() -> None:
    names = [f.name for f in dataclasses.fields(Fact)]
    assert names == ["char_start", "char_end", "surface", "kind", "value", "value_high", "unit", "qualifier",
                     "subject", "direction", "year", "month", "day", "date_start", "date_end", "date_method", "per_unit"]


def test_fact_init_sets_every_field_like_the_generated_one() -> None:
    import inspect
    fields = dataclasses.fields(Fact)
    params = list(inspect.signature(Fact.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default) for f in fields]
    values = {f.name: object() for f in fields}  # a distinct value for each field
    fact = Fact(**values)  # type: ignore[arg-type]
    assert all(getattr(fact, name) is value for name, value in values.items())
    assert Fact(1, 2, "3个", "quantity", 3.0, None, "个", "exact") == Fact(
        char_start=1, char_end=2, surface="3个", kind="quantity", value=3.0, value_high=None, unit="个",
        qualifier="exact", subject=None, direction=None)


def test_facts_are_frozen_and_picklable() -> None:
    fact = only("合格率96.8%。")
    assert pickle.loads(pickle.dumps(fact)) == fact
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.value = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(("sentence", "surface", "kind", "value", "high", "unit", "qualifier"), [
    # Arabic numbers
    ("增加值8,652.3亿元。", "8,652.3亿元", "money", 8.6523e11, None, "CNY", "exact"),
    ("增速为-3.5%。", "-3.5%", "percent", -3.5, None, "%", "exact"),
    ("气温零下12摄氏度。", "零下12摄氏度", "quantity", -12, None, "°C", "exact"),
    # Chinese numerals
    ("地区生产总值达到3.2万亿元。", "3.2万亿元", "money", 3.2e12, None, "CNY", "exact"),
    ("接待1.28万人次。", "1.28万人次", "quantity", 12800, None, "人次", "exact"),
    ("接待3万4000人次。", "3万4000人次", "quantity", 34000, None, "人次", "exact"),
    ("现场一万二人。", "一万二人", "quantity", 12000, None, "人", "exact"),
    ("塔高二十六点八米。", "二十六点八米", "quantity", 26.8, None, "m", "exact"),
    ("共有一千零十人。", "一千零十人", "quantity", 1010, None, "人", "exact"),
    ("合计壹万贰仟元。", "壹万贰仟元", "money", 12000, None, "CNY", "exact"),
    # qualifiers
    ("规模近6000亿元。", "近6000亿元", "money", 6e11, None, "CNY", "approx"),
    ("数据总量近5TB。", "近5TB", "quantity", 5, None, "TB", "approx"),
    ("下载量近14万次。", "近14万次", "quantity", 140000, None, "次", "approx"),
    ("占全国的约20%。", "约20%", "percent", 20, None, "%", "approx"),
    ("吸引60余家企业。", "60余家", "quantity", 60, None, "家", "more_than"),
    ("入驻企业100余家。", "100余家", "quantity", 100, None, "家", "more_than"),
    ("大概有两百多家公司。", "两百多家", "quantity", 200, None, "家", "approx"),
    ("超过1.5万亿元。", "超过1.5万亿元", "money", 1.5e12, None, "CNY", "more_than"),
    ("不少于3名。", "不少于3名", "quantity", 3, None, "名", "at_least"),
    ("不到30%。", "不到30%", "percent", 30, None, "%", "less_than"),
    ("不足2000吨。", "不足2000吨", "quantity", 2000, None, "t", "less_than"),
    ("步行10公里左右。", "10公里左右", "quantity", 10, None, "km", "approx"),
    ("年龄18岁以下。", "18岁以下", "quantity", 18, None, "岁", "at_most"),
    ("十来个志愿者。", "十来个", "quantity", 10, None, "个", "approx"),
    # ranges and pairs
    ("吸引两三百名观众。", "两三百名", "quantity", 200, 300, "名", "exact"),
    ("有二三十家。", "二三十家", "quantity", 20, 30, "家", "exact"),
    ("价格在300元至500元之间。", "300元至500元", "money", 300, 500, "CNY", "exact"),
    ("投资3到5万元。", "3到5万元", "money", 30000, 50000, "CNY", "exact"),
    ("增长10%—15%。", "10%—15%", "percent", 10, 15, "%", "exact"),
    # percent, points, ratios
    ("比重达到百分之十二点五。", "百分之十二点五", "percent", 12.5, None, "%", "exact"),
    ("不良率为千分之五。", "千分之五", "percent", 0.5, None, "%", "exact"),
    ("有两成企业。", "两成", "percent", 20, None, "%", "exact"),
    ("三成半的受访者。", "三成半", "percent", 35, None, "%", "exact"),
    ("下降0.2个百分点。", "0.2个百分点", "pp", 0.2, None, "pp", "exact"),
    ("三分之一的支出。", "三分之一", "ratio", 1 / 3, None, None, "exact"),
    ("增长了3倍。", "3倍", "ratio", 3, None, "倍", "exact"),
    # money
    ("融资2亿美元。", "2亿美元", "money", 2e8, None, "USD", "exact"),
    ("规模为100亿港元。", "100亿港元", "money", 1e10, None, "HKD", "exact"),
    ("金额5000万港币。", "5000万港币", "money", 5e7, None, "HKD", "exact"),
    ("援助30亿欧元。", "30亿欧元", "money", 3e9, None, "EUR", "exact"),
    ("售价12万日元。", "12万日元", "money", 120000, None, "JPY", "exact"),
    ("签约8000万英镑。", "8000万英镑", "money", 8e7, None, "GBP", "exact"),
    ("签约金额约8000万英镑。", "约8000万英镑", "money", 8e7, None, "GBP", "approx"),
    ("卖15块钱。", "15块钱", "money", 15, None, "CNY", "exact"),
    ("零售总额￥28,694。", "￥28,694", "money", 28694, None, "CNY", "exact"),
    ("募资约US$3亿。", "约US$3亿", "money", 3e8, None, "USD", "approx"),
    # measure words and physical units
    ("发现不合格产品47批次，", "47批次", "quantity", 47, None, "批次", "exact"),
    ("接种320万剂次。", "320万剂次", "quantity", 3200000, None, "剂次", "exact"),
    ("全长128公里。", "128公里", "quantity", 128, None, "km", "exact"),
    ("距离120千米。", "120千米", "quantity", 120, None, "km", "exact"),
    ("面积2万平方米。", "2万平方米", "quantity", 20000, None, "m²", "exact"),
    ("蓄水2.6亿立方米。", "2.6亿立方米", "quantity", 2.6e8, None, "m³", "exact"),
    ("产量1.5亿吨。", "1.5亿吨", "quantity", 1.5e8, None, "t", "exact"),
    ("体重120公斤。", "120公斤", "quantity", 120, None, "kg", "exact"),
    ("大米500千克。", "500千克", "quantity", 500, None, "kg", "exact"),
    ("苹果两百斤。", "两百斤", "quantity", 200, None, "斤", "exact"),
    ("内存256GB。", "256GB", "quantity", 256, None, "GB", "exact"),
    ("气温38℃。", "38℃", "quantity", 38, None, "°C", "exact"),
    # durations
    ("对6个月内的产品。", "6个月内", "duration", 6, None, "month", "at_most"),
    ("工作了9年。", "9年", "duration", 9, None, "year", "exact"),
    ("十年来变化很大。", "十年", "duration", 10, None, "year", "exact"),
    ("驻留了292天。", "292天", "duration", 292, None, "day", "exact"),
    ("干了一年半。", "一年半", "duration", 1.5, None, "year", "exact"),
    # ordinals and names
    ("获得第三名。", "第三名", "ordinal", 3, None, "名", "exact"),
    ("党的二十大报告。", "二十大", "ordinal", 20, None, "大", "exact"),
    ("“十四五”规划。", "十四五", "name", None, None, None, "exact"),
    ("“十三五”期间。", "十三五", "name", None, None, None, "exact"),
    ("举办“二月半”庙会。", "二月半", "name", None, None, None, "exact"),
    ("“2024全球开发者先锋大会”在上海召开。", "2024全球开发者先锋大会", "name", None, None, None, "exact"),
    ("三大先导产业之一。", "三大", "quantity", 3, None, None, "exact"),
])
def test_forms(sentence: str, surface: str, kind: str, value: float | None, high: float | None,
               unit: str | None, qualifier: str) -> None:
    fact = only(sentence, PUB)
    assert (fact.surface, fact.kind, fact.unit, fact.qualifier) == (surface, kind, unit, qualifier)
    assert fact.value == pytest.approx(value) if value is not None else fact.value is None
    assert fact.value_high == pytest.approx(high) if high is not None else fact.value_high is None
    assert sentence[fact.char_start:fact.char_end] == surface


def test_ordinals_of_a_plenum() -> None:
    facts = extract_facts("党的二十届三中全会明确将人工智能列入战略性产业。")
    assert [(f.surface, f.kind, f.value, f.unit) for f in facts] == [
        ("二十届", "ordinal", 20.0, "届"), ("三中全会", "ordinal", 3.0, "中全会")]


def test_phases_one_and_two() -> None:
    fact = extract_facts("一二期总面积达2万平方米的园区")[0]
    assert (fact.kind, fact.value, fact.value_high, fact.unit) == ("ordinal", 1.0, 2.0, "期")


@pytest.mark.parametrize(("sentence", "subject"), [
    ("合格率96.8%。", "合格率"),
    ("发现不合格产品47批次，", "不合格产品"),
    ("其中生产企业338批次、销售实体店1015批次", "生产企业"),
    ("地区生产总值达到3.2万亿元。", "地区生产总值"),
    ("我国共有302款生成式人工智能服务在国家网信办完成备案。", "生成式人工智能服务"),
    ("比赛最终以3:2结束。", None),
])
def test_subject(sentence: str, subject: str | None) -> None:
    assert extract_facts(sentence)[0].subject == subject


@pytest.mark.parametrize(("sentence", "direction"), [
    ("同比增长5.2%。", "increase"), ("比上年下降0.3个百分点。", "decrease"),
    ("价格上涨了两成。", "increase"), ("人数减少12人。", "decrease"), ("合格率96.8%。", None),
])
def test_direction(sentence: str, direction: str | None) -> None:
    assert extract_facts(sentence)[0].direction == direction


def test_full_date() -> None:
    fact = only("△2025年4月29日，习近平总书记在上海考察。")
    assert (fact.kind, fact.year, fact.month, fact.day) == ("date", 2025, 4, 29)
    assert fact.date_start == fact.date_end == dt.date(2025, 4, 29)


def test_day_range_carries_the_month_over() -> None:
    fact = only("3月22日至24日，安华镇举办庙会。", dt.date(2024, 3, 25))
    assert fact.surface == "3月22日至24日"
    assert (fact.date_start, fact.date_end) == (dt.date(2024, 3, 22), dt.date(2024, 3, 24))


def test_month_range_and_periods() -> None:
    assert (only("1—9月，投资增长", PUB).date_start, only("1—9月，投资增长", PUB).date_end) == (
        dt.date(2025, 1, 1), dt.date(2025, 9, 30))
    end_of_year = only("截至2024年底，")
    assert (end_of_year.qualifier, end_of_year.date_start, end_of_year.date_end) == (
        "at_most", None, dt.date(2024, 12, 31))
    half = only("2024年上半年，")
    assert (half.date_start, half.date_end) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    quarter = only("2023年第一季度，")
    assert (quarter.date_start, quarter.date_end) == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert only("2024年初，").date_end == dt.date(2024, 1, 31)


def test_relative_years_come_from_the_publication_date_never_the_clock() -> None:
    assert only("自去年9月投入运营以来", PUB).year == 2024
    assert only("自去年9月投入运营以来", None).year is None
    assert only("4月29日，总书记来到这里。", PUB).year == 2025
    undated = only("4月29日，总书记来到这里。", None)
    assert (undated.year, undated.month, undated.day, undated.date_start) == (None, 4, 29, None)


NEGATIVES = [
    "全省统一部署了这项工作。", "这是唯一的解决办法。", "对同一产品不再重复抽查。",
    "关注同一个课题。", "推动长三角一体化高质量发展。", "抓住下游的应用需求是突围方向之一。",
    "上海已形成一批产业创新成果。", "一群年轻人正以创新之力唱响青春强音。", "一些企业面临转型压力。",
    "一方面要加强监管。", "为千行百业高质量发展注入强劲动力。", "这件事情十分重要。",
    "千万不要相信陌生人。", "万一出现问题要及时报告。", "各方力量缺一不可。",
    "这是全国首个大模型创新生态社区。", "引领新一轮科技革命。", "加快发展新一代人工智能。",
    "我们要进一步深化改革。", "他们第一时间赶到了现场。", "引入第三方机构。", "这是一个重要的里程碑。",
    "全市已建成5G网络。", "OpenAI发布了GPT-4模型。", "请拨打12345热线。", "咨询电话：010-65123456。",
    "手机号码13812345678。", "大会于上午9:30开幕。", "几十个人围在一起讨论。", "惠及千家万户。",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_negatives_yield_no_facts(sentence: str) -> None:
    assert extract_facts(sentence, published_date=PUB) == []


def test_sentences_without_numerals_are_skipped() -> None:
    assert extract_facts("") == []
    assert extract_facts("人工智能正在持续迭代发展。") == []


def _facts_by_full_scan(sentence: str, published: dt.date | None) -> list[Fact]:
    """extract_facts as first written: visit every numeral run, skip those already parsed
    (with the folding, identifier spans and soundness check it has since gained)."""
    import re

    import dataclasses

    from etl.facts.extract import _BECOMES, _keeps_space, _parse_at, _shares_bound, _sound, _unfold, _with_subject
    from etl.facts.sentence_dates import in_year, year_before
    from etl.facts.numerals import RUN_CHARS
    from etl.facts.fold import fold_numbers
    from etl.facts.identifiers import identifier_spans
    from etl.facts.numerals import CN_NUMERAL_CHARS
    text, where = fold_numbers(sentence, _keeps_space)
    blocked = identifier_spans(text)
    facts: list[Fact] = []
    done = subject_floor = 0
    shared = False
    for run in re.finditer(f"[0-9{CN_NUMERAL_CHARS}半]+", text):
        if run.start() < done:
            continue
        if span := next((b for b in blocked if b[0] <= run.start() < b[1]), None):
            done = span[1]
            continue
        fact, done = _parse_at(text, run.start(), run.end(), published, facts[-1].char_end if facts else 0, "CNY",
                               subject_floor)
        if fact is not None and _sound(fact):
            if fact.date_method == "publication_year" and (year := year_before(facts, fact)) is not None:
                fact = in_year(fact, year)
            if fact.subject is None and facts and facts[-1].subject and (
                    fact.direction or text[facts[-1].char_end:fact.char_start] in _BECOMES):
                fact = _with_subject(fact, facts[-1].subject)
            shared = bool(facts) and fact.qualifier == "exact" and _shares_bound(text, facts[-1], fact, shared)
            if shared:
                fact = dataclasses.replace(fact, qualifier=facts[-1].qualifier)
            if fact.kind != "date" or text[fact.char_end:fact.char_end + 2].strip("的")[:1] not in RUN_CHARS:
                subject_floor = fact.char_end
            facts.append(fact)
    return [_unfold(f, sentence, where) for f in facts] if where is not None else facts


def test_searching_for_runs_finds_what_a_full_scan_finds() -> None:
    gold = Path(__file__).resolve().parents[1] / "gold"
    sentences = [line[2:] for path in sorted(gold.glob("**/*.gold"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("> ")]
    sentences += ["2025年4月29日，3月22日至24日共签约1477项。", "截至2024年底，增长12.5%。", "第一二期工程3至5万元",
                  "拨打12345热线", "GPT-4模型在2024全球开发者先锋大会上发布", "三分之一的企业，百分之二十"]
    assert len(sentences) > 100
    for sentence in sentences:
        assert extract_facts(sentence, published_date=PUB) == _facts_by_full_scan(sentence, PUB), sentence


# Pieces a number's left context is made of: qualifiers, currency symbols, signs, gaps.
_LEFT_PIECES = ["近", "约", "超过", "不少于", "最近", "有", "达", "第", "零下", "-", "−", "￥", "HK$", "$", "元",
                "A", "5", "，", "产量", "共"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LEFT_PIECES), max_size=8), st.booleans(), st.booleans())
def test_left_context_reads_no_further_than_its_reach(pieces: list[str], bare: bool, dash: bool) -> None:
    """quantity_fact passes left_of only the last LEFT_REACH characters before the
    number; with the whole text before it the answer must be the same."""
    from etl.facts.context import LEFT_REACH, left_of
    before = "".join(pieces)
    assert left_of(before[-LEFT_REACH:], bare, dash) == left_of(before, bare, dash)
