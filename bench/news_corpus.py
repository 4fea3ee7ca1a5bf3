"""A landing directory shaped like real news (issue 18), deterministic from a seed.

    .venv/bin/python bench/news_corpus.py OUT_DIR [--mb 200] [--seed 1]

bench/corpus.py's files average 310 KB and carry a fact every ~20 characters; crawled
news is 2-50 KB a file with a fact every ~60. This shape keeps bench/corpus.py's
encodings, scripts, damage and writer (same ``KINDS`` weights, same incremental
encoders), and changes what matters for throughput:

- **sizes**: log-normal around a median of 10 KB, clipped to 1-50 KB, plus about one file
  in 300 a dump of 1-5 MB (many ``<doc>`` records, like the SogouCS news sample);
- **fact density**: about one fact every 65 characters of sentence text, as the current
  extractor finds in the 15 hand-cut article bodies of ``/work/shared/realworld/gold``
  (523 facts in 33,937 characters) and 60 in the two seed articles (bench/fact_density.py);
  sentences without figures are composed from parts, so the extractor's caches see a
  vocabulary, not ten sentences over and over;
- **HTML pages** (40% of the files but dumps) built like the real pages in
  ``/work/shared/realworld/files``: a head of metas, stylesheets and inline scripts,
  a navigation bar of short links, the article, related headlines, a footer with
  copyright years, an ICP number and a phone number. Markup is most of a page's bytes
  (there, Chinese characters are 3-49% of a page's bytes, median 17%).
"""
from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as base  # noqa: E402

KB = base.KB
MEDIAN_SIZE, SIZE_SIGMA = 10 * KB, 0.75  # log-normal: ~80% of files between 4 and 26 KB
MIN_SIZE, MAX_SIZE = 1 * KB, 50 * KB
DUMP_SHARE, DUMP_MIN, DUMP_MAX = 1 / 300, 1 * KB * KB, 5 * KB * KB
HTML_SHARE = 0.40
# Share of body sentences carrying figures. A figure template holds ~4 facts in ~50
# characters; the rest hold none: 0.14 gives about one fact per 65 characters overall
# (measured by tests/unit/test_bench_corpus.py against bench/fact_density.py).
FIGURE_SHARE = 0.14

OPENERS = ("", "", "同时，", "此外，", "另一方面，", "据介绍，", "记者了解到，", "值得注意的是，", "与此同时，", "对此，", "目前，", "近日，")
SPEAKERS = ("{place}{org}相关负责人", "业内专家", "业内人士", "当地居民", "企业负责人", "相关部门", "市民王女士", "一位不愿具名的分析人士",
            "{org}新闻发言人", "{place}的一位店主", "研究院的学者", "合作社理事长")
VERBS = ("表示", "认为", "指出", "介绍说", "透露", "强调", "坦言", "告诉记者")
CLAUSES = (
    "要进一步优化营商环境", "推动经济高质量发展", "市场信心正在逐步恢复", "各项工作正在有序推进", "将加大政策支持力度",
    "需要加强部门之间的协同", "消费者的购买意愿明显增强", "新技术的应用提高了生产效率", "行业竞争日趋激烈",
    "相关标准还有待完善", "群众的获得感持续提升", "企业的研发能力不断增强", "项目建设进展顺利", "安全生产形势总体平稳",
    "城乡面貌发生了很大变化", "公共服务水平进一步提高", "供需关系逐步改善", "传统产业加快转型升级", "物流成本仍然偏高",
    "人才短缺是制约发展的主要因素", "农村电商为农民打开了销路", "社区养老服务还存在不少短板", "夜间经济为城市注入了活力",
    "数字化改造让老厂房焕发新生", "旅游市场呈现出强劲的复苏势头", "绿色低碳理念深入人心", "中小企业融资难问题有所缓解",
    "监管部门将对违法行为依法严肃处理", "学校周边的交通秩序明显好转", "极端天气对农业生产造成了一定影响",
)
LINKS = ("首页", "新闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "汽车", "房产", "教育", "健康", "文化", "旅游", "评论",
         "图片", "视频", "专题", "地方", "军事", "社会", "时政", "读书", "时尚", "公益", "博客", "论坛", "直播")
HOSTS = ("news.example.cn", "www.example.com.cn", "finance.example.net", "m.example.cn", "static.example.cn")
JS = (
    'var _hmt = _hmt || [];\n(function() {{\n  var hm = document.createElement("script");\n'
    '  hm.src = "https://{host}/hm.js?{hex}";\n  var s = document.getElementsByTagName("script")[0];\n'
    '  s.parentNode.insertBefore(hm, s);\n}})();',
    'window.pageConfig = {{ channel: "{link}", articleId: "{hex}", pageSize: {n}, showAd: true, '
    'tags: ["{link}", "{link2}"] }};',
    'function share(t) {{ var u = encodeURIComponent(location.href); '
    'window.open("https://{host}/share?url=" + u + "&title=" + t, "_blank", "width={n},height=480"); }}',
    'document.write(\'<div id="ad_{hex}" class="ad-slot" style="width:{n}px;height:90px"></div>\');',
)
CSS = ".nav li{{float:left;padding:0 {n}px}} .article p{{text-indent:2em;line-height:1.8;margin:{n2}px 0}} " \
      ".footer{{color:#{hex6};font-size:12px}}"


