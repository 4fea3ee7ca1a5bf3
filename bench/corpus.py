"""A synthetic landing directory of Chinese news files, deterministic from a seed.

    .venv/bin/python bench/corpus.py OUT_DIR [--mb 200] [--seed 1]

Text comes from the two sample files in seeds/ (paragraphs with their digits varied:
the simplified one, and the traditional one with pinyin notes and GBK-shift mojibake)
and from generated news sentences (counts, units, money, dates, percentages,
approximations). Files are built the way crawls arrive:

- sizes from 1 KB to 5 MB, log-uniform with a bias to small files;
- about 60% UTF-8, 20% GB18030, 10% Big5-HKSCS (text converted with OpenCC s2hk/s2t),
  5% UTF-16, 5% other and bad (UTF-8 with BOM, HZ, CP950, empty, binary, truncated,
  mixed UTF-8/GBK);
- simplified and traditional text, HTML remains (tags, entities, ``<meta charset>``),
  pinyin notes, paragraphs broken mid-sentence, UTF-8-read-as-GBK mojibake.

Each file is written article by article through an incremental encoder, so memory
stays at one article whatever ``--mb`` is. The same seed and size give the same
bytes. A hidden ``.manifest.json`` (the pipeline skips hidden files) written last lists every file and marks the corpus complete.
"""
from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SIMPLIFIED_SEED = SEEDS / "000_628889c2a6d9b173.txt"
TRADITIONAL_SEED = SEEDS / "003_d09a9a5e3ae4f874.txt"

KB = 1024
MIN_SIZE, MAX_SIZE = 1 * KB, 5 * KB * KB
SIZE_SKEW = 2.0  # > 1 biases the log-uniform draw towards small files
FILES_PER_DIR = 500
MANIFEST = ".manifest.json"

# kind, weight (share of files), codec used to write, file suffix
KINDS: tuple[tuple[str, float, str | None, str], ...] = (
    ("utf-8", 0.60, "utf-8", ".txt"),
    ("gb18030", 0.20, "gb18030", ".txt"),
    ("big5hkscs", 0.10, "big5hkscs", ".txt"),
    ("utf-16", 0.05, "utf-16", ".txt"),
    ("utf-8-sig", 0.015, "utf-8-sig", ".txt"),
    ("hz", 0.005, "hz", ".txt"),
    ("cp950", 0.005, "cp950", ".txt"),
    ("truncated", 0.01, None, ".txt"),
    ("mixed", 0.005, None, ".txt"),
    ("empty", 0.005, None, ".txt"),
    ("binary", 0.005, None, ".bin"),
)
SMALL_ONLY = {"hz", "cp950", "mixed", "truncated", "binary"}  # at most 64 KB
BAD_PREFIXES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"PK\x03\x04\x14\x00\x00\x00",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
)

# Big5 lacks the full-width yen sign; a Big5 page would show the half-width one.
BIG5_SUBSTITUTES = str.maketrans({"￥": "¥"})
PINYIN_NOTE_RE = re.compile(r"(\w)\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")

