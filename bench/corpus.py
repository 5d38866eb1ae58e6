"""A corpus of real-shaped reports generated from the shipped samples (for benchmarks; never committed).

Every real text layout and template generation the samples hold is a base: pipe cells one per line (F1),
pipe rows (F2), tab rows (Word), one cell per line without pipes (F3), PDF-copied lines (pdftotext -layout
and -raw, and the shipped .pdf.txt), the 2021 form, the 2019 trial form and the pre-2019 统计表 (two
variants, and one with a 历年累计 column), Traditional characters, and the page layouts of
tests/fixtures/layouts/ (lone pipes between cells, PDF rows in a pipe page, a short agency name). Each generated report is a base with

* another agency name in its title, body and signature (a pool of place × department names),
* another reporting year (within the years its form was in use),
* running text of its own (``_own_narrative``): memo caches learn the form's labels, which every report
  repeats, but not a report's prose from another copy of the same base,
* for a share of the reports (``broken``, default 20%) one table number changed, so they do not reconcile,
* an encoding offices save in: UTF-8 (most), GB18030, UTF-16 with a BOM, UTF-8 with a BOM; Big5 for the
  Traditional base.

``build(n, seed)`` returns ``[(name, bytes)]``; ``write(dir, n, seed)`` writes them as files. HTML and XLSX
samples are added unchanged by ``grid_files()``.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"
FIXTURES = ROOT / "tests" / "fixtures"

PLACES = ("示范市", "东山县", "西河区", "南江市", "北岭县", "临川区", "清源市", "平阳县", "白沙区", "青石镇", "长宁市", "安平县")
DEPARTMENTS = ("人民政府", "教育局", "财政局", "民政局", "交通运输局", "卫生健康委员会", "市场监督管理局", "自然资源局",
               "人民政府办公室", "生态环境局", "住房和城乡建设局", "农业农村局")

_NUMBER_LINE = re.compile(r"(?<![\d.])(\d{1,5})(?![\d.年月日])")


def _read(p: Path) -> str:
    return p.read_text("utf-8")


def _f2_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")[:-1]]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _relayout(text: str, joiner: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(line)
        elif joiner == "tab":
            out.append("\t".join(_f2_cells(line)))
        else:
            out.extend(_f2_cells(line))
    return ("\n\n" if joiner == "f3" else "\n").join(out)


def _pdf_lines_c(text: str) -> str:
    """Seed 002's 统计表 as PDF-copied lines (`label unit value`)."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("统 计 指 标"))
    cells = [ln.rstrip("|").strip() for ln in lines[start + 3:]]
    rows = [" ".join(c for c in cells[k:k + 3] if c) for k in range(0, len(cells) - 2, 3)]
    return "\n".join(lines[:start] + ["统 计 指 标 单位 统计数"] + rows)


def bases() -> list[tuple[str, str, tuple[str, ...], tuple[int, ...], int]]:
    """(name, text, agency spellings to replace, years it may be given, the year printed in it)."""
    s = SAMPLES
    seed001 = _read(s / "001_f2d57d5ded702b88.txt")
    seed002 = _read(s / "002_b6ce9a87a66a1839.txt")
    hz = ("淮安市洪泽区人民政府", "洪泽区人民政府")
    recent = (2021, 2022, 2023, 2024)
    return [
        ("000_trad_f1", _read(s / "000_7fa8abd7de6217fc.txt"), (), recent, 2021),
        ("001_f2", seed001, (), recent, 2021),
        ("001_tab", _relayout(seed001, "tab"), (), recent, 2021),
        ("001_f3", _relayout(seed001, "f3"), (), recent, 2021),
        ("002_c_f1", seed002, ("开封市质量技术监督局",), (2015, 2016, 2017, 2018), 2018),
        ("002_c_pdf", _pdf_lines_c(seed002), ("开封市质量技术监督局",), (2015, 2016, 2017, 2018), 2018),
        ("003_c_liaoning", _read(s / "003_5ca275e7fc674769.txt"), (), (2014, 2015, 2016, 2017), 2015),
        ("004_f1", _read(s / "004_028b26371201af45.txt"), ("盘锦市商务局",), recent, 2022),
        ("hongze_2023_pdf", _read(s / "hongze_2023.pdf.txt"), hz, recent, 2023),
        ("hongze_2024_pdf", _read(s / "hongze_2024.pdf.txt"), hz, recent, 2024),
        ("huaian_2024_pdf", _read(s / "huaian_2024.pdf.txt"), ("淮安市人民政府",), recent, 2024),
        ("huaian_2024_layout", _read(FIXTURES / "pdftotext" / "huaian_2024.layout.txt"), ("淮安市人民政府",),
         recent, 2024),
        ("hongze_2023_raw", _read(FIXTURES / "pdftotext" / "hongze_2023.raw.txt"), hz, recent, 2023),
        ("b_form_2019", _read(FIXTURES / "text" / "b_form_2019.txt"), ("示范市人民政府",), (2019, 2020), 2019),
        ("b_form_lone_pipes", _read(FIXTURES / "layouts" / "b_form_lone_pipes.txt"), ("示范市人民政府",),
         (2019, 2020), 2019),
        ("hongze_2024_pipe_page", _read(FIXTURES / "layouts" / "hongze_2024_pipe_page.txt"), hz, recent, 2024),
        ("panjin_c_two_columns", _read(FIXTURES / "layouts" / "panjin_2015_cumulative.txt"), (), (2014, 2015, 2016), 2015),
        ("pingtan_c_short_name", _read(FIXTURES / "layouts" / "pingtan_caijin_2016.txt"), ("平潭综合实验区",),
         (2015, 2016, 2017), 2016),
    ]


