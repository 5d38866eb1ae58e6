"""An agency's every cell across its years as lines of ``rich.text.Text`` (the report screen's trend view,
``g``): label | a text sparkline, one character a year (``presentation.sparkline``: braille, narrow on CJK
terminals, unlike the Textual ``Sparkline`` widget's block elements) | the report's own value | its change
on the year before. The headline concepts come first; the cells of the selected check are marked ``>`` as
on the form, and ``anchors`` lets the screen scroll to them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from xxgk.presentation.numbers import signed_text
from xxgk.presentation.sparkline import LEGEND, sparkline
from xxgk.tui.common import clip, fmt_number, pad, rich_style, safe, wrap_cells
from xxgk.tui.form import DIM, HEAD, TITLE, Form

if TYPE_CHECKING:
    from xxgk.domain.model import Number
    from xxgk.domain.trends import Series, Trends

SECTIONS = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况", "c": "政府信息公开情况统计表"}
VALUE_W, DELTA_W = 9, 8


def _change(points: list[Number | None], i: int) -> str:
    if i <= 0 or points[i] is None or points[i - 1] is None:
        return ""
    return signed_text(points[i] - points[i - 1])  # type: ignore[operator]


def render_trends(trends: Trends, year: int | None, width: int, selected: set[str] | None = None) -> Form:
    """``trends`` laid out at ``width`` cells; ``year``: the report's year (its value and change shown)."""
    selected = selected or set()
    form = Form()
    years = trends.years
    mask = trends.mask()
    spark_w = max(4, len(years))
    label_w = max(12, width - spark_w - VALUE_W - DELTA_W - 3)
    i = years.index(year) if year in years else len(years) - 1
    shown_year = years[i] if years else None
    span = f"{years[0]}–{years[-1]}" if years else ""
    form.add(f"历年趋势 {span}（每格一年，共 {len(years)} 年；右两列为 {shown_year} 年及其增减）", TITLE)
    for part in wrap_cells(LEGEND, max(10, width - 1)):
        form.add(Text(part, style=DIM))

    def line(s: Series, indent: int = 1) -> None:
        points = s.points(years)
        key_selected = s.key in selected
        text = Text(pad(" " * indent + clip(safe(s.label), label_w - indent - 1), label_w),
                    style=rich_style("selected") if key_selected else Style())
        text.append(pad(sparkline(points, mask), spark_w) + " ")
        value = points[i] if points else None
        text.append(pad(fmt_number(value) if mask and mask[i] else "缺", VALUE_W, "right") + " ")
        text.append(pad(_change(points, i), DELTA_W, "right"), style=DIM)
        form.anchors.setdefault(s.key, len(form.lines))
        form.add(text)

    form.add(Text(pad("主要数字（跨格式可比）", label_w) + pad("趋势", spark_w) + " "
                  + pad(str(shown_year or ""), VALUE_W, "right") + " " + pad("增减", DELTA_W, "right"), style=HEAD))
    for s in trends.headlines:
        line(s)
    table = None
    for s in trends.series:
        t = s.key.split(".", 1)[0]
        if t != table:
            table = t
            form.add()
            form.add(SECTIONS.get(t, "其他数值"), TITLE)
        line(s)
    for text in form.lines:
        text.no_wrap = True
        text.truncate(width)
    return form