# Generated sentences: {placeholders} are filled by Generator._fill.
PLACES = ("上海", "北京", "广东", "浙江", "江苏", "安徽", "深圳", "重庆", "成都", "武汉", "西安", "香港", "长三角", "粤港澳大湾区", "全省", "全市")
SUBJECTS = (
    "地区生产总值", "社会消费品零售总额", "规模以上工业增加值", "固定资产投资", "进出口总额", "一般公共预算收入",
    "城镇居民人均可支配收入", "新能源汽车产量", "集成电路出口", "快递业务量", "粮食总产量", "研发投入",
    "外贸进出口", "接待游客", "旅游收入", "新增就业", "用电量", "港口集装箱吞吐量", "产品抽检合格率",
)
ORGS = ("市场监管局", "统计局", "商务厅", "发展改革委", "海关", "交通运输局", "文化和旅游局", "人民银行分行", "工业和信息化厅")
UNITS = ("吨", "万吨", "公里", "千米", "万千瓦时", "亿千瓦时", "批次", "家", "人次", "万人次", "辆", "万辆", "个", "项", "台", "套", "标箱", "平方米", "公顷", "件")
CURRENCIES = ("元", "万元", "亿元", "美元", "亿美元", "港元", "欧元", "万亿元")
APPROX = ("约", "近", "超过", "逾", "超", "不到", "至少", "最多", "将近", "")
TRAILING_APPROX = ("多", "余", "左右", "以上", "")
CN_DIGITS = "零一二三四五六七八九"
TEMPLATES = (
    "{date}，{place}{org}发布数据显示，{subject}达到{approx}{money}，同比{updown}{pct}。",
    "{place}{subject}{approx}{number}{unit}，比上年{updown}{pct}，增速较一季度{updown2}{pp}个百分点。",
    "截至{date}，{place}累计完成{subject}{money}，占全年目标的{pct}。",
    "{place}共抽查{cn_number}类产品{number}批次，发现不合格产品{small}批次，合格率{pct}。",
    "据{org}统计，{year}年{place}{subject}{updown}至{number}{unit}，{approx}占全国的{fraction}。",
    "{place}计划在未来{cn_small}年内投入{approx}{money}，建设{small}个重点项目。",
    "{date}至{date2}，{place}接待游客{approx}{wan}万人次，实现旅游收入{money}，分别{updown}{pct}和{pct2}。",
    "{place}{org}相关负责人介绍，{subject}已连续{cn_small}个月保持增长，{month}月份{updown}{pct}。",
    "这{cn_small}家企业合计营收{money}，其中排名第{cn_small}的企业贡献了{approx}{pct}。",
    "{place}{year}年{subject}为{number}{unit}{trail}，是{year0}年的{times}倍。",
    "去年同期，{place}{subject}{updown}了{cn_pct}，今年{month}月{day}日起实施新政策。",
    "项目总投资{money}，占地{number}平方米，预计{year}年{month}月建成，可提供就业岗位{number}{trail}个。",
)

# Sentences without figures, so that numbers are about as dense as in the seed articles.
FILLERS = (
    "{place}{org}相关负责人表示，将进一步优化营商环境，推动经济高质量发展。",
    "业内人士认为，{subject}的变化反映出市场信心正在逐步恢复。",
    "下一步，{place}将持续深化改革，加大政策支持力度，稳住经济基本盘。",
    "专家指出，要坚持稳中求进工作总基调，统筹发展和安全。",
    "记者在现场看到，工人们正在紧张有序地进行设备安装和调试。",
    "{org}提醒广大消费者，购买商品时要认准正规渠道，注意保留购物凭证。",
    "活动现场气氛热烈，市民纷纷表示收获满满。",
    "这一举措受到了企业和群众的普遍欢迎。",
    "{place}还将加强区域协同，推动产业链上下游深度融合。",
    "据了解，相关工作将在年底前全面完成。",
)


@dataclass(frozen=True)
class Spec:
    """One file to write: where, how many bytes, which kind and script."""

    path: str
    kind: str
    size: int
    traditional: bool
    html: bool
    dump: bool = False  # many records in one big file (news_corpus)


