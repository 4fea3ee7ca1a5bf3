"""What one sentence's facts take from the article around it: the region the news comes
from and a currency declared for what follows (“港元，下同”).

``ArticleContext`` is the small piece of state that crosses sentences: create one per
article, pass it to every ``extract_facts`` call of that article, in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.facts.units import units

# What a bare 元 (and 块, 毛, 角) is in each region's news.
REGION_CURRENCY = {"cn": "CNY", "tw": "TWD", "hk": "HKD", "mo": "MOP"}
REGIONS = frozenset(REGION_CURRENCY)
BARE_YUAN = frozenset({"元", "圆", "块", "块钱", "元钱", "毛", "毛钱", "角钱", "分钱"})
_CURRENCY_WORDS = sorted((s for s, info in units().items() if info.kind == "money" and s not in BARE_YUAN
                          and not s.startswith("元") and len(s) >= 2), key=len, reverse=True)
# 以港元为单位，下同 / （港元，下同） / 单位：港元（下同）: the currency of what follows.
_DECLARED_RE = re.compile(rf"(?P<word>{'|'.join(map(re.escape, _CURRENCY_WORDS))})[）)]?[，,、（(\s]*下同")


@dataclass
class ArticleContext:
    """State carried across the sentences of one article.

    ``region``: "cn", "tw", "hk", "mo" or None (None: infer nothing, a bare 元 is CNY).
    ``currency``: the ISO code a bare 元 means from the sentence that declared it on
    (“港元，下同”); None until one does.

    >>> ctx = ArticleContext(region="cn")
    >>> ctx.observe("营业额为50亿元（港元，下同）。"), ctx.local_currency()
    ('HKD', 'HKD')
    >>> ArticleContext(region="tw").local_currency(), ArticleContext().local_currency()
    ('TWD', 'CNY')
    """
    region: str | None = None
    currency: str | None = None

    def __post_init__(self) -> None:
        if self.region is not None and self.region not in REGIONS:
            raise ValueError(f"ArticleContext: region must be one of {sorted(REGIONS)} or None, "
                             f"not {self.region!r}")

    def local_currency(self) -> str:
        """ISO code of a bare 元 here and now."""
        return self.currency or REGION_CURRENCY.get(self.region or "cn", "CNY")

    def observe(self, sentence: str) -> str | None:
        """Take a currency declaration (港元，下同) from ``sentence``; its code, or None."""
        if "下同" not in sentence:
            return None
        m = _DECLARED_RE.search(sentence)
        if m is None:
            return None
        self.currency = units()[m["word"]].unit
        return self.currency