class NewsGenerator(base.Generator):
    """bench/corpus.py's generator with news-like density, page chrome and dumps."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self._records = 0  # records written to the current dump
        self._sections = 0  # sections written to the current page

    # --- sentences --------------------------------------------------------------------
    def filler(self) -> str:
        """A sentence without figures, from parts (30 clauses, 12 speakers, 8 verbs, 12 openers)."""
        r = self.rng
        speaker = r.choice(SPEAKERS).format(place=r.choice(base.PLACES), org=r.choice(base.ORGS))
        clauses = "，".join(r.sample(CLAUSES, r.choice((1, 1, 2, 2, 3))))
        return f"{r.choice(OPENERS)}{speaker}{r.choice(VERBS)}，{clauses}。"

    def sentence(self) -> str:
        r = self.rng
        if r.random() < FIGURE_SHARE:
            return self._fill(r.choice(base.TEMPLATES))
        return self._fill(r.choice(base.FILLERS)) if r.random() < 0.15 else self.filler()

    # --- files ------------------------------------------------------------------------
    def start_file(self, spec: base.Spec) -> str:
        self._records = self._sections = 0
        return self._page_head(spec) if spec.html else ""

    def article(self, spec: base.Spec) -> str:
        if spec.dump:
            return self._record(spec)
        if not spec.html:
            return super().article(spec)
        self._sections += 1
        return self._page_article(spec) if self._sections == 1 else self._page_tail(spec)

    def _record(self, spec: base.Spec) -> str:
        """One ``<doc>`` record of a dump: url, number, title, the article on one line."""
        r = self.rng
        self._records += 1
        plain = base.Spec(spec.path, spec.kind, spec.size, spec.traditional, html=False)
        lines = super().article(plain).strip().split("\n")
        title = lines[0].lstrip("# ")
        body = "".join(line.strip() for line in lines[1:])
        return (f"<doc>\n<url>http://{r.choice(HOSTS)}/{r.randint(2010, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}/"
                f"n{r.randint(10**8, 10**9 - 1)}.shtml</url>\n<docno>{r.randbytes(8).hex()}-{r.randbytes(8).hex()}</docno>\n"
                f"<contenttitle>{title}</contenttitle>\n<content>{body}</content>\n</doc>\n")

    # --- HTML pages like the real ones ----------------------------------------------------
    def _js(self) -> str:
        r = self.rng
        return r.choice(JS).format(host=r.choice(HOSTS), hex=r.randbytes(16).hex(), n=r.randint(300, 900),
                                   link=r.choice(LINKS), link2=r.choice(LINKS))

    def _nav(self, links: int) -> str:
        r = self.rng
        items = "\n".join(f'  <li><a href="http://{r.choice(HOSTS)}/{r.randbytes(3).hex()}/" target="_blank">'
                          f'{r.choice(LINKS)}</a></li>' for _ in range(links))
        return f'<div class="nav"><ul>\n{items}\n</ul></div>\n'

    def _page_head(self, spec: base.Spec) -> str:
        """Head and top of the page: about half of its bytes (scripts, styles, navigation)."""
        r = self.rng
        title = f"{r.choice(base.PLACES)}{r.choice(base.SUBJECTS)}{r.choice(('稳步增长', '创新高', '保持平稳', '公布'))}"
        if spec.traditional:
            title = self._to_traditional(title, hk=spec.kind == "big5hkscs")
        site = r.choice(("新闻网", "日报", "在线", "新闻中心"))
        parts = [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            '<html xmlns="http://www.w3.org/1999/xhtml"><head>',
            f'<meta http-equiv="Content-Type" content="text/html; charset={base.declared_charset(spec.kind)}" />',
            f"<title>{title}_{r.choice(base.PLACES)}{site}</title>",
            f'<meta name="keywords" content="{r.choice(LINKS)},{r.choice(base.SUBJECTS)},{r.choice(base.PLACES)}" />',
            f'<link rel="stylesheet" type="text/css" href="http://{r.choice(HOSTS)}/css/{r.randbytes(4).hex()}.css" />',
            "<style type=\"text/css\">" + CSS.format(n=r.randint(4, 20), n2=r.randint(4, 20), hex6=r.randbytes(3).hex()) + "</style>",
        ]
        budget = spec.size * r.uniform(0.45, 0.65)
        while sum(map(len, parts)) < budget * 0.6:
            parts.append(f'<script type="text/javascript">\n{self._js()}\n</script>')
            if r.random() < 0.5:
                parts.append(f'<script src="http://{r.choice(HOSTS)}/js/{r.randbytes(4).hex()}.js"></script>')
        parts.append('</head>\n<body>')
        parts.append(self._nav(max(8, int(budget * 0.4 / 90))))
        parts.append(f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">{r.choice(LINKS)}</a> &gt; 正文</div>')
        return "\n".join(parts) + "\n"

    def _page_article(self, spec: base.Spec) -> str:
        r = self.rng
        plain = base.Spec(spec.path, spec.kind, spec.size, spec.traditional, html=False)
        lines = [line for line in super().article(plain).split("\n") if line.strip()]
        title, dateline, *body = lines
        paragraphs = "\n".join(r.choice(("<p>{}</p>", '<p style="text-indent:2em">{}</p>', "{}<br/>", "<div>{}</div>")).format(
            p.replace("，", "&nbsp;，", 1) if r.random() < 0.1 else p) for p in body)
        return (f'<div class="article">\n<h1>{title.lstrip("# ")}</h1>\n<div class="info">{dateline}&nbsp;&nbsp;'
                f'<span id="source">{r.choice(base.PLACES)}{r.choice(("日报", "晚报", "新闻网"))}</span></div>\n'
                f'<div id="content">\n{paragraphs}\n</div>\n</div>\n')

    def _page_tail(self, spec: base.Spec) -> str:
        """After the article: related headlines (some with figures), a script, the footer."""
        r = self.rng
        heads = []
        for _ in range(r.randint(4, 12)):
            head = f"{r.choice(base.PLACES)}{r.choice(base.SUBJECTS)}{r.choice(('稳步增长', '创新高', '保持平稳', '公布'))}"
            if r.random() < 0.1:
                head = self._fill(r.choice(("{place}{subject}{updown}{pct}", "{place}投入{money}建设{small}个项目")))
            if spec.traditional:
                head = self._to_traditional(head, hk=spec.kind == "big5hkscs")
            heads.append(f'<li><a href="http://{r.choice(HOSTS)}/{r.randint(10**6, 10**7)}.html">{head}</a>'
                         f'<span>{r.randint(1, 12):02d}-{r.randint(1, 28):02d}</span></li>')
        footer = (f'<div class="footer">Copyright &copy; {r.randint(1997, 2010)}-{r.randint(2018, 2025)} '
                  f'{r.choice(base.PLACES)}新闻网 版权所有 京ICP备{r.randint(10**7, 10**8 - 1)}号 '
                  f'联系电话：0{r.randint(10, 99)}-{r.randint(10**7, 10**8 - 1)}</div>')
        return ('<div class="related"><h3>相关新闻</h3><ul>\n' + "\n".join(heads) + "\n</ul></div>\n"
                f'<script type="text/javascript">\n{self._js()}\n</script>\n{footer}\n')


def _size(rng: random.Random) -> int:
    """A news file's size: log-normal around 10 KB within 1-50 KB."""
    return int(min(MAX_SIZE, max(MIN_SIZE, MEDIAN_SIZE * math.exp(rng.gauss(0, SIZE_SIGMA)))))