class Generator:
    """Builds articles from the seeds and templates; every choice comes from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.simplified = _paragraphs(SIMPLIFIED_SEED.read_text(encoding="utf-8"))
        traditional_text = TRADITIONAL_SEED.read_text(encoding="utf-8")
        self.traditional = _paragraphs(traditional_text)
        self.pinyin = dict(PINYIN_NOTE_RE.findall(traditional_text))
        self.s2t = opencc.OpenCC("s2t")
        self.s2hk = opencc.OpenCC("s2hk")

    # --- numbers -------------------------------------------------------------------
    def _number(self) -> str:
        r = self.rng
        style = r.random()
        if style < 0.55:
            return str(r.randint(1, 10 ** r.randint(1, 6)))
        if style < 0.8:
            return f"{r.uniform(0.1, 9999):.{r.randint(1, 2)}f}"
        if style < 0.9:
            return f"{r.randint(1, 999):,}{r.randint(0, 999):03d}"
        return self._cn_number(r.randint(1, 99999))

    def _cn_number(self, n: int) -> str:
        out, units = "", (("万", 10000), ("千", 1000), ("百", 100), ("十", 10))
        for name, size in units:
            if n >= size:
                out += CN_DIGITS[n // size] + name
                n %= size
        return (out + (CN_DIGITS[n] if n else "")) or "零"

    def _money(self) -> str:
        r = self.rng
        if r.random() < 0.1:
            return f"￥{r.randint(1, 99999):,}"
        value = f"{r.uniform(0.5, 9999):.{r.choice((0, 1, 2))}f}"
        return value + r.choice(CURRENCIES)

    def _pct(self) -> str:
        return f"{self.rng.uniform(0.1, 99.9):.1f}%"

    def _date(self) -> str:
        r = self.rng
        year, month, day = r.randint(2015, 2025), r.randint(1, 12), r.randint(1, 28)
        return r.choice((f"{year}年{month}月{day}日", f"{month}月{day}日", f"{year}年{month}月", f"{year}年{month}月底"))

    def _fill(self, template: str) -> str:
        r = self.rng
        values = {
            "date": self._date(), "date2": self._date(), "place": r.choice(PLACES), "org": r.choice(ORGS),
            "subject": r.choice(SUBJECTS), "approx": r.choice(APPROX), "trail": r.choice(TRAILING_APPROX),
            "money": self._money(), "number": self._number(), "unit": r.choice(UNITS),
            "pct": self._pct(), "pct2": self._pct(), "pp": f"{r.uniform(0.1, 5):.1f}",
            "updown": r.choice(("增长", "下降", "提高", "减少", "上升")), "updown2": r.choice(("加快", "回落", "提升")),
            "small": str(r.randint(2, 60)), "cn_small": self._cn_number(r.randint(2, 12)),
            "cn_number": self._cn_number(r.randint(2, 30)), "year": str(r.randint(2018, 2025)),
            "year0": str(r.randint(2000, 2017)), "month": str(r.randint(1, 12)), "day": str(r.randint(1, 28)),
            "fraction": r.choice(("三分之一", "四分之一", "五分之二", "十分之一")), "wan": f"{r.uniform(1, 9999):.1f}",
            "times": r.choice(("1.5", "2", "3.2", "两", "三")), "cn_pct": "百分之" + self._cn_number(r.randint(1, 99)),
        }
        return template.format(**values)

    def sentence(self) -> str:
        """A news sentence: with figures three times in five, else without."""
        return self._fill(self.rng.choice(TEMPLATES if self.rng.random() < 0.6 else FILLERS))

    # --- articles ------------------------------------------------------------------
    def _vary_digits(self, text: str) -> str:
        digits = "".join(self.rng.sample("0123456789", 10))
        return text.translate(str.maketrans("0123456789", digits))

    def _paragraph(self, traditional: bool) -> tuple[str, bool]:
        """A paragraph, and whether it is already in traditional script."""
        r = self.rng
        roll = r.random()
        if roll < 0.15:
            return self._vary_digits(r.choice(self.simplified)), False
        if roll < 0.25 and traditional:
            return self._vary_digits(r.choice(self.traditional)), True
        return "".join(self.sentence() for _ in range(r.randint(1, 5))), False

    def _to_traditional(self, text: str, hk: bool) -> str:
        converted = (self.s2hk if hk else self.s2t).convert(text).translate(BIG5_SUBSTITUTES)
        if self.pinyin and self.rng.random() < 0.3:  # pinyin notes after some characters
            converted = "".join(
                f"{c}({self.pinyin[c]})" if c in self.pinyin and self.rng.random() < 0.5 else c for c in converted
            )
        return converted

    def start_file(self, spec: Spec) -> str:
        """What a file opens with before its first article: an HTML head, or nothing."""
        return f'<html><head><meta charset="{declared_charset(spec.kind)}"></head><body>\n' if spec.html else ""

    def article(self, spec: Spec) -> str:
        """One article: heading, date line, paragraphs, credits; HTML or plain text."""
        r = self.rng
        paragraphs = [self._paragraph(spec.traditional) for _ in range(r.randint(3, 14))]
        if r.random() < 0.15:  # a paragraph broken mid-sentence, as crawls do
            i = r.randrange(len(paragraphs))
            text, trad = paragraphs[i]
            if len(text) > 20:
                cut = r.randint(5, len(text) - 5)
                paragraphs[i:i + 1] = [(text[:cut], trad), (text[cut:], trad)]
        if r.random() < 0.05 and not spec.traditional:  # UTF-8 read as GBK, then saved
            i = r.randrange(len(paragraphs))
            text, trad = paragraphs[i]
            cut = min(len(text), 8)
            garbled = text[:cut].encode("utf-8").decode("gbk", errors="ignore")
            paragraphs[i] = (garbled + text[cut:], trad)
        title = f"{r.choice(PLACES)}{r.choice(SUBJECTS)}{r.choice(('稳步增长', '创新高', '保持平稳', '公布', '回落'))}"
        lines = [
            ("## " if r.random() < 0.7 else "") + title,
            f"发布时间：{r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            *(p for p, _ in paragraphs),
            f"来源：{r.choice(ORGS)}", f"责任编辑：{r.choice(('张伟', '李娜', '王芳', '暢任杰', '陈静'))}",
        ]
        if spec.traditional:
            hk = spec.kind == "big5hkscs" or r.random() < 0.5
            done = {p for p, trad in paragraphs if trad}
            lines = [line if line in done else self._to_traditional(line, hk) for line in lines]
        if spec.html:
            return self._html(lines)
        sep = r.choice(("\n", "\n\n", "\r\n", "\n\u3000\u3000"))
        return sep.join(lines) + "\n\n"

    def _html(self, lines: list[str]) -> str:
        r = self.rng
        body = []
        for line in lines:
            if r.random() < 0.1:
                line = line.replace("，", "&nbsp;，", 1)
            body.append(r.choice(("<p>{}</p>", "<p style=\"text-indent:2em\">{}</p>", "{}<br/>", "<div>{}</div>")).format(line))
        return '<div class="article">\n' + "\n".join(body) + "\n</div>\n"


def declared_charset(kind: str) -> str:
    """The charset an HTML page of this kind declares, as sites write it."""
    return {"gb18030": "gbk", "big5hkscs": "big5", "cp950": "big5"}.get(kind, "utf-8")


def _paragraphs(text: str) -> list[str]:
    """Body paragraphs of a seed: headings and short lines (source, editor, captions) left out."""
    return [p.strip() for p in text.split("\n") if len(p.strip()) >= 30 and not p.startswith(("#", "△"))]


def plan(megabytes: float, seed: int) -> Iterator[Spec]:
    """The files to write, in order, until their sizes add up to ``megabytes`` MB."""
    rng = random.Random(f"plan-{seed}")
    budget = int(megabytes * 1e6)
    names, weights = [k[0] for k in KINDS], [k[1] for k in KINDS]
    suffix = {k[0]: k[3] for k in KINDS}
    n = 0
    while budget > 0:
        kind = rng.choices(names, weights)[0]
        size = int(MIN_SIZE * (MAX_SIZE / MIN_SIZE) ** (rng.random() ** SIZE_SKEW))
        if kind in SMALL_ONLY:
            size = min(size, 64 * KB)
        if kind == "empty":
            size = 0
        size = min(size, budget) if budget >= MIN_SIZE else budget
        traditional = kind in ("big5hkscs", "cp950") or (kind != "gb18030" and rng.random() < 0.2)
        html = rng.random() < 0.25
        path = f"d{n // FILES_PER_DIR:03d}/news_{n:06d}_{kind}{suffix[kind]}"
        yield Spec(path, kind, size, traditional, html)
        budget -= max(size, 1)
        n += 1


def write_file(spec: Spec, out: Path, gen: Generator) -> int:
    """Write one file article by article; returns the bytes written."""
    target = out / spec.path
    target.parent.mkdir(parents=True, exist_ok=True)
    codec = dict((k[0], k[2]) for k in KINDS)[spec.kind]
    with open(target, "wb") as fh:
        if spec.kind == "empty":
            return 0
        if spec.kind == "binary":
            data = gen.rng.choice(BAD_PREFIXES) + gen.rng.randbytes(max(spec.size - 16, 16))
            fh.write(data)
            return len(data)
        if spec.kind == "truncated":  # cut mid-character, as an interrupted download
            codec = gen.rng.choice(("utf-8", "gb18030"))
        if spec.kind == "utf-16" and gen.rng.random() < 0.3:
            codec = "utf-16-le"  # no BOM: found by its NUL lanes
        written = 0
        # "replace" gives "?" for the rare character Big5/CP950 lack, as crawlers do.
        encoder = codecs.getincrementalencoder(codec or "utf-8")("replace")
        head = gen.start_file(spec)
        if head:
            chunk = encoder.encode(head)
            fh.write(chunk)
            written += len(chunk)
        while written < spec.size:
            text = gen.article(spec)
            chunk = encoder.encode(text)
            if spec.kind == "mixed" and gen.rng.random() < 0.5:  # a GBK article in a UTF-8 file
                chunk = text.encode("gb18030")
            if written + len(chunk) > spec.size:
                # Never end on a bare heading: a cut article keeps its first body paragraph's start.
                head = len(_head(text).encode(_bomless(codec or "utf-8"), errors="replace"))
                if written and spec.size - written < head:
                    break
                room = max(spec.size - written, head)
                chunk = _cut(chunk, room, codec or "utf-8", spec.kind == "truncated")
            fh.write(chunk)
            written += len(chunk)
            if not chunk:
                break
        return written


def _head(article: str) -> str:
    """The article up to 30 characters into its fourth non-blank line: past heading, date
    line and first body paragraph (in HTML, past the wrapper ``<div>`` and into it)."""
    starts = [m.start() for m in re.finditer(r"^[^\S\n]*\S", article, re.MULTILINE)]
    return article[:starts[3] + 30] if len(starts) > 3 else article


def _bomless(codec: str) -> str:
    return {"utf-16": "utf-16-le", "utf-8-sig": "utf-8"}.get(codec, codec)


def _cut(chunk: bytes, room: int, codec: str, mid_character: bool) -> bytes:
    """The first ``room`` bytes of ``chunk``; on a character boundary unless asked not to."""
    if mid_character:  # the longest prefix that ends inside a character
        for end in range(min(room, len(chunk)), 0, -1):
            try:
                chunk[:end].decode(codec)
            except UnicodeDecodeError:
                return chunk[:end]
        return chunk[:room]
    if codec.startswith("utf-16"):
        return chunk[:room - room % 2]
    cut = chunk[:room]
    for drop in range(4):  # back off to a clean decode
        try:
            (cut[:len(cut) - drop] if drop else cut).decode(codec)
            return cut[:len(cut) - drop] if drop else cut
        except UnicodeDecodeError:
            continue
    return cut


def generate(out: Path, megabytes: float, seed: int, log=print, *, shape: str = "bench", specs=None,
             gen: Generator | None = None, fingerprint: str | None = None) -> dict:
    """Write the corpus into ``out`` and return its manifest (also saved as .manifest.json).

    Another shape of corpus (bench/news_corpus.py) passes its own ``specs``, generator and
    fingerprint; the writing, the manifest and the encodings are shared.
    """
    out.mkdir(parents=True, exist_ok=True)
    gen = gen or Generator(random.Random(f"text-{seed}"))
    files, by_kind, bytes_by_kind = [], Counter(), Counter()
    for spec in (plan(megabytes, seed) if specs is None else specs):
        size = write_file(spec, out, gen)
        files.append({"path": spec.path, "kind": spec.kind, "bytes": size,
                      "traditional": spec.traditional, "html": spec.html, "dump": spec.dump})
        by_kind[spec.kind] += 1
        bytes_by_kind[spec.kind] += size
        if len(files) % 500 == 0:
            log(f"corpus: {len(files)} files, {sum(bytes_by_kind.values()) / 1e6:.1f} MB")
    manifest = {
        "shape": shape, "seed": seed, "mb": megabytes, "generator_sha256": fingerprint or generator_fingerprint(),
        "files": len(files), "bytes": sum(bytes_by_kind.values()),
        "files_by_kind": dict(by_kind), "bytes_by_kind": dict(bytes_by_kind), "list": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def generator_fingerprint(*more: Path) -> str:
    """Changes whenever this generator (and ``more`` files) or the seeds change, to invalidate cached corpora."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in more:
        h.update(path.read_bytes())
    for seed_file in (SIMPLIFIED_SEED, TRADITIONAL_SEED):
        h.update(seed_file.read_bytes())
    return h.hexdigest()[:16]


def describe(manifest: dict) -> str:
    total = manifest["bytes"] or 1
    lines = [f"corpus ({manifest.get('shape', 'bench')}): {manifest['files']} files, {manifest['bytes'] / 1e6:.1f} MB "
             f"(seed {manifest['seed']})"]
    for kind, n in sorted(manifest["files_by_kind"].items(), key=lambda kv: -manifest["bytes_by_kind"][kv[0]]):
        b = manifest["bytes_by_kind"][kind]
        lines.append(f"  {kind:<10} {n:>6} files {b / 1e6:>9.1f} MB {100 * b / total:>5.1f}%")
    sizes = sorted(f["bytes"] for f in manifest["list"])
    if sizes:
        lines.append(f"  sizes: median {sizes[len(sizes) // 2] / KB:.0f} KB, max {sizes[-1] / KB / KB:.1f} MB, "
                     f"{sum(s < 64 * KB for s in sizes)} of {len(sizes)} under 64 KB; "
                     f"{sum(f['html'] for f in manifest['list'])} HTML")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output directory (created)")
    parser.add_argument("--mb", type=float, default=200, help="total size in MB (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(describe(generate(args.out, args.mb, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
