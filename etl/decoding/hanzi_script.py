"""Simplified and traditional forms of Han characters, for the language models of
GBK frame-shift repair: they count simplified text, and a document's own script
decides between forms that read alike (國, 国)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

BMP = 0x10000


@lru_cache(maxsize=1)
def simplified_table() -> np.ndarray:
    """Code point -> code point of its simplified form (itself when there is none)."""
    import opencc  # loaded only when a repair needs the model

    table = np.arange(BMP, dtype=np.int64)
    chars = [chr(cp) for cp in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    for char, converted in zip(chars, opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")):
        if len(converted) == 1:
            table[ord(char)] = ord(converted)
    return table


@lru_cache(maxsize=1)
def script_forms() -> np.ndarray:
    """Per code point: 1 for a traditional-only form (t2s changes it), -1 for a form
    only simplified text writes (what t2s changes others to), 0 for the rest."""
    table = simplified_table()
    changed = table != np.arange(BMP)
    forms = np.zeros(BMP, dtype=np.int8)
    targets = table[changed]
    forms[targets[targets < BMP]] = -1
    forms[changed] = 1
    return forms


def simplify(text: str) -> str:
    """``text`` with each character in its simplified form.

    >>> simplify("臺灣空間")
    '台湾空间'
    """
    return text.translate(simplified_map())


@lru_cache(maxsize=1)
def simplified_map() -> dict[int, int]:
    """:func:`simplified_table` as a ``str.translate`` table of the characters it changes."""
    table = simplified_table()
    changed = np.flatnonzero(table != np.arange(BMP))
    return dict(zip(changed.tolist(), table[changed].tolist()))
