"""How well GBK frame-shift repair does on damage made on purpose.

Each trial takes a clean document, encodes it as GBK, replaces the lead byte of one
double-byte character (at a random position) by ``?`` and reads the bytes back the way
a damaging reader would:

- ``python``: Python's GBK decoder, an invalid pair becomes ``?`` and costs one byte;
- ``fffd``: the same, with U+FFFD for the invalid pair;
- ``folded``: ``python``, then full-width ASCII forms folded to ASCII (seed 003's damage);
- ``swallow``: an invalid pair whose second byte is ASCII costs both bytes (seed 003's
  ``效應?!?/p>`` lost its ``<`` that way).

The damaged text goes through :func:`etl.decoding.mojibake.find_fixes`; the outcome is
``exact`` (the original text back), ``lost`` (the original with some characters U+FFFD
or missing, nothing else different), ``untouched`` (no repair: the damage stays, nothing
invented) or ``worse`` (a character the original does not have there, other than U+FFFD:
an invented character, or a repair elsewhere).

Run: ``.venv/bin/python bench/bench_gbk_shift.py [--trials 300] [--seed 1] [--split tune|held]``
(``tune``: the documents the repair's constants were chosen on; ``held``: odd SogouCS
records and the real-world gold article bodies, kept out of tuning).
"""
from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.decoding.decode import decode_bytes  # noqa: E402
from etl.decoding.mojibake import find_fixes  # noqa: E402
from etl.positions.offsets import apply_edits  # noqa: E402

SOGOU = Path("/work/shared/realworld/files/sogoucs_news_sohusite_xml.smarty.dat")
SEEDS = ROOT / "seeds"
GOLD = Path("/work/shared/realworld/gold")
READERS = ("python", "fffd", "folded", "swallow")
OWN_SENTENCES = """\
黄明：现在我宣布，第十二届全国运动会开幕。
国家统计局今天发布数据，一季度国内生产总值同比增长百分之五点三。
公安部表示，今年以来全国共破获电信诈骗案件一万二千余起。
崗位約有三千個，招聘會將於下週一在會展中心舉行。
上海“模速空间”大模型创新生态社区已吸引一百多家企业入驻。
记者从市交通委获悉，地铁十一号线将于年底开通试运营。
该公司去年净利润为四点六亿元，较上年下降百分之十二。
北京市社会消费品零售总额达到一万四千亿元。
台北市政府今天宣布，明年起公車票價將調整為每段十五元。
专家认为，房地产市场的调整仍将持续一段时间。
受台风影响，南方多地出现强降雨，部分航班被取消。
他说，这种坐票的服务有望在地铁三期上实行，将加挂两节车厢。
教育部要求各地做好高校毕业生就业工作，确保就业形势总体稳定。
据悉，这次展览共展出文物三百余件，其中一级文物四十件。
香港特區政府將繼續推動創新科技發展，吸引更多人才來港。
"""


def sources(split: str = "all") -> dict[str, list[str]]:
    """Clean documents per source, each encodable as GBK.

    ``tune``: the samples, our own sentences and the even SogouCS records, the ones
    the repair's constants were chosen on; ``held``: the odd SogouCS records and the
    article bodies of the real-world gold, never looked at while tuning; ``all``: both.
    """
    docs: dict[str, list[str]] = {}
    sogou = []
    if SOGOU.exists():
        raw = SOGOU.read_text(encoding="utf-8")
        contents = re.findall(r"<content>(.*?)</content>", raw, re.S)
        sogou = [_gbk_only(c.replace("\ue40c", "\n")) for c in contents if len(c) > 200]
    if split in ("tune", "all"):
        seed_000 = (SEEDS / "000_628889c2a6d9b173.txt").read_text(encoding="utf-8")
        seed_003 = decode_bytes((SEEDS / "003_d09a9a5e3ae4f874.txt").read_bytes()).text
        docs["seeds"] = [_gbk_only(seed_000), _gbk_only(seed_003)]
        if sogou:
            docs["sogoucs"] = sogou[::2] if split == "tune" else sogou
        docs["own"] = [_gbk_only(OWN_SENTENCES)]
    if split == "held":
        if sogou:
            docs["sogoucs-odd"] = sogou[1::2]
        bodies = sorted(GOLD.glob("*.body.txt"))
        if bodies:
            docs["gold"] = [_gbk_only(p.read_text(encoding="utf-8", errors="replace")) for p in bodies]
    return docs