def _break_one_number(text: str, rng: random.Random) -> str:
    """Change one number on a table line (a line with a pipe, a tab or ending in a number)."""
    lines = text.split("\n")
    cands = [i for i, ln in enumerate(lines) if ("|" in ln or "\t" in ln or re.search(r"\s\d+$", ln))
             and _NUMBER_LINE.search(ln) and "年" not in ln]
    if not cands:
        return text
    i = rng.choice(cands)
    ms = list(_NUMBER_LINE.finditer(lines[i]))
    m = rng.choice(ms)
    new = str(int(m.group(1)) + rng.randint(1, 9))
    lines[i] = lines[i][: m.start(1)] + new + lines[i][m.end(1):]
    return "\n".join(lines)


_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _own_narrative(text: str, i: int) -> str:
    """Running text that no other report repeats, as in reality (table labels still repeat: they are the
    form's): a token of the report's number before every ，and 。 of the lines holding a sentence, so no
    memo learns a report's prose from another copy of its base."""
    token = "".join(_STEMS[int(d)] for d in str(i))
    out = []
    for line in text.split("\n"):
        if "。" in line and "|" not in line:
            line = line.replace("，", token + "，").replace("。", token + "。")
        out.append(line)
    return "\n".join(out)


def build(n: int = 2000, seed: int = 12, broken: float = 0.2) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []
    bs = bases()
    for i in range(n):
        name, text, spellings, years, title_year = bs[i % len(bs)]
        agency = rng.choice(PLACES) + rng.choice(DEPARTMENTS)
        for sp in spellings:
            text = text.replace(sp, agency)
        year = rng.choice(years)
        if year != title_year:  # the reporting year and the year after it (signature, plans) move together
            text = text.replace(f"{title_year + 1}年", f"{year + 1}年").replace(f"{title_year}年", f"{year}年")
            text = text.replace(f"{title_year + 1} 年", f"{year + 1} 年").replace(f"{title_year} 年", f"{year} 年")
        text = _own_narrative(text, i)
        if rng.random() < broken:
            text = _break_one_number(text, rng)
        r = rng.random()
        if name.startswith("000_trad") and r < 0.3:
            enc = "big5"
        elif r < 0.70:
            enc = "utf-8"
        elif r < 0.85:
            enc = "gb18030"
        elif r < 0.95:
            enc = "utf-16"
        else:
            enc = "utf-8-sig"
        out.append((f"{i:05d}_{name}_{year}.{enc}.txt", text.encode(enc)))
    return out


def grid_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".html", ".htm", ".xlsx")]


def write(folder: Path, n: int = 2000, seed: int = 12) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in build(n, seed) + grid_files():
        p = folder / name
        p.write_bytes(data)
        paths.append(p)
    return paths


# -- an archive's worth: many agencies, consecutive years, HTML and XLSX too (bench/bench_store.py) --------

_SYLLABLES = "东西南北临清平白青长安新永兴宁江河山湖海"
_UNITS = ("县", "区", "市")


