"""Cells + text → ParsedReport: the matcher, agency/year, identities. Shared by every input kind."""
from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from xxgk.domain.identities import check_report
from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.domain.narrative import narrative_checks
from xxgk.domain.normalise import nfkc
from xxgk.importers.cells import Cell
from xxgk.importers.matcher import match_cells
from xxgk.importers.meta import find_meta

_TEXT_OF = attrgetter("text")  # one C-level pass over the cells' texts


def build_report(cells: list[Cell], text: str, *, file: str, sha256: str, format: str,
                 encoding: str | None = None, agency: str | None = None, year: int | None = None,
                 part: str | None = None, title_hint: str | None = None,
                 extra_warnings: list[ParseWarning] | None = None, cells_from_text: bool = False) -> ParsedReport:
    """``cells_from_text``: every cell is a piece of ``text`` (a text report's), so a NUL in one is in it."""
    # the last guard: no label ever holds a NUL
    if "\x00" in text or (not cells_from_text and "\x00" in "".join(map(_TEXT_OF, cells))):
        text = text.replace("\x00", "")
        for c in cells:
            c.text = c.text.replace("\x00", "")
            if c.parts:
                c.parts = [p.replace("\x00", "") for p in c.parts]
        extra_warnings = [*(extra_warnings or []), ParseWarning("文件中的 NUL 字符（\\0）已删除", Path(file).name)]
    res = match_cells(cells)
    if not res.values:
        raise BadInput(file, "没有找到年度报告的统计表")
    norm = nfkc(text)  # the one whole-text normalisation, shared by agency/year and the narrative checks
    meta = find_meta(norm, title_hint=title_hint, normalized=True)
    rep = ParsedReport(file=file, sha256=sha256, format=format, encoding=encoding, part=part, text=text,
                       template=res.template, values=res.values, table_templates=res.table_templates)
    rep.agency, rep.agency_source, rep.agency_aliases = meta.agency, meta.agency_source, list(meta.aliases)
    rep.year, rep.year_source = meta.year, meta.year_source
    rep.scope = meta.scope
    if agency and agency.strip():
        rep.agency, rep.agency_source, rep.agency_aliases = agency.strip(), "--agency", []
    if year:
        rep.year, rep.year_source = int(year), "--year"
    rep.warnings = list(extra_warnings or []) + res.warnings
    if rep.agency is None:
        rep.warnings.append(ParseWarning("文中没有写明机关：待审核（请指定机关）", Path(file).name))
    if rep.year is None:
        rep.warnings.append(ParseWarning("文中没有写明报告年度：待审核（请指定年度）", Path(file).name))
    if res.table_templates.get("t3") == "2019" and res.table_templates.get("t2") == "2021":
        rep.warnings.append(ParseWarning("表三（六）其他处理印成一行（2019 年试行格式的排法），其余为 2021 年版格式",
                                         "表三"))
    sections = [v.key for v in res.values if v.note and v.note.startswith("section heading")]
    values = rep.value_map()
    rep.checks = check_report(values, rep.template, rep.table_templates, section_keys=sections)
    rep.checks += narrative_checks(norm, values, pre2019=rep.template == "pre2019", normalized=True)
    return rep
