"""Subjects of numbers in sentences of the real-world pages (../shared/realworld), read
from a random sample of the facts a scratch ingest gave: what each number measures."""
from __future__ import annotations

import pytest

from etl.facts.extract import extract_facts

CASES = [
    # a measure with 的 and a noun after it measures that noun
    ("在接下去的4年里，他买下这里5万英亩的土地并把它移交给国家公园。", "5万英亩", "土地"),
    ("一家四口在36平米的瓦房里挤了20多年。", "36平米", "瓦房"),
    ("这一个亿的资产里有一些租金收入，以及2，000 平方米的商铺。", "2，000 平方米", "商铺"),
    ("全国有70%的江河水系受到污染。", "70%", "江河水系"),
    ("北京市71.3%的居民积极支持此规定。", "71.3%", "居民"),
    # ...but not when the number is a change: 增长5%的目标 is no measure of the goal
    ("经济增长5%的目标已经实现。", "5%", "经济"),
    # a dateline opens the story and measures nothing
    ("信息时报讯（记者李莉通讯员刘清华）7岁，正是无忧的年龄；", "7岁", None),
    # the rest of a compound unit is no subject
    ("2000元／年·人，其中：", "2000元", None),
    # a speaker's words and a modal verb are taken off; 含 (contains) ends a count's item
    ("“保守地说金牌会有3－5块。", "3－5块", "金牌"),
    ("还另加每月住房补贴500元。", "500元", "每月住房补贴"),
    ("南山奶粉5批次含强致癌物", "5批次", "南山奶粉"),
    # a connective opening the clause names nothing
    ("汤先生夫妇所在单位都属于聘用制，一年一签，因此两人一直没敢大手大脚地“挥霍”。", "两人", None),
    ("国际上一般标准数值的确定四舍五入，因此是1毫克。", "1毫克", None),
]


@pytest.mark.parametrize(("sentence", "surface", "subject"), CASES, ids=[c[1] for c in CASES])
def test_the_subject_is_what_the_number_measures(sentence, surface, subject):
    found = {f.surface: f.subject for f in extract_facts(sentence)}
    assert surface in found, found
    assert found[surface] == subject
