"""Normalize decoded text into clean simplified Chinese, keeping a position map.

Steps, in the order applied (each a small function returning new text, a map or
None when nothing changed, and a change count):

1-4 (etl.text.markup_steps):
1. unify_newlines        CR, CRLF, U+2028 ... become "\\n"
2. remove_invisible      control, zero-width, bidi and lone-surrogate characters
3. decode_entities       &nbsp; &#12290; &amp; ... (and, in a JSON Lines crawl written
                         with \\u escapes, the JSON string escapes first)
4. strip_tags            </p>, <br/>, <!-- --> (block tags become a line break)
   (1-4 repeat until nothing changes, so &lt;p&gt; cannot survive as a tag)
5. fold_fullwidth        ＡＩ２０２４ -> AI2024
6. remove_pinyin_notes   長(cháng) -> 長
7. convert_script        OpenCC, t2s by default; also records the original script
8. tidy_whitespace       one "\\n" between paragraphs, no blank or padded lines
9. rejoin_paragraphs     a paragraph broken in mid-sentence is joined again
10. cjk_punctuation      ASCII , ; : ? ! ( ) next to Han become ， ； ： ？ ！ （ ）

Punctuation comes last so that rejoining and metadata patterns see the same
marks on a second pass: normalize_text is idempotent on its own output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from etl.text.cjk import CJK_PUNCT, HAN, TERMINAL
from etl.text.markup import HTML_ENTITY_PATTERN, HTML_TAG_PATTERN
from etl.text.markup_steps import StepResult, run_markup_steps
from etl.positions.offsets import apply_edits, delete_matches, identity_map, replace_parts
from etl.text.paragraphs import should_join
from etl.text.pinyin import note_pattern
from etl.positions.provenance import compose
from etl.text.script import convert_script

__all__ = [
    "HTML_ENTITY_PATTERN", "HTML_TAG_PATTERN",
    "Normalized", "StepLog", "normalize_text",
]



@dataclass(frozen=True)
class StepLog:
    name: str
    changes: int


@dataclass(frozen=True)
class Normalized:
    text: str
    source_offsets: np.ndarray
    original_script: str
    steps: tuple[StepLog, ...]


# Letters, digits and ％ (SogouCS writes 6％ and 12．6); "．" only between digits.
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]|(?<=[0-9\uff10-\uff19])\uff0e(?=[0-9\uff10-\uff19])")
# Any of those characters: a class alone is scanned far faster than the pattern's alternation.
_FULLWIDTH_CHAR = re.compile("[\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FOLD_TABLE = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B), (0xFF05, 0xFF06)) for c in range(*r)}
# Runs that are not already one "\n" or " "; opening with \s lets the engine skip ahead.
_WHITESPACE = re.compile(r"\s(?:\s+|(?<=[^\S\n ]))")
_WHITESPACE_SPLIT = re.compile(f"({_WHITESPACE.pattern})")
_CONTEXT = f"{HAN}{CJK_PUNCT}"
_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PAIR = re.compile(r"\((?P<inner>[^()\n]{0,200})\)")  # a bracket pair converts as a whole
# An ASCII mark touching Chinese context on either side.
_ANY_MARK = re.compile(f"[{re.escape(''.join(_ASCII_TO_CJK))}](?:(?<=[{_CONTEXT}].)|(?=[{_CONTEXT}]))")
_HAN_CHAR = re.compile(f"[{HAN}]")
_CONTEXT_CHAR = re.compile(f"[{_CONTEXT}]")
_LATIN = re.compile(r"[A-Za-z]")
# A break that follows no terminal mark; opening with the literal "\n" is fast to scan for.
_OPEN_LINE_END = re.compile(f"\n(?<=[^{re.escape(TERMINAL)}\n]\n)")
def fold_fullwidth(text: str) -> StepResult:
    """Full-width ASCII letters and digits become half-width (same length), and so do
    ％ and a ． between digits.

    >>> fold_fullwidth("ＡＩ大模型２０２４年")[0], fold_fullwidth("１２．６公里，增长６％。．")[0]
    ('AI大模型2024年', '12.6公里，增长6%。．')
    """
    if not _FULLWIDTH_CHAR.search(text):
        return text, None, 0
    changes = len(_FULLWIDTH_ALNUM.findall(text))
    if not changes:
        return text, None, 0
    if "\uff0e" in text:
        text = _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)  # the decimal point needs its context
        return text, None, changes
    return text.translate(_FOLD_TABLE), None, changes


def remove_pinyin_notes(text: str) -> StepResult:
    """Delete pinyin notes after Han characters; real parentheticals stay.

    >>> remove_pinyin_notes("創(chuàng )新，庙会(无人机照片)，智能(AI)")[0]
    '創新，庙会(无人机照片)，智能(AI)'
    """
    starts = [i for i in (text.find("("), text.find("（")) if i >= 0]
    if not starts:  # str.find beats the regex engine's scan for the bracket
        return text, None, 0
    return delete_matches(note_pattern(), text, min(starts))


def tidy_whitespace(text: str) -> StepResult:
    """One "\\n" between paragraphs; lines trimmed; other runs become one space.

    >>> tidy_whitespace("\\n\\n  标题 \\n\\n\\u3000\\u3000正文\\t内容。\\n\\n")[0]
    '标题\\n正文 内容。'
    """
    end = len(text.rstrip())
    lead = len(text) - len(text.lstrip()) if end else 0
    inner = _WHITESPACE_SPLIT.split(text[lead:end])  # kept, run, kept, ...: every run changes
    runs = inner[1::2]
    changes = (lead > 0) + len(runs) + (end < len(text))
    if not changes:
        return text, None, 0
    parts = ["", text[:lead], *inner, text[end:], ""]  # the padding as two more runs, dropped
    new_text, mapping = replace_parts(text, parts, ["", *["\n" if "\n" in run else " " for run in runs], ""])
    return new_text, mapping, changes


def rejoin_paragraphs(text: str) -> StepResult:
    """Join a paragraph broken in mid-sentence to its continuation.

    >>> rejoin_paragraphs("## 标题\\n发现不合格产品47批次,\\n合格率96.8%。\\n来源:新华网")[0]
    '## 标题\\n发现不合格产品47批次,合格率96.8%。\\n来源:新华网'
    """
    edits = []
    for match in _OPEN_LINE_END.finditer(text):  # only lines that may be unfinished
        brk = match.start()
        start = text.rfind("\n", 0, brk) + 1
        following_end = text.find("\n", brk + 1) % (len(text) + 1)  # -1 -> end of text
        line, following = text[start:brk], text[brk + 1:following_end]
        previous = text[text.rfind("\n", 0, max(start - 1, 0)) + 1:start - 1] if start else None
        if line and following and should_join(line, following, previous):
            glue = " " if _LATIN.match(line[-1]) and _LATIN.match(following[0]) else ""
            edits.append((brk, brk + 1, glue))
    new_text, mapping = apply_edits(text, edits)
    return new_text, mapping, len(edits)


def _chinese_pair(match: re.Match[str]) -> bool:
    """Whether an ASCII bracket pair sits in Chinese text or holds some."""
    text, start, end = match.string, match.start(), match.end()
    return bool(
        (start > 0 and _CONTEXT_CHAR.match(text, start - 1))
        or (end < len(text) and _CONTEXT_CHAR.match(text, end))
        or _HAN_CHAR.search(match.group("inner"))
    )


def cjk_punctuation(text: str) -> StepResult:
    """ASCII , ; : ? ! ( ) touching Chinese become Chinese marks; numbers stay.

    A converted mark is context for its neighbours: a run of marks touching Chinese
    converts whole, a bracket with its partner, spreading from the marks that touch
    Chinese in one pass (中 + 100,000 "?" took minutes at one mark per pass).

    >>> cjk_punctuation("来源:新华网,合格率96.8%,共1,024批次(AI)3:2 如何?")[0]
    '来源：新华网，合格率96.8%，共1,024批次（AI）3:2 如何？'
    >>> cjk_punctuation("中" + "?" * 5 + "(ab)")[0]
    '中？？？？？（ab）'
    """
    if not any(mark in text for mark in _ASCII_TO_CJK):  # substring checks beat a regex scan
        return text, None, 0
    partner: dict[int, int] = {}
    seeds: list[int] = []
    if "(" in text:
        for m in _ASCII_PAIR.finditer(text):
            start, last = m.start(), m.end() - 1
            partner[start], partner[last] = last, start
            if _chinese_pair(m):
                seeds.append(start)
    seeds += [m.start() for m in _ANY_MARK.finditer(text)]
    if not seeds:
        return text, None, 0  # one mark for one mark: the map is the identity
    done = set()
    while seeds:
        i = seeds.pop()
        if i in done:
            continue
        done.add(i)
        for j in (i - 1, i + 1, partner.get(i, -1)):
            if 0 <= j < len(text) and j not in done and text[j] in _ASCII_TO_CJK:
                seeds.append(j)
    parts, last = [], 0  # slices between the converted marks: no list of every character
    for i in sorted(done):
        parts += (text[last:i], _ASCII_TO_CJK[text[i]])
        last = i + 1
    parts.append(text[last:])
    return "".join(parts), None, len(done)


def remove_rejoined_pinyin_notes(text: str) -> StepResult:
    """Remove notes that were broken across lines (長(chá|ng)): whole only after rejoining.

    >>> remove_rejoined_pinyin_notes("通过(guò)智能")[0]
    '通过智能'
    """
    return remove_pinyin_notes(text)


def normalize_text(text: str, *, opencc_config: str = "t2s") -> Normalized:
    """Clean, simplified text with one paragraph per line and a map back to ``text``.

    >>> n = normalize_text("<p>黃浦江畔正生長(cháng)出新地標</p>\\n\\n合格率96.8%,\\n\\n不再重複抽查。")
    >>> n.text, n.original_script
    ('黄浦江畔正生长出新地标\\n合格率96.8%，不再重复抽查。', 'traditional')
    >>> int(n.source_offsets[-1]), n.text[7], int(n.source_offsets[7])
    (45, '出', 17)
    """
    text_in = text
    text, offsets, counts = run_markup_steps(text)
    logs = [StepLog(name, n) for name, n in counts.items()]
    script = "simplified"

    def convert_to_simplified(text: str) -> StepResult:
        nonlocal script
        text, step_map, changes, script = convert_script(text, opencc_config)
        return text, step_map, changes

    steps = [fold_fullwidth, remove_pinyin_notes, convert_to_simplified,
             tidy_whitespace, rejoin_paragraphs, cjk_punctuation]
    while steps:
        step = steps.pop(0)
        text, step_map, n = step(text)
        logs.append(StepLog("convert_script" if step is convert_to_simplified else step.__name__, n))
        if step_map is not None:
            offsets = step_map if offsets is None else compose(offsets, step_map)
        if step is rejoin_paragraphs and n:
            steps.insert(0, remove_rejoined_pinyin_notes)
    if offsets is None:
        offsets = identity_map(len(text_in))
    return Normalized(text=text, source_offsets=offsets, original_script=script, steps=tuple(logs))
