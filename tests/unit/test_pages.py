"""etl.pages: every container gives clean, titled, dated articles as spans of the text.

Test pages are in tests/fixtures/pages/ (made by make_pages.py there); the real-world
development pages (../shared/realworld) are used when they are present.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from etl.decoding.decode import decode_bytes
from etl.facts.extract import extract_facts
from etl.pages import NoArticleText, PageArticle, articles_from_document, container_of
from etl.text.normalize import normalize_text
from etl.text.articles import split_articles
from etl.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file() and p.suffix != ".py")


def load(path: Path) -> tuple[str, str, list[PageArticle]]:
    markup = decode_bytes(path.read_bytes(), source=path.name).text
    text = normalize_text(markup).text
    return markup, text, articles_from_document(path.name, markup, text)


def sentences(article: PageArticle, text: str) -> list[str]:
    return [s.text for s in split_sentences(article.text(text))]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_plain_text_gives_split_articles_unchanged(path):
    try:
        markup = decode_bytes(path.read_bytes(), source=path.name).text
    except Exception:
        pytest.skip("does not decode")
    text = normalize_text(markup).text
    expected = split_articles(text)
    got = articles_from_document(path.name, markup, text)
    assert container_of(markup) == "text"
    assert [(a.seq, a.spans, a.title, a.source, a.editor, a.photographer, a.published_date, a.published_date_method)
            for a in got] == [((e.seq, ((e.char_start, e.char_end),), e.title, e.source, e.editor, e.photographer,
                                e.published_date, e.published_date_method)) for e in expected]
    assert [a.text(text) for a in got] == [text[e.char_start:e.char_end] for e in expected]


def test_empty_text_has_a_verdict():
    with pytest.raises(NoArticleText, match="no text after normalization"):
        articles_from_document("empty.txt", "", "")


def test_html_page_keeps_the_article_and_no_furniture():
    markup, text, articles = load(PAGES / "news_page.gbk.html")
    assert len(articles) == 1
    a = articles[0]
    assert (a.container, a.title, a.url) == ("html", "本市上半年新增就业岗位12万个", "http://news.example.cn/2023/07/14/c_1129.htm")
    assert (a.published_date, a.published_time, a.published_date_method) == (dt.date(2023, 7, 14), dt.time(9, 30), "date_line")
    assert (a.source, a.author) == ("示例日报", "李明")
    body = a.text(text)
    assert "同比增长8.5%" in body and "涉及制造业、服务业等20多个行业" in body
    for furniture in ("2147483647", "%22", "首页", "红包", "分享到", "相关新闻", "网友", "Copyright", "NewsArticle"):
        assert furniture not in body, furniture
    assert "z-index" in text and "%22%20%3A" in text  # the furniture stays in the document text
    facts = [f.surface for s in sentences(a, text) for f in extract_facts(s, published_date=a.published_date)]
    assert "2147483647" not in facts and "20%" not in facts and "35%" not in facts


def test_html_content_is_spans_of_the_document_text():
    _, text, (a,) = load(PAGES / "news_page.gbk.html")
    body, positions = a.text(text), a.positions()
    assert len(positions) == len(body) + 1
    for i, char in enumerate(body):
        if char != "\n":
            assert text[positions[i]] == char
    assert all(0 <= s < e <= len(text) for s, e in a.spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(a.spans, a.spans[1:]))


def test_a_page_without_content_is_no_article_text():
    markup = (PAGES / "empty_page.html").read_text(encoding="utf-8")
    with pytest.raises(NoArticleText) as err:
        articles_from_document("empty_page.html", markup, normalize_text(markup).text)
    assert err.value.container == "html" and "readability" in err.value.verdict


def test_sogou_dump_gives_one_titled_dated_article_per_doc():
    markup, text, articles = load(PAGES / "sogou_dump.dat")
    assert decode_bytes((PAGES / "sogou_dump.dat").read_bytes()).encoding in ("gbk", "gb18030")
    assert [a.container for a in articles] == ["sogou"] * 3
    assert [a.title for a in articles] == ["地铁3号线延长线年底通车", "本市启动夏季用电高峰应对", "专题：城市更新"]
    assert [a.published_date for a in articles] == [dt.date(2012, 6, 13), dt.date(2012, 6, 14), None]
    assert articles[0].published_date_method == "url" and articles[0].url.endswith("n345424232.shtml")
    assert [a.source for a in articles[:2]] == ["千龙网", "新华社"] and articles[0].author == "王芳"
    for a in articles:
        body = a.text(text)
        assert "http" not in body and "shtml" not in body and "34913306" not in body  # no URL or docno glued in
        assert "\ue40c" not in body
    assert sentences(articles[0], text)[:3] == ["地铁3号线延长线年底通车", "千龙网北京6月13日讯 记者王芳 地铁3号线延长线将于年底通车，全长12.6公里。", "昨日，记者从市交通委获悉，延长线共设车站8座。"]


def test_a_sogou_dump_cut_short_keeps_its_last_record_as_far_as_it_goes():
    # An interrupted download ends inside a record: its title and the text it has are
    # kept (with the facts in them), a record that lost only its </doc> ends at the next one.
    data = (PAGES / "sogou_dump.dat").read_bytes()
    markup = decode_bytes(data).text
    cut = markup[:markup.index("延长线共设车站８座") + 9]  # the dump writes full-width digits
    text = normalize_text(cut).text
    articles = articles_from_document("cut.dat", cut, text)
    assert [(a.title, a.cut_short) for a in articles] == [("地铁3号线延长线年底通车", True)]
    assert sentences(articles[0], text)[-1] == "昨日，记者从市交通委获悉，延长线共设车站8座"
    assert [f.value for f in extract_facts(sentences(articles[0], text)[-1])] == [8]
    unclosed = markup.replace("</doc>", "", 1)
    whole = articles_from_document("x.dat", unclosed, normalize_text(unclosed).text)
    assert [(a.title, a.cut_short) for a in whole] == [
        ("地铁3号线延长线年底通车", False), ("本市启动夏季用电高峰应对", False), ("专题：城市更新", False)]


def test_sogou_datelines_and_relative_days_resolve_against_the_article_date():
    _, text, articles = load(PAGES / "sogou_dump.dat")
    a = articles[0]
    dates = [f for s in sentences(a, text) for f in extract_facts(s, published_date=a.published_date) if f.kind == "date"]
    assert [(f.surface, f.date_start, f.date_method) for f in dates] == [
        ("6月13日", dt.date(2012, 6, 13), "dateline"), ("12日", dt.date(2012, 6, 12), "publication_month")]
    assert not [f for s in sentences(a, text) for f in extract_facts(s) if f.kind == "quantity" and f.value == 20120613]


def test_json_lines_crawl_gives_one_article_per_record():
    _, text, articles = load(PAGES / "crawl.jsonl")
    assert [a.container for a in articles] == ["jsonl", "jsonl"]
    assert [a.title for a in articles] == ["港口集装箱吞吐量创新高", "春季招聘会提供岗位1.2万个"]
    assert [(a.published_date, a.published_time) for a in articles] == [(dt.date(2024, 3, 5), dt.time(10, 20)), (dt.date(2024, 3, 6), None)]
    assert [a.url for a in articles] == ["https://port.example.cn/news/8801.html", "https://port.example.cn/news/8802.html"]
    assert (articles[0].author, articles[1].source) == ("张华", "示例晚报")
    assert sentences(articles[0], text) == ["港口集装箱吞吐量创新高", "今年前两个月，港口集装箱吞吐量达到520万标准箱，同比增长9.1%。",
                                           "昨天，新航线正式开通，每周2班。"]
    assert all('"' not in a.text(text) and "content" not in a.text(text) for a in articles)


def test_json_lines_written_with_unicode_escapes_give_their_articles():
    """json.dumps' default writes \\u6e2f for 港: the text is unescaped with its position map,
    so each character still points at its escape in the file."""
    import json
    records = [{"title": "港口吞吐量创新高", "content": "<p>前两个月吞吐量达到520万标准箱。</p>\n新航线\"正式\"开通。",
                "publish_time": 1709605200},
               {"title": "招聘会提供岗位", "content": "提供岗位1.2万个 😀。", "date": "2024-03-06"}]
    markup = "\n".join(json.dumps(r) for r in records) + "\n"
    assert "\\u6e2f" in markup
    normalized = normalize_text(markup)
    articles = articles_from_document("escaped.jsonl", markup, normalized.text)
    assert [a.title for a in articles] == ["港口吞吐量创新高", "招聘会提供岗位"]
    assert [a.text(normalized.text).split("\n")[1:] for a in articles] == [
        ["前两个月吞吐量达到520万标准箱。", '新航线"正式"开通。'], ["提供岗位1.2万个 😀。"]]
    assert [(a.published_date, a.published_time) for a in articles] == [
        (dt.date(2024, 3, 5), dt.time(10, 20)), (dt.date(2024, 3, 6), None)]
    at = normalized.text.index("港")
    source = int(normalized.source_offsets[at])
    assert markup[source:source + 6] == "\\u6e2f"
    at = normalized.text.index("520")
    assert markup[int(normalized.source_offsets[at]):].startswith("520")


REALWORLD = ROOT.parent / "shared" / "realworld"
CWCE = sorted((REALWORLD / "files").glob("cwce_*.html")) if REALWORLD.exists() else []


@pytest.mark.skipif(not CWCE, reason="../shared/realworld is not here")
def test_realworld_pages_are_titled_and_dated():
    dated = right = 0
    for path in CWCE:
        _, _, (a,) = load(path)
        assert a.title and not re.search(r"[_|]|--|新浪网|搜狐|雅虎新闻", a.title), (path.name, a.title)
        gold = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", (REALWORLD / "gold" / f"{path.stem}.date.txt").read_text())
        if gold:
            dated += 1
            right += a.published_date == dt.date(*map(int, gold.groups()))
    assert right >= 0.85 * dated


@pytest.mark.skipif(not CWCE, reason="../shared/realworld is not here")
def test_realworld_furniture_lines_are_dropped_and_article_headings_kept():
    _, text, articles = load(REALWORLD / "files" / "cwce_c268c1b4.html")
    body = "\n".join(a.text(text) for a in articles)
    for furniture in ("上一页", "延伸阅读", "湖南夫妻在广东珠海非法集资诈骗2亿元潜逃", "图片说明1"):
        assert furniture not in body
    for heading in ("骗局之1", "老中医绝食49天", "老中医下战书"):  # article headings right after the list
        assert heading in body
    _, text, articles = load(REALWORLD / "files" / "cwce_8cb7b39d.html")
    assert "蔡雪婧/摄" not in articles[0].text(text)
    _, text, articles = load(REALWORLD / "files" / "cwce_b4c2eccd.html")
    assert "网友评论" not in articles[0].text(text)


@pytest.mark.skipif(not CWCE, reason="../shared/realworld is not here")
def test_realworld_teasers_after_the_editor_credit_and_hotline_banners_are_dropped():
    _, text, (article,) = load(REALWORLD / "files" / "gne_people_1.html")
    body = article.text(text)
    assert body.rstrip().endswith("（责编：汤诗瑶、丁涛）") and "致敬改革开放四十年" not in body
    assert "诫子诗" in body  # the article before the credit stays
    for name, banner, story in (("twnews_chinatimes", "生命线", "97岁母亲"), ("twnews_ettoday", "0800-788995", "44岁陈姓")):
        _, text, (article,) = load(REALWORLD / "files" / f"{name}.html")
        body = article.text(text)
        assert banner not in body and "提醒您" not in body and "关心您" not in body, name
        assert story in body, name


@pytest.mark.skipif(not CWCE, reason="../shared/realworld is not here")
def test_realworld_authors_match_the_hand_made_gold():
    """Author per development page as the hand-made gold has it (UNKNOWN or empty: none)."""
    wrong = []
    for path in CWCE:
        gold_file = REALWORLD / "gold" / f"{path.stem}.author.txt"
        if not gold_file.exists():
            continue
        gold = " ".join(gold_file.read_text(encoding="utf-8").split())
        _, _, articles = load(path)
        expected = None if gold in ("", "UNKNOWN") else gold
        if articles[0].author != expected:
            wrong.append((path.stem, expected, articles[0].author))
    assert not wrong


@pytest.mark.parametrize("byline, author", [
    ("文｜张三", "张三"), ("作者 | 张三", "张三"), ("记者：张三 通讯员：李四", "张三"),
    ("中央社记者张三台北7日电", "张三"), ("记者于洋 报道", "于洋"), ("新华社北京9月7日电（记者张三、李四）", "张三 李四"),
    ("记者了解到，全市共有3000家企业。", None), ("记者从市交通委获悉，地铁将开通。", None),
])
def test_byline_forms(byline, author):
    from etl.pages.byline import author_in
    assert author_in(byline) == author