def agency_name(i: int) -> str:
    """The i-th of 288,000 distinct, plausible agency names (a place of two or three syllables, a unit, a
    department), never a prefix variant of another one."""
    n = len(_SYLLABLES)
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    i //= len(DEPARTMENTS)
    unit = _UNITS[i % len(_UNITS)]
    i //= len(_UNITS)
    place = _SYLLABLES[i % n] + _SYLLABLES[i // n % n] + (_SYLLABLES[i // (n * n) % n] if i >= n * n else "")
    return f"{place}{unit}{dept}"


def _retitle(text: str, spellings: tuple[str, ...], agency: str, title_year: int, year: int) -> str:
    for sp in spellings:
        text = text.replace(sp, agency)
    if year != title_year:
        for a, b in ((f"{title_year + 1}", f"{year + 1}"), (f"{title_year}", f"{year}")):
            text = text.replace(f"{a}年", f"{b}年").replace(f"{a} 年", f"{b} 年")
    return text


_GRID_BASES = (  # (sample, agency spellings, years it may be given, the year printed in it)
    ("huaian_2024.html", ("淮安市人民政府",), (2021, 2022, 2023, 2024), 2024),
    ("kaifeng_zhijian_2018.htm", ("开封市质量技术监督局",), (2015, 2016, 2017, 2018), 2018),
    ("hongze_2024.xlsx", ("淮安市洪泽区人民政府", "洪泽区人民政府"), (2021, 2022, 2023, 2024), 2024),
)


def _html(sample: str, spellings: tuple[str, ...], agency: str, title_year: int, year: int) -> bytes:
    data = (SAMPLES / sample).read_bytes()
    text = _retitle(data.decode("gb18030"), spellings, agency, title_year, year)
    return text.encode("gb18030")


def _xlsx(sample: str, spellings: tuple[str, ...], agency: str, title_year: int, year: int,
          broken: bool, rng: random.Random) -> bytes:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(SAMPLES / sample)
    numbers = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = _retitle(cell.value, spellings, agency, title_year, year)
                elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    numbers.append(cell)
    if broken and numbers:
        cell = rng.choice(numbers)
        cell.value = cell.value + rng.randint(1, 9)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_archive_corpus(n: int = 2000, seed: int = 12, broken: float = 0.2, grid_share: float = 0.1
                         ) -> list[tuple[str, bytes]]:
    """``n`` files as an office's folder holds them: each agency (``agency_name``) reports every year its
    base's form was in use, so consecutive years meet (cross-year identities); every text base in its
    encodings (as ``build``), and a ``grid_share`` of HTML and XLSX reports rebuilt from the samples; a
    ``broken`` share with one table number changed."""
    rng = random.Random(seed)
    text_bases = bases()
    out: list[tuple[str, bytes]] = []
    agency = 0
    while len(out) < n:
        name = agency_name(agency)
        grid = rng.random() < grid_share
        if grid:
            sample, spellings, years, title_year = _GRID_BASES[agency % len(_GRID_BASES)]
        else:
            base, text, spellings, years, title_year = text_bases[agency % len(text_bases)]
        for year in years:
            if len(out) >= n:
                break
            bad = rng.random() < broken
            if grid and sample.endswith(".xlsx"):
                data = _xlsx(sample, spellings, name, title_year, year, bad, rng)
                out.append((f"{len(out):06d}_{sample.rsplit('.', 1)[0]}_{year}.xlsx", data))
                continue
            if grid:
                out.append((f"{len(out):06d}_{sample.rsplit('.', 1)[0]}_{year}.html",
                            _html(sample, spellings, name, title_year, year)))
                continue
            body = _retitle(text, spellings, name, title_year, year)
            if not spellings:  # a base that does not name its agency: the title line says it
                body = f"{name}{year}年政府信息公开工作年度报告\n" + body
            if bad:
                body = _break_one_number(body, rng)
            r = rng.random()
            enc = ("big5" if base.startswith("000_trad") and r < 0.3 else "utf-8" if r < 0.70 else
                   "gb18030" if r < 0.85 else "utf-16" if r < 0.95 else "utf-8-sig")
            if enc == "big5":
                try:
                    data = body.encode(enc)
                except UnicodeEncodeError:
                    enc, data = "utf-8", body.encode("utf-8")
            else:
                data = body.encode(enc)
            out.append((f"{len(out):06d}_{base}_{year}.{enc}.txt", data))
        agency += 1
    return out
