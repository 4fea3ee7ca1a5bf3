"""readability-lxml's Document, minus its link rewrite where that rewrite would change nothing.

readability cleans the page with lxml_html_clean's Cleaner(javascript=True), which drops
``on*`` attributes and then calls ``rewrite_links`` over every link of the page: a Python
loop over every element, 2-3% of a worker's CPU, that changes nothing on almost every news
page (it blanks ``javascript:``-like links and strips spaces around links). Here the same
Cleaner runs with javascript=False, after the same two steps done first: the ``on*``
attributes found by XPath, and the rewrite itself only when some link could change.
The tree readability gets is the same node for node, so its summary is the same.
"""
from __future__ import annotations

import copy
import re

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import html_cleaner

# The values of the links rewrite_links visits (lxml.html.defs.link_attrs), in one pass
# over the tree, as plain strings. Object, param and meta refresh links are read
# differently, so a page with one always takes the full rewrite.
_LINK_NAMES = (" action archive background cite classid codebase data href longdesc profile src usemap dynsrc lowsrc "
               "formaction xlink:href ")
_LINK_VALUES = etree.XPath(f"//@*[contains('{_LINK_NAMES}', concat(' ', name(), ' '))]", smart_strings=False)
_ODD_LINKS = etree.XPath("//*[self::object or self::param or self::meta[@http-equiv]]")
# A link the rewrite could change (Cleaner._remove_javascript_link: strip, unquote_plus,
# drop whitespace and controls, then look case-blind for a script or data scheme; ſ, K, ı
# and İ match ASCII letters case-blind). A link with none of these is returned as it was.
# Style elements and attributes are left out: the Cleaner drops them all (style=True).
_MAY_CHANGE = re.compile(r"[\s\x00-\x20%+\u0130\u0131\u017f\u212a]|(?i:script|data|about|mocha):")
_ON_ATTRIBUTES = etree.XPath("//*[@*[starts-with(name(), 'on')]]")
# A private method of lxml_html_clean's Cleaner: if a release drops it, pages take the
# library's own cleaning (the tests compare both trees, so a changed one fails them).
_REWRITE = getattr(html_cleaner, "_remove_javascript_link", None)
_CLEANER = copy.copy(html_cleaner)
_CLEANER.javascript = False  # its two steps are done in clean() below


def clean(tree: HtmlElement) -> HtmlElement:
    """``html_cleaner.clean_html(tree)``: a cleaned copy, the same tree, at less cost."""
    doc = copy.deepcopy(tree)
    for el in _ON_ATTRIBUTES(doc):
        for name in el.attrib.keys():
            if name.startswith("on"):
                del el.attrib[name]
    if _links_may_change(doc):
        doc.rewrite_links(_REWRITE, resolve_base_href=False)
    _CLEANER(doc)
    return doc


def _links_may_change(doc: HtmlElement) -> bool:
    """Whether ``rewrite_links(Cleaner._remove_javascript_link)`` could change ``doc``."""
    if any(el.tag != "meta" or el.get("http-equiv").lower() == "refresh" for el in _ODD_LINKS(doc)):
        return True
    # ">" is in no pattern of _MAY_CHANGE, so no match spans two links
    return _MAY_CHANGE.search(">".join(_LINK_VALUES(doc))) is not None


class ReadableDocument(Document):
    """readability's Document over a parsed page (``etl.pages.html._page_tree``)."""

    def _parse(self, input):
        if not isinstance(input, HtmlElement) or self.url or _REWRITE is None:
            return super()._parse(input)
        self.encoding = "utf-8"  # as Document._parse for a tree, with clean() for the Cleaner
        doc = clean(input)
        doc.resolve_base_href(handle_failures=self.handle_failures)
        return doc
