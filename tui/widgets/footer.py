"""The key line at the bottom of every screen, from the action registry (``xxgk.tui.actions``): what fits
the terminal's width by each action's ``rank``, so that ``i 导入``, ``F1 帮助`` and quit stay at 80 columns
while the rest is one ``F1`` away."""
from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from xxgk.tui.actions import footer_actions
from xxgk.tui.styles import rich_style


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, screen_id: str | None = None) -> None:
        super().__init__()
        self.screen_id = screen_id

    def render(self) -> Text:
        screen_id = str(self.screen_id or getattr(self.screen, "SCREEN_ID", "overview"))
        read_only = bool(getattr(self.app, "read_only", False))
        width = max(1, self.size.width - 1)
        text = Text(" ", no_wrap=True, overflow="crop")
        key_style = rich_style("notice")
        for i, action in enumerate(footer_actions(screen_id, read_only, width - 1)):
            if i:
                text.append("  ")
            text.append(action.footer_key, key_style)
            text.append(" " + action.footer)
        return text

    def on_resize(self) -> None:
        self.refresh()