def _gbk_only(text: str) -> str:
    """``text`` without the characters GBK cannot encode."""
    return "".join(c for c in text if c.encode("gbk", "ignore") or c == "")


def lead_byte_starts(data: bytes) -> list[int]:
    """Offsets of the double-byte characters' lead bytes in GBK ``data``, but the first byte."""
    starts, i = [], 0
    while i < len(data):
        if data[i] >= 0x81:
            starts.append(i)
            i += 2
        else:
            i += 1
    return [s for s in starts if s > 0]


def damage(text: str, rng: random.Random, reader: str) -> tuple[str, str] | None:
    """(original as the reader shows clean text, damaged text), or None if no target."""
    data = text.encode("gbk")
    starts = lead_byte_starts(data)
    if not starts:
        return None
    at = rng.choice(starts)
    broken = data[:at] + b"?" + data[at + 1:]
    if reader == "swallow":
        damaged = _read_swallowing(broken)
    else:
        damaged = broken.decode("gbk", "replace")
        if reader != "fffd":
            damaged = damaged.replace("\ufffd", "?")
    original = text
    if reader == "folded":
        damaged, original = _fold(damaged), _fold(text)
    return original, damaged


def _fold(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def _read_swallowing(data: bytes) -> str:
    out, i = [], 0
    while i < len(data):
        if data[i] < 0x80:
            out.append(chr(data[i]))
            i += 1
            continue
        try:
            out.append(data[i:i + 2].decode("gbk"))
            i += 2
        except UnicodeDecodeError:
            out.append("?")
            i += 2 if i + 1 < len(data) and data[i + 1] < 0x80 else 1
    return "".join(out)


def outcome(original: str, damaged: str, folded: bool = False) -> str:
    """How the repair of ``damaged`` compares with ``original`` (both folded if ``folded``:
    a repair gives the GBK characters back, full-width forms and all)."""
    fixes = find_fixes(damaged)
    if not fixes:
        return "untouched"
    repaired, _ = apply_edits(damaged, [(f.start, f.end, f.after) for f in fixes])
    if folded:
        repaired = _fold(repaired)
    if repaired == original:
        return "exact"
    return "worse" if _worse_than(original, repaired) else "lost"


def _worse_than(original: str, repaired: str) -> bool:
    """Whether ``repaired`` has a character ``original`` lacks there, other than U+FFFD (a
    character missing altogether was swallowed by the damaging reader, not the repair)."""
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return any(op in ("replace", "insert") and set(repaired[j1:j2]) - {"\ufffd"}
               for op, _, _, j1, j2 in matcher.get_opcodes())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", default="", help="outcomes to print, e.g. worse,lost")
    parser.add_argument("--only", default="", help="source,reader to run alone")
    parser.add_argument("--split", default="all", choices=("all", "tune", "held"),
                        help="tune: what the constants were chosen on; held: never looked at")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"{'source':10} {'reader':8} {'trials':>6} {'exact':>7} {'lost':>7} {'untouched':>9} {'worse':>6}  s/trial")
    for name, docs in sources(args.split).items():
        for reader in READERS:
            if args.only and args.only != f"{name},{reader}":
                continue
            counts: Counter = Counter()
            started = time.perf_counter()
            for _ in range(args.trials):
                doc = rng.choice(docs)
                pair = damage(doc, rng, reader)
                if pair is None:
                    continue
                result = outcome(*pair, folded=reader == "folded")
                counts[result] += 1
                if result in args.show.split(","):
                    _show(*pair)
            n = sum(counts.values())
            share = {k: f"{counts[k] / n:.1%}" for k in ("exact", "lost", "untouched", "worse")}
            elapsed = (time.perf_counter() - started) / max(n, 1)
            print(f"{name:10} {reader:8} {n:6} {share['exact']:>7} {share['lost']:>7} {share['untouched']:>9} "
                  f"{share['worse']:>6}  {elapsed:.3f}")


def _show(original: str, damaged: str) -> None:
    for fix in find_fixes(damaged):
        window = damaged[max(fix.start - 6, 0):fix.end + 4]
        print(f"  worse? {window!r} -> {fix.after!r} cand={fix.candidate!r} "
              f"score={fix.score} runner={fix.runner_up!r} {fix.runner_up_score}")
    start = next((i for i, (a, b) in enumerate(zip(original, damaged)) if a != b), 0)
    print(f"  original {original[max(start - 6, 0):start + 14]!r}")


if __name__ == "__main__":
    main()
