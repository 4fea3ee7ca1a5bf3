"""split_articles and split_sentences on the samples and on small cases."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.text.normalize import normalize_text
from etl.text.articles import Article, split_articles
from etl.text.segment import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# What etl.decoding.decode repairs in 003; applied here so these tests do not depend on it.
DECODE_REPAIRS = {"上?!澳K倏臻g”": "上海“模速空間”", "應?!?/p>": "應。”</p>"}


def normalized_sample(name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    for before, after in DECODE_REPAIRS.items():
        text = text.replace(before, after)
    return normalize_text(text).text


@pytest.fixture(scope="module")
def doc000() -> str:
    return normalized_sample("000_628889c2a6d9b173.txt")


@pytest.fixture(scope="module")
def doc003() -> str:
    return normalized_sample("003_d09a9a5e3ae4f874.txt")


def article_text(doc: str, article: Article) -> str:
    return doc[article.char_start:article.char_end]


# --- articles -------------------------------------------------------------------------

def test_sample_000_has_three_articles_with_titles_and_sources(doc000):
    articles = split_articles(doc000)
    assert [a.seq for a in articles] == [0, 1, 2]
    assert [a.title for a in articles] == [
        "长三角2023年产品质量联动抽查结果公布", "浙江诸暨举办“二月半”传统庙会", "抓应用塑生态 上海大模型产业提速跑",
    ]
    assert [a.source for a in articles] == ["安徽日报", None, "新华网"]
    assert [a.photographer for a in articles] == [None, "徐昱", None]
    assert all(a.editor is None and a.published_date is None and a.published_date_method is None for a in articles)


def test_sample_000_articles_are_slices_with_heading_and_metadata(doc000):
    articles = split_articles(doc000)
    texts = [article_text(doc000, a) for a in articles]
    assert all(t.startswith("## ") for t in texts)
    assert texts[0].endswith("来源：安徽日报") and texts[1].endswith("新华社记者 徐昱 摄") and texts[2].endswith("来源：新华网")
    assert articles[0].char_start == 0 and articles[-1].char_end == len(doc000)
    assert all(a.char_end < b.char_start for a, b in zip(articles, articles[1:]))


def test_sample_003_is_one_article_with_editor_and_date(doc003):
    (article,) = split_articles(doc003)
    assert (article.char_start, article.char_end) == (0, len(doc003))
    assert article.title is None  # the first line is a long sentence, not a title
    assert article.editor == "畅任杰"
    assert article.published_date == dt.date(2025, 4, 29)
    assert article.published_date_method == "caption"
    assert article.source is None and article.photographer is None


def test_no_heading_document_with_a_title_line():
    doc = "浙江诸暨举办“二月半”传统庙会\n3月22日至24日，举办传统庙会。\n来源：新华网"
    (article,) = split_articles(doc)
    assert article.title == "浙江诸暨举办“二月半”传统庙会"
    assert article.source == "新华网"


def test_stated_date_line_wins_over_captions():
    doc = "## 标题\n发布时间：2025-05-02 10:30\n△2025年4月29日，考察。\n正文。"
    (article,) = split_articles(doc)
    assert (article.published_date, article.published_date_method) == (dt.date(2025, 5, 2), "metadata")


def test_text_before_the_first_heading_is_an_article():
    articles = split_articles("导语一段。\n## 第一篇\n正文。")
    assert [(a.title, a.char_start) for a in articles] == [(None, 0), ("第一篇", 6)]


def test_empty_document_has_no_articles():
    assert split_articles("") == []


# --- sentences ------------------------------------------------------------------------

def test_sentences_are_exact_stripped_slices(doc000, doc003):
    for doc in (doc000, doc003):
        for article in split_articles(doc):
            text = article_text(doc, article)
            sentences = split_sentences(text)
            assert [s.seq for s in sentences] == list(range(len(sentences)))
            for s in sentences:
                assert s.text == text[s.char_start:s.char_end] == s.text.strip() != ""
                assert "\n" not in s.text
            assert all(a.char_end <= b.char_start for a, b in zip(sentences, sentences[1:]))


def test_sample_000_paragraph_types(doc000):
    first, second, _ = split_articles(doc000)
    types = [(s.paragraph_type, s.text) for s in split_sentences(article_text(doc000, second))]
    assert types[0] == ("title", "浙江诸暨举办“二月半”传统庙会")
    assert types[1] == ("caption", "3月23日拍摄的夜色中的安华镇庙会（无人机照片）。")
    assert types[-1] == ("photo_credit", "新华社记者 徐昱 摄")
    last = split_sentences(article_text(doc000, first))[-1]
    assert (last.paragraph_type, last.text) == ("source", "来源：安徽日报")


def test_sample_000_quote_and_rejoined_sentences(doc000):
    texts = [s.text for a in split_articles(doc000) for s in split_sentences(article_text(doc000, a))]
    assert "“联动抽查是长三角推进产品质量安全一体化协同治理的重要举措。”" in texts
    assert any(t.startswith("去年，") and t.endswith("发现不合格产品47批次，合格率96.8%。") for t in texts)
    assert "如何在激烈的竞争中脱颖而出？" in texts
    assert any("（基于手语大模型的交互式数字人手语翻译）。" in t for t in texts)


def test_sample_003_captions_titles_and_ellipsis(doc003):
    (article,) = split_articles(doc003)
    sentences = split_sentences(article_text(doc003, article))
    captions = [s for s in sentences if s.paragraph_type == "caption"]
    assert len(captions) == 3 and all(s.text.startswith("△2025年4月29日") for s in captions)
    texts = [s.text for s in sentences]
    assert "2017年，国务院印发《新一代人工智能发展规划》；" in texts
    assert "推动传统产业转型升级，助力战略性新兴产业高效成长，赋能未来产业“加速跑”……" in texts
    assert sentences[-1].paragraph_type == "editor" and sentences[-1].text == "责任编辑：畅任杰"
    quoted = next(t for t in texts if t.startswith("总书记深刻指出"))
    assert quoted.endswith("产生示范效应。”")
    assert {s.paragraph_type for s in sentences} == {"body", "caption", "editor"}


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("他说：“我们要努力。我们一定能成功。”大家鼓掌。", ["他说：“我们要努力。我们一定能成功。”", "大家鼓掌。"]),
    ("书名《你好。世界》很长。", ["书名《你好。世界》很长。"]),
    ("合格率96.8%，共1,024批次；比分3:2。", ["合格率96.8%，共1,024批次；", "比分3:2。"]),
    ("苹果、香蕉……等水果很多！真的吗？", ["苹果、香蕉……等水果很多！", "真的吗？"]),
    ("他问：“好吗？！”", ["他问：“好吗？！”"]),
    ("没有句号的段落", ["没有句号的段落"]),
])
def test_sentence_boundaries(paragraph, expected):
    assert [s.text for s in split_sentences(paragraph)] == expected


def test_paragraph_seq_and_types_in_a_small_article():
    article = "## 标题\n第一段。第二句。\n△图片说明。\n来源：新华网"
    got = [(s.paragraph_seq, s.paragraph_type, s.text) for s in split_sentences(article)]
    assert got == [
        (0, "title", "标题"), (1, "body", "第一段。"), (1, "body", "第二句。"),
        (2, "caption", "△图片说明。"), (3, "source", "来源：新华网"),
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["## 标题", "甲。", "乙，", "“丙。”", "……", "《丁。》", "\n", "来源:新华网", "△图", " ", "1,0", "?"]), max_size=30).map("".join))
def test_articles_and_sentences_always_slice_the_text(raw):
    doc = normalize_text(raw).text
    articles = split_articles(doc)
    assert all(0 <= a.char_start < a.char_end <= len(doc) for a in articles)
    for article in articles:
        text = article_text(doc, article)
        for s in split_sentences(text):
            assert s.text == text[s.char_start:s.char_end] and s.text == s.text.strip() and s.text
