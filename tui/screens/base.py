"""What every xxgk screen shares: registry bindings, read-only refusal, back, reload on archive change."""
from __future__ import annotations

from textual.screen import Screen

from xxgk.tui.actions import writes_action_names


class XxgkScreen(Screen):
    SCREEN_ID = "overview"
    stale = False

    @property
    def read_only(self) -> bool:
        return getattr(self.app, "read_only", False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.read_only and action in writes_action_names(self.SCREEN_ID):
            return False  # hidden from the footer; the palette does not offer it either
        return True

    def refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.app.refuse_read_only()
            return True
        return False

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    def reload(self) -> None:
        """Load (again) what the screen shows, in a worker."""
