"""Furniture lines that portals put inside the article's container: counters, pagers,
navigation, share and print buttons. Most would otherwise make facts (阅读(1234) is a
count, 上一篇's headline brings its numbers along)."""
from __future__ import annotations

import pytest

from etl.pages.furniture import drop_furniture

FURNITURE = [
    "阅读(1234)", "评论(56)", "点赞 12", "阅读 1234 评论 56", "浏览次数：3521", "点击数：120", "0条评论",
    "已有1234人参与", "参与讨论 (3)", "字号：大 中 小", "【打印】【关闭】", "分享到：微博 微信 QQ空间",
    "上一篇：北京二手房成交量上涨30%", "下一篇：上海GDP突破3万亿元", "共3页", "第2页", "本文共2页",
    "返回顶部", "扫一扫，用手机看新闻！", "【纠错】", "我要纠错", "更多精彩内容请关注微信公众号",
    "★中时电子报关心您：再给自己一次机会", "自杀咨询专线：0800-788995（24小时）", "生命线：1995",
    "免责声明：文章观点仅代表作者本人。",
    "▲台南市永康分局报请台南地检署检察官。（图／记者林悦翻摄）", "图为2019年9月7日拍摄的现场。新华社记者 张三 摄",
    "图为会议现场。（新华社发）",
]
ARTICLE = [
    "北京二手房成交量上涨30%，阅读量最高的一篇报道被转发1234次。",
    "市民可拨打热线电话咨询，全年共接听来电3521个。",
    "第2页的表格列出了共3页的明细。",
    "评论员指出，点赞数超过12万的视频有56个。",
    "资料图：无性婚姻能走多远？", "图为什么会这样？专家说，原因有三个。", "他说：“我们发了3000万元。”",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_line_is_dropped(line):
    assert drop_furniture(["正文第一句。", line, "正文第二句。"]) == ["正文第一句。", "正文第二句。"]


def test_article_sentences_that_mention_the_same_words_stay():
    assert drop_furniture(ARTICLE) == ARTICLE


def test_ranking_list_items_after_their_heading_are_dropped():
    lines = ["热门排行", "1 北京房价上涨20%", "2 上海GDP突破3万亿元", "记者了解到，全市新建住宅均价上涨了5%。"]
    links = frozenset({"1 北京房价上涨20%", "2 上海GDP突破3万亿元"})
    assert drop_furniture(lines, links) == ["记者了解到，全市新建住宅均价上涨了5%。"]


def test_a_line_that_is_wholly_a_link_is_dropped_and_a_line_with_a_link_in_it_stays():
    links = frozenset({"点击进入“文艺星青年”>>", "国家统计局"})
    lines = ["正文第一句。", "点击进入“文艺星青年”>>", "据国家统计局消息，一季度增长5.3%。"]
    assert drop_furniture(lines, links) == ["正文第一句。", "据国家统计局消息，一季度增长5.3%。"]
