"""Textual's Header, whose title is set without failing when its screen is already gone.

Textual's own ``Header`` sets its title from a watcher that lets ``NoMatches`` through when the header's
children are gone (a screen closed right after it opened, or the title changing while it is taken
down): that ended the app. This one sets the title the same way and lets that pass."""
from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # not Textual's handler too: it would watch with its own set_title

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass  # no screen or no title widget any more: nothing to show the title on

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
