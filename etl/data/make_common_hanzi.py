"""Regenerate ``common_hanzi.txt``, the character set behind decode plausibility.

Source: GB 2312 level 1 (rows 16-55, bytes 0xB0A1-0xD7F9), the standard's own list of
3,755 frequently used simplified characters, plus their traditional forms as OpenCC
gives them (``s2t``, ``s2tw``, ``s2hk``), so that Big5 and traditional UTF-8 text scores
like simplified text. One character per line, simplified block first.

Run: ``.venv/bin/python etl/data/make_common_hanzi.py``
"""

from pathlib import Path

import opencc

OUT = Path(__file__).with_name("common_hanzi.txt")
CONFIGS = ("s2t", "s2tw", "s2hk")


def gb2312_level1() -> list[str]:
    """The GB 2312 level-1 characters in code order.

    >>> chars = gb2312_level1()
    >>> len(chars), chars[0], chars[-1]
    (3755, '啊', '座')
    """
    chars = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def traditional_forms(simplified: list[str]) -> list[str]:
    """Traditional forms not already in ``simplified``, in first-seen order."""
    seen = set(simplified)
    extra = []
    for config in CONFIGS:
        converter = opencc.OpenCC(config)
        for char in converter.convert("".join(simplified)):
            if char not in seen:
                seen.add(char)
                extra.append(char)
    return extra


def main() -> None:
    simplified = gb2312_level1()
    chars = simplified + traditional_forms(simplified)
    OUT.write_text("\n".join(chars) + "\n", encoding="utf-8")
    print(f"wrote {len(chars)} characters to {OUT}")


if __name__ == "__main__":
    main()
