"""How a report's metadata reads to a reviewer: template generations, table names, where the agency and
year came from, what an import did with a report, and whether a version counts. Pure: the CLI and the
app word these the same way (and JSON keeps the codes)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from xxgk.domain.templates import GEN_NAMES

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四", "c": "统计表", "concept": "概念对应"}
TABLE_ORDER = ("t2", "t3", "t4", "c")

# What an import (or ``assign``) did with one report: ``SaveResult.status`` -> name.
SAVE_STATUS_NAME = {"imported": "新导入", "unchanged": "未变", "new_version": "新版本", "needs_review": "待审核",
                    "failed": "失败"}
SAVE_STATUS_ORDER = ("imported", "unchanged", "new_version", "needs_review", "failed")

# What a folder import skipped (``workflows.discovery``'s kinds), in a word or two (the reason says what to do).
SKIP_KIND_NAME = {"image": "图片", "word_old": "旧版 Word/WPS", "archive": "压缩包", "spreadsheet_old": "旧版 Excel",
                  "hidden": "隐藏文件", "unknown": "其他文件", "unreadable": "无法读取", "dangling": "失效链接",
                  "loop": "循环链接", "special": "特殊文件"}

# Where the importer found a report's agency or year (``agency_source`` / ``year_source``).
SOURCE_NAME = {
    "title": "标题", "metadata title": "页面元数据中的标题", "metadata": "页面元数据", "sheet title": "工作表名称",
    "统计表 title": "统计表标题", "编制 sentence": "“编制”一句", "signature": "落款",
    "signature date − 1": "落款日期的上一年", "publication date − 1": "发布日期的上一年", "统计期限": "统计期限一句",
    "first sentence": "总体情况首句", "breadcrumb": "页面导航", "--agency": "导入时指定", "--year": "导入时指定",
    "assigned": "人工指定",
}


def template_name(generation: str | None) -> str:
    """``2021 年版格式``, ``2019 年试行格式``, ``2019 年以前统计表``; ``—`` when no table was recognised."""
    if not generation:
        return "—"
    return GEN_NAMES.get(generation, generation)


def table_templates_text(table_templates: Mapping[str, str]) -> str:
    """The form each table was printed on: ``表二 2021 年版格式，表三 2019 年试行格式，表四 两版相同``.

    A table whose rows are the same on both forms (表四, or a 表三 without item （六）) reads ``两版相同``."""
    parts = []
    for table in (*TABLE_ORDER, *sorted(set(table_templates) - set(TABLE_ORDER))):
        if table in table_templates:
            generation = table_templates[table]
            parts.append(f"{table_name(table)} {template_name(generation) if generation else '两版相同'}")
    return "，".join(parts) or "—"


def source_name(source: str | None) -> str:
    """Where the agency or year was found, in words (``标题``, ``落款``, ``导入时指定`` …)."""
    if not source:
        return "—"
    return SOURCE_NAME.get(source, source)


def table_name(table: str | None) -> str:
    return TABLE_NAMES.get(table or "", table or "")


def save_status_name(status: str) -> str:
    return SAVE_STATUS_NAME.get(status, status)


_WHERE = (
    (re.compile(r"^line (\d+) word (\d+)$"), "第 {0} 行第 {1} 个数"),
    (re.compile(r"^line (\d+) cell (\d+)$"), "第 {0} 行第 {1} 格"),
    (re.compile(r"^line (\d+)$"), "第 {0} 行"),
    (re.compile(r"^page (\d+) line (\d+)(?: word (\d+))?$"), "第 {0} 页第 {1} 行"),
    (re.compile(r"^page (\d+) table (\d+) r(\d+)c(\d+)$"), "第 {0} 页第 {1} 个表格第 {2} 行第 {3} 列"),
    (re.compile(r"^page (\d+) table (\d+)$"), "第 {0} 页第 {1} 个表格"),
    (re.compile(r"^table (\d+) r(\d+)c(\d+)$"), "第 {0} 个表格第 {1} 行第 {2} 列"),
    (re.compile(r"^table (\d+)$"), "第 {0} 个表格"),
    (re.compile(r"^(.+)!\$?([A-Z]{1,3}\$?\d+)$"), "工作表“{0}”{1} 单元格"),
)


def where_text(where: str | None) -> str:
    """Where the importer read a cell, in words: ``line 74 word 3`` → ``第 74 行第 3 个数``,
    ``Sheet1!C7`` → ``工作表“Sheet1”C7 单元格``, ``page 3 table 2 r5c7`` → ``第 3 页第 2 个表格第 5 行第 7 列``;
    anything else (a file name) as it is."""
    text = (where or "").strip()
    for pattern, words in _WHERE:
        m = pattern.match(text)
        if m:
            return words.format(*m.groups())
    return text


def skip_kind_name(kind: str) -> str:
    return SKIP_KIND_NAME.get(kind, kind)


def version_state(*, needs_review: bool, withdrawn: bool, superseded_by: int | None) -> str:
    """Whether an archived version counts: ``现行``, ``已被 #12 取代``, ``已撤回``, ``待审核``."""
    if withdrawn:
        return "已撤回"
    if needs_review:
        return "待审核"
    if superseded_by is not None:
        return f"已被 #{superseded_by} 取代"
    return "现行"
