"""The command palette (Ctrl+P): every action of the registry available on the current screen."""
from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from xxgk.tui.actions import Action, actions_for


class XxgkCommands(Provider):
    def _actions(self) -> list[tuple[str, Action]]:
        screen_id = getattr(self.screen, "SCREEN_ID", "overview")
        read_only = getattr(self.app, "read_only", False)
        out = []
        for action in actions_for(screen_id, read_only):
            if action.id in ("command_palette", "move", "switch_focus", "import_start", "import_complete"):
                continue
            keys = action.key_text()
            title = f"{action.description}" + (f"  （{keys}）" if keys else "")
            out.append((title, action))
        return out

    def _run(self, action: Action) -> None:
        self.app.call_later(self.screen.run_action, action.action_name)

    async def discover(self) -> Hits:
        for title, action in self._actions():
            yield DiscoveryHit(title, partial(self._run, action), help=action.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action in self._actions():
            score = max(matcher.match(title), matcher.match(action.id))
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=action.id)
