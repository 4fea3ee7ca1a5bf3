"""Real pages in, clean dated articles out: measured on the development half of the
real-world corpus (../shared/realworld or $ZHFACTS_REALWORLD).

On the 15 cwce_* pages, whose article text, date and author were cut out by hand:
- furniture: share of facts whose sentence is not in the hand-cut article;
- kept: share of the hand-cut article's text that the articles keep;
- dates right: publication date equal to the hand-made one (pages that give one);
and, on all 30 files, how many dates and titles are found. The same measures are taken
for zhfacts before etl.pages (the whole document as one text), and for trafilatura
alone (bare_extraction, favor_recall, with metadata; needs `pip install -e '.[bench]'`).

    .venv/bin/python bench/bench_pages.py [--dir PATH] [--verbose] [--libraries]

--libraries compares the main-content libraries alone (their text, before zhfacts)
on the hand-cut pages: share of the article kept and share of other text.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.decoding.decode import decode_bytes  # noqa: E402
from etl.facts.extract import extract_facts  # noqa: E402
from etl.pages import articles_from_document  # noqa: E402
from etl.text.normalize import normalize_text  # noqa: E402
from etl.text.articles import split_articles  # noqa: E402
from etl.text.segment import split_sentences  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "realworld"
_KEY = re.compile(r"[^\W_]+")
_GOLD_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Pages whose hand-cut article stops early: the page's article goes on, and every
# extractor keeps the rest, which then counts as furniture. Reported with and without.
GOLD_CUT_SHORT = {"cwce_d8d4c4ec": "the hand-cut text ends at 建了一家小锻造厂。, half-way through the article"}


def key(text: str) -> str:
    """Letters, digits and Han of normalized text: what the measures compare."""
    return "".join(_KEY.findall(normalize_text(text).text))


@dataclass
class Output:
    """What one extractor made of one file."""
    article_text: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (sentence, paragraph_type)
    date: dt.date | None = None
    title: str | None = None
    seconds: float = 0.0


def _facts(text: str, spans: list[tuple[int, int]], published: dt.date | None) -> list[tuple[str, str]]:
    out = []
    for a, b in spans:
        for s in split_sentences(text[a:b]):
            out += [(s.text, s.paragraph_type)] * len(extract_facts(s.text, published_date=published))
    return out


def zhfacts_pages(path: Path, markup: str, text: str) -> Output:
    started = time.perf_counter()
    articles = articles_from_document(path.name, markup, text)
    seconds = time.perf_counter() - started
    out = Output(seconds=seconds, date=articles[0].published_date, title=articles[0].title)
    for article in articles:
        body = article.text(text)
        out.article_text += body + "\n"
        out.facts += _facts(body, [(0, len(body))], article.published_date)
    return out


def zhfacts_before(path: Path, markup: str, text: str) -> Output:
    articles = split_articles(text)
    out = Output(date=articles[0].published_date if articles else None, title=articles[0].title if articles else None)
    for a in articles:
        out.article_text += text[a.char_start:a.char_end] + "\n"
        out.facts += _facts(text, [(a.char_start, a.char_end)], a.published_date)
    return out


def trafilatura_alone(path: Path, markup: str, text: str) -> Output:
    import trafilatura

    started = time.perf_counter()
    doc = trafilatura.bare_extraction(markup, with_metadata=True, favor_recall=True)
    seconds = time.perf_counter() - started
    body = normalize_text(doc.text or "").text if doc else ""
    date = dt.date.fromisoformat(doc.date[:10]) if doc and doc.date else None
    out = Output(article_text=body, date=date, title=doc.title if doc else None, seconds=seconds)
    out.facts = _facts(body, [(a.char_start, a.char_end) for a in split_articles(body)], date)
    return out


def gold_of(gold_dir: Path, stem: str) -> tuple[str, dt.date | None] | None:
    body = gold_dir / f"{stem}.body.txt"
    if not body.exists():
        return None
    m = _GOLD_DATE.search((gold_dir / f"{stem}.date.txt").read_text(encoding="utf-8", errors="replace"))
    return key(body.read_text(encoding="utf-8", errors="replace")), dt.date(*map(int, m.groups())) if m else None


def kept_share(gold_key: str, text: str) -> float:
    got = key(text)
    matcher = difflib.SequenceMatcher(None, gold_key, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(len(gold_key), 1)


@dataclass
class Tally:
    facts: int = 0
    furniture: int = 0
    furniture_no_title: int = 0
    kept: float = 0.0
    gold_pages: int = 0
    dated_gold: int = 0
    dates_right: int = 0
    dates_found: int = 0
    titles_found: int = 0
    files: int = 0
    seconds: float = 0.0

    def add(self, out: Output, gold: tuple[str, dt.date | None] | None) -> None:
        self.files += 1
        self.seconds += out.seconds
        self.dates_found += out.date is not None
        self.titles_found += bool(out.title)
        if gold is None:
            return
        gold_key, gold_date = gold
        self.gold_pages += 1
        self.kept += kept_share(gold_key, out.article_text)
        for sentence, ptype in out.facts:
            outside = key(sentence) not in gold_key
            self.facts += 1
            self.furniture += outside
            self.furniture_no_title += outside and ptype != "title"
        if gold_date:
            self.dated_gold += 1
            self.dates_right += out.date == gold_date

    def row(self, name: str) -> str:
        share = self.furniture / max(self.facts, 1)
        no_title = self.furniture_no_title / max(self.facts, 1)
        return (f"| {name} | {self.furniture}/{self.facts} = {share:.1%} | {no_title:.1%} | "
                f"{self.kept / max(self.gold_pages, 1):.1%} | {self.dates_right}/{self.dated_gold} | "
                f"{self.dates_found}/{self.files} | {self.titles_found}/{self.files} | "
                f"{f'{1000 * self.seconds / self.files:.0f} ms' if self.seconds else 'not timed'} |")


def _library_texts(markup: str) -> dict[str, str]:
    """Main content by each candidate library, as plain text."""
    import justext
    import lxml.html
    import trafilatura
    from readability import Document

    summary = lxml.html.fromstring(Document(markup).summary(html_partial=True))
    paragraphs = justext.justext(markup.encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0)
    return {
        "readability-lxml": "\n".join(summary.itertext()),
        "trafilatura": trafilatura.extract(markup) or "",
        "trafilatura favor_recall": trafilatura.extract(markup, favor_recall=True) or "",
        "jusText (no stoplist)": "\n".join(p.text for p in paragraphs if not p.is_boilerplate),
    }


def compare_libraries(folder: Path) -> None:
    totals: dict[str, list[float]] = {}
    pages = sorted((folder / "files").glob("cwce_*"))
    for path in pages:
        gold_key, _ = gold_of(folder / "gold", path.stem)
        for name, got in _library_texts(decode_bytes(path.read_bytes()).text).items():
            got_key = key(got)
            matched = kept_share(gold_key, got) * len(gold_key)
            kept, other = totals.setdefault(name, [0.0, 0.0])[0], totals[name][1]
            totals[name] = [kept + matched / max(len(gold_key), 1), other + (len(got_key) - matched) / max(len(got_key), 1)]
    print("| library | article text kept | other text in what it keeps |\n|---|---|---|")
    for name, (kept, other) in totals.items():
        print(f"| {name} | {kept / len(pages):.1%} | {other / len(pages):.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("ZHFACTS_REALWORLD", DEFAULT_DIR)))
    parser.add_argument("--verbose", action="store_true", help="one line per file")
    parser.add_argument("--libraries", action="store_true", help="compare the main-content libraries alone")
    args = parser.parse_args()
    if args.libraries:
        compare_libraries(args.dir)
        return
    extractors = {"zhfacts with etl.pages": zhfacts_pages, "zhfacts before (whole document)": zhfacts_before,
                  "trafilatura alone (favor_recall)": trafilatura_alone}
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        del extractors["trafilatura alone (favor_recall)"]
        print("trafilatura is not installed: pip install -e '.[bench]' to compare with it")
    tallies = {name: Tally() for name in extractors}
    trimmed = {name: Tally() for name in extractors}
    for path in sorted((args.dir / "files").iterdir()):
        markup = decode_bytes(path.read_bytes(), source=path.name).text
        text = normalize_text(markup).text
        gold = gold_of(args.dir / "gold", path.stem)
        for name, extract in extractors.items():
            out = extract(path, markup, text)
            tallies[name].add(out, gold)
            trimmed[name].add(out, None if path.stem in GOLD_CUT_SHORT else gold)
            if args.verbose:
                print(f"{path.stem[:24]:24} {name[:12]:12} facts={len(out.facts):5} date={out.date} title={(out.title or '')[:30]}")
    print("| extractor | furniture facts (cwce) | without title sentences | gold text kept | dates right (cwce) "
          "| dates found (30) | titles found (30) | time per file |")
    print("|---|---|---|---|---|---|---|---|")
    for name, tally in tallies.items():
        print(tally.row(name))
    for name, tally in trimmed.items():
        print(tally.row(f"{name}, without {', '.join(GOLD_CUT_SHORT)}"))


if __name__ == "__main__":
    main()
