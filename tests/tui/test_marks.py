"""The marks read in every colour mode: one style table (``presentation.status.STYLES``) for full colour,
16 colours and NO_COLOR; a STRICT failure is the most prominent thing (a block: reverse or a background,
and bold), SOFT warnings lesser, 缺 dim and neutral; contrast ≥ 4.5:1 against the app's background; the
mode is read from the terminal's environment once."""
from __future__ import annotations

import pytest
from rich.color import Color
from rich.style import Style

from xxgk.presentation.status import COLOR_MODES, STYLES, color_mode, style_for

MARKS = ("fail", "warn", "incomplete", "missing", "pass")
# The app's background (Textual's dark theme, $surface) and text, as each mode draws them.
BACKGROUND = {"full": (0x1E, 0x1E, 0x1E), "16": (0, 0, 0)}
FOREGROUND = {"full": (0xE0, 0xE0, 0xE0), "16": (0xAA, 0xAA, 0xAA)}


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colours(kind: str, mode: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    style = Style.parse(style_for(kind, mode))
    fg = style.color.get_truecolor() if style.color else FOREGROUND[mode]
    bg = style.bgcolor.get_truecolor() if style.bgcolor else BACKGROUND[mode]
    return tuple(fg), tuple(bg)  # type: ignore[return-value]


@pytest.mark.parametrize("mode", ["full", "16"])
def test_every_mark_has_contrast(mode):
    for kind in MARKS:
        fg, bg = colours(kind, mode)
        assert contrast(fg, bg) >= 4.5, (mode, kind, fg, bg)


@pytest.mark.parametrize("mode", COLOR_MODES)
def test_a_strict_failure_is_a_bold_block_and_outranks_the_rest(mode):
    fail = Style.parse(style_for("fail", mode))
    assert fail.bold and (fail.reverse or fail.bgcolor is not None)  # never colour alone
    for kind in ("warn", "incomplete", "missing", "pass"):
        other = Style.parse(style_for(kind, mode) or "none")
        assert not other.reverse and other.bgcolor is None and not other.bold, (mode, kind)
    missing = Style.parse(style_for("missing", mode) or "none")
    assert missing.color is None or missing.color.get_truecolor()[0] == missing.color.get_truecolor()[1] == \
        missing.color.get_truecolor()[2]  # neutral: a grey or dim, never a hue


@pytest.mark.parametrize("mode", ["full", "16"])
def test_marks_are_distinct_colours(mode):
    seen = {colours(kind, mode) for kind in MARKS}
    assert len(seen) == len(MARKS)


def test_16_colours_are_exactly_the_standard_palette():
    """What Rich downgrades to in 16 colours: a colour of the palette itself cannot land on a neighbour
    (the old red became magenta, the same as 缺)."""
    from rich.color import ColorSystem

    numbers = set()
    for kind in MARKS:
        style = Style.parse(style_for(kind, "16"))
        for colour in (style.color, style.bgcolor):
            if colour is not None:
                down = colour.downgrade(ColorSystem.STANDARD)
                assert Color.from_triplet(colour.get_truecolor()).get_truecolor() == colour.get_truecolor()
                numbers.add((kind, down.number))
    fg = {kind: n for kind, n in numbers if kind != "fail"}
    assert len(set(fg.values())) == len(fg)


def test_no_color_uses_attributes_only():
    for kind, text in STYLES["mono"].items():
        style = Style.parse(text or "none")
        assert style.color is None and style.bgcolor is None, kind


@pytest.mark.parametrize(("env", "mode"), [
    ({"TERM": "xterm-256color"}, "full"), ({"TERM": "screen-256color"}, "full"),
    ({"TERM": "xterm", "COLORTERM": "truecolor"}, "full"), ({"TERM": "xterm"}, "16"), ({"TERM": "screen"}, "16"),
    ({"TERM": "linux"}, "16"), ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "mono"), ({"NO_COLOR": ""}, "mono"),
    ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}, "full"),
])
def test_mode_from_the_environment(env, mode):
    assert color_mode(env) == mode


def test_the_app_reads_the_mode_once_at_start(sample_archive, monkeypatch):
    from xxgk.tui import styles
    from xxgk.tui.app import XxgkApp

    monkeypatch.setattr(styles, "_mode", "full")  # restored after the test
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    app = XxgkApp(sample_archive, poll_seconds=None)
    assert app.color_mode == "16" and styles.style("fail") == STYLES["16"]["fail"]
    monkeypatch.setenv("NO_COLOR", "1")
    app = XxgkApp(sample_archive, poll_seconds=None)
    assert app.color_mode == "mono" and styles.STATUS_STYLE["fail"] == "bold reverse"
