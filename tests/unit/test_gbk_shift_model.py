"""The news trigram model behind GBK frame-shift repair (issue 16) and the fills it
makes possible: punctuation, a document's script, and no fill when a reader may have
eaten a line end."""
from __future__ import annotations


import numpy as np
import pytest

from etl.decoding.hanzi_ngram import NgramModel, ngram_model
from etl.decoding.mojibake import find_fixes
from etl.positions.offsets import apply_edits

SENTENCES = (
    "黄明：现在我宣布，第十二届全国运动会开幕。\n"
    "国家统计局今天发布数据，一季度国内生产总值同比增长百分之五点三。\n"
    "公安部表示，今年以来全国共破获电信诈骗案件一万二千余起。\n"
)


def damaged_at(text: str, index: int) -> str:
    """``text`` as GBK whose character at ``index`` lost its lead byte, read back by
    Python's decoder (an invalid pair is U+FFFD)."""
    data = text.encode("gbk")
    at = len(text[:index].encode("gbk"))
    return (data[:at] + b"?" + data[at + 1:]).decode("gbk", "replace")


def repaired(text: str) -> str:
    fixes = find_fixes(text)
    return apply_edits(text, [(f.start, f.end, f.after) for f in fixes])[0]


@pytest.mark.parametrize("context", ["记者", "中华", "。\n", "\x00\x01"])
def test_trigram_probabilities_sum_to_one_over_the_corpus_characters(context):
    model = ngram_model()
    every = np.arange(model.size)
    a, b = (np.full(model.size, model.indexes(np.array([ord(c)]))[0]) for c in context)
    assert model.prob3(a, b, every).sum() == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("index,after", [(7, "布，"), (32, "据，"), (79, "千余起。")])
def test_a_lost_punctuation_byte_is_filled_when_the_model_is_sure(index, after):
    damaged = damaged_at(SENTENCES, index)
    (fix,) = find_fixes(damaged)
    assert fix.after == after and fix.score >= 0.995
    assert repaired(damaged) == SENTENCES


def test_a_traditional_document_gets_the_traditional_form():
    text = "上海市政府今天宣布，全國首個大模型創新社區開幕。全國人民都很高興。\n"
    damaged = damaged_at(text, text.index("國"))
    assert "国" not in repaired(damaged)


def test_no_punctuation_is_filled_where_a_reader_may_have_eaten_a_line_end():
    # SogouCS re-encoded as GBK, read by a reader that swallows the byte after an
    # invalid pair: ``］\n`` came out as ``。?`` and a comma fits the run-on text.
    damaged = "万希望卡持卡?说淖８：凸匦摹＃邸∠晗浮。?“关注贫"
    for fix in find_fixes(damaged):
        assert not fix.after.endswith("，")


@pytest.mark.parametrize("after,right", [("</contenttitle>", "\n"), ("<br>今天", "\n"), ("。今天开", "。今天开")])
def test_a_tag_after_a_span_ends_its_context_like_a_line_end(after, right):
    # In the SogouCS dump, ``基金会管理条例</contenttitle>`` got 条利: the document's
    # many ``利</contenttitle>`` outweighed the news model on the character before a tag.
    from etl.decoding.shift_fill import _slots
    from etl.decoding.shift_span import readings

    text = "基金会管?硖趵?" + after
    (reading,) = readings(text, text.index("?"), 40)
    slots, holes = _slots(text, reading)
    assert "".join(s[0] for s in slots[holes[-1] + 1:]) == right
