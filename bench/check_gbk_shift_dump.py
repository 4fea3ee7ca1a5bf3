"""Issue 16's real-dump criterion: frame shifts made in the SogouCS dump, and every
repair the decoder makes is checked against the clean line.

The dump (UTF-8 XML of Sohu news) is taken as GBK text (characters GBK lacks dropped);
in every ``--every``-th of the lines with a double-byte character (titles and bodies), one lead byte becomes ``?``
and the line is read back by Python's GBK decoder (an invalid pair is ``?``), then the
damaged dump goes through :func:`etl.decoding.decode.decode_bytes` as UTF-8 bytes.
Each damaged line's repairs are judged as ``bench_gbk_shift.outcome`` judges them:
``exact``, ``lost`` (only U+FFFD where the original differs), ``untouched`` or
``worse`` (an invented character). Clean lines must have no repair at all.

Run: ``.venv/bin/python bench/check_gbk_shift_dump.py [--every 3] [--lines 1200]``
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_gbk_shift import SOGOU, _gbk_only, _worse_than, lead_byte_starts  # noqa: E402
from etl.decoding.decode import decode_bytes  # noqa: E402
from etl.decoding.fixes import Fix  # noqa: E402
from etl.positions.offsets import apply_edits  # noqa: E402


def damaged_dump(lines: list[str], every: int, rng: random.Random) -> tuple[list[str], list[bool]]:
    """Each line as read back, and whether it was damaged: every ``every``-th line that
    has a double-byte character, so titles and bodies both (counting all lines, a record's
    six lines made ``every=3`` pick its title only, ``every=2`` its body only)."""
    out, hit = [], []
    eligible = 0
    for line in lines:
        data = line.encode("gbk")
        starts = lead_byte_starts(data)
        eligible += bool(starts)
        if not starts or (eligible - 1) % every:
            out.append(line)
            hit.append(False)
            continue
        at = rng.choice(starts)
        out.append((data[:at] + b"?" + data[at + 1:]).decode("gbk", "replace").replace("\ufffd", "?"))
        hit.append(True)
    return out, hit


def check(limit: int = 1200, every: int = 3, seed: int = 1) -> tuple[Counter, list[str]]:
    """Outcome counts over the damaged lines (and ``touched-clean`` for a clean line
    that was changed), with a description of each line made worse."""
    lines = [_gbk_only(line) for line in SOGOU.read_text(encoding="utf-8").split("\n")[:limit]]
    damaged, hit = damaged_dump(lines, every, random.Random(seed))
    text = "\n".join(damaged)
    fixes, shift = [], 0
    for repair in decode_bytes(text.encode("utf-8")).repairs:  # the decoder's own repairs
        start = repair.char_start - shift  # back to the damaged text's offsets
        fixes.append(Fix(start, start + len(repair.before), repair.after, repair.method))
        shift += len(repair.after) - len(repair.before)
    counts: Counter = Counter()
    bad: list[str] = []
    start = 0
    for original, line, was_hit in zip(lines, damaged, hit):
        end = start + len(line)
        mine = [(f.start - start, min(f.end, end) - start, f.after) for f in fixes if start <= f.start < end]
        repaired = apply_edits(line, mine)[0] if mine else line
        if not was_hit:
            counts["touched-clean" if repaired != line else "clean"] += 1
        elif not mine:
            counts["untouched"] += 1
        elif repaired == original:
            counts["exact"] += 1
        elif _worse_than(original, repaired):
            counts["worse"] += 1
            bad.append(f"{line[:80]!r} -> {repaired[:80]!r}")
        else:
            counts["lost"] += 1
        start = end + 1
    return counts, bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=3)
    parser.add_argument("--lines", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts, bad = check(args.lines, args.every, args.seed)
    print(dict(sorted(counts.items())))
    for line in bad:
        print("  worse:", line)


if __name__ == "__main__":
    main()