def plan(megabytes: float, seed: int) -> Iterator[base.Spec]:
    """The files to write, in order, until their sizes add up to ``megabytes`` MB."""
    rng = random.Random(f"news-plan-{seed}")
    budget = int(megabytes * 1e6)
    names, weights = [k[0] for k in base.KINDS], [k[1] for k in base.KINDS]
    suffix = {k[0]: k[3] for k in base.KINDS}
    n = 0
    while budget > 0:
        kind = rng.choices(names, weights)[0]
        dump = kind in ("utf-8", "gb18030") and rng.random() < DUMP_SHARE
        size = int(DUMP_MIN * (DUMP_MAX / DUMP_MIN) ** rng.random()) if dump else _size(rng)
        if kind == "empty":
            size = 0
        size = min(size, budget) if budget >= MIN_SIZE else budget
        traditional = kind in ("big5hkscs", "cp950") or (kind not in ("gb18030", "hz") and rng.random() < 0.2)
        html = not dump and kind not in ("empty", "binary") and rng.random() < HTML_SHARE
        name = f"dump_{n:06d}_{kind}.dat" if dump else f"news_{n:06d}_{kind}{'.html' if html else suffix[kind]}"
        yield base.Spec(f"d{n // base.FILES_PER_DIR:03d}/{name}", kind, size, traditional, html, dump)
        budget -= max(size, 1)
        n += 1


def generate(out: Path, megabytes: float, seed: int, log=print) -> dict:
    """Write the news-shaped corpus into ``out``; returns its manifest (bench/corpus.py's format)."""
    gen = NewsGenerator(random.Random(f"news-text-{seed}"))
    return base.generate(out, megabytes, seed, log, shape="news", specs=plan(megabytes, seed), gen=gen,
                         fingerprint=generator_fingerprint())


def generator_fingerprint() -> str:
    return base.generator_fingerprint(Path(__file__))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output directory (created)")
    parser.add_argument("--mb", type=float, default=200, help="total size in MB (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(base.describe(generate(args.out, args.mb, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
