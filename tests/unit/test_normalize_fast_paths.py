"""The fast paths of normalize and segment give what the plain versions gave."""
from __future__ import annotations

import dataclasses
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.text.normalize import _ANY_MARK, _ASCII_PAIR, HTML_TAG_PATTERN, cjk_punctuation, remove_pinyin_notes
from etl.text.markup_steps import _INVISIBLE, remove_invisible, unify_newlines
from etl.positions.offsets import apply_edits, delete_matches, replace_matches, sub_with_map
from etl.text.pinyin import note_pattern
from etl.text.script import convert_script
from etl.text.articles import _ARTICLE_HEADING
from etl.text.segment import Sentence, sentence_ends, split_sentences

ALPHABET = list("甲乙長(（)）&;#<>/p!b\n\r \t\u3000aáz0１,.:?。”“…") + ["<p>", "</div>", "(cháng)", "&amp;"]


def random_texts(n: int = 400, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def reference(pattern: re.Pattern[str], text: str, repl):
    """The slow, obvious version: one edit per match object."""
    edits = [(m.start(), m.end(), repl(m.group())) for m in pattern.finditer(text)]
    edits = [e for e in edits if e[2] != text[e[0]:e[1]]]
    new, mapping = apply_edits(text, edits)
    return new, None if mapping is None else mapping.tolist(), len(edits)


def as_lists(result):
    new, mapping, n = result
    return new, None if mapping is None else mapping.tolist(), n


@pytest.mark.parametrize("pattern", [re.compile(r"\s+"), HTML_TAG_PATTERN, note_pattern()])
def test_split_based_edits_match_finditer(pattern):
    for text in random_texts():
        assert as_lists(delete_matches(pattern, text)) == reference(pattern, text, lambda s: "")
        assert as_lists(replace_matches(pattern, text, "_")) == reference(pattern, text, lambda s: "_")
        upper = str.upper
        assert as_lists(sub_with_map(pattern, upper, text)) == reference(pattern, text, upper)


def test_replace_matches_refuses_groups():
    with pytest.raises(ValueError, match="capturing groups"):
        replace_matches(re.compile("(a)"), "a", "")


def test_unify_newlines_without_breaks_is_untouched():
    assert unify_newlines("甲\n乙") == ("甲\n乙", None, 0)


def test_cjk_punctuation_shortcut_keeps_result():
    for text in random_texts(seed=9):
        new, mapping, n = cjk_punctuation(text)
        assert mapping is None and len(new) == len(text)
        assert cjk_punctuation(new) == (new, None, 0)  # already a fixed point


def test_fast_sentences_are_ordinary_frozen_dataclasses():
    sentences = split_sentences("## 标题\n甲。乙？“丙……”等\n来源：新华网")
    first = sentences[1]
    assert first == Sentence(1, 1, "body", 6, 8, "甲。") and hash(first) == hash(Sentence(1, 1, "body", 6, 8, "甲。"))
    assert dataclasses.asdict(first)["text"] == "甲。"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "x"  # type: ignore[misc]


def test_sentence_ends_keep_ellipsis_and_quote_rules():
    text = "苹果……等水果。他说“好。”然后……，走了。"
    cuts = sentence_ends(text)
    assert [text[a:b] for a, b in zip([0, *cuts], cuts)] == ["苹果……等水果。", "他说“好。”", "然后……，走了。"]



fast_path_texts = st.lists(st.sampled_from(ALPHABET + ["\u200b", "\x00", "\ufeff", "#", "## ", "\n# "]), max_size=40).map("".join)


@given(fast_path_texts)
def test_gated_steps_match_their_plain_versions(text):
    """The str.find and single-character gates only skip passes that would change nothing."""
    assert as_lists(remove_pinyin_notes(text)) == as_lists(delete_matches(note_pattern(), text))
    assert as_lists(remove_invisible(text)) == as_lists(replace_matches(_INVISIBLE, text, ""))


@given(fast_path_texts)
def test_article_heading_scan_matches_line_start_pattern(text):
    plain = re.compile(r"^#{1,2}[ \t]+(?=\S)", re.MULTILINE)
    assert [m.span() for m in _ARTICLE_HEADING.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_simplified_text_skips_the_script_count():
    assert convert_script("长出新的城市地标 AI") == ("长出新的城市地标 AI", None, 0, "simplified")


@given(fast_path_texts)
def test_cjk_punctuation_gate_matches_ungated_loop(text):
    """With no ASCII mark left, the regex checks the gate skips would find nothing."""
    if not any(mark in text for mark in ",;:?!()"):
        assert cjk_punctuation(text) == (text, None, 0)
        assert not _ANY_MARK.search(text) and not _ASCII_PAIR.search(text)
