"""The command palette (Ctrl+P): every action of the registry available on the current screen, found by
the Chinese words of its description and keywords (导入, 比较, 导出 …), shown with its key, never with an
internal id."""
from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from xxgk.tui.actions import BY_ID, Action, actions_for
from xxgk.tui.common import safe

# Registry entries that are not commands (keys a widget handles, the palette itself).
NOT_COMMANDS = ("command_palette", "move", "switch_focus", "import_start", "import_complete")
NO_MATCH_SCORE = 1e-6  # below any real match
NO_MATCH_HELP = "可输入：导入、打开、比较、导出、问题清单、排序、帮助"


def palette_actions(screen_id: str, read_only: bool) -> list[tuple[str, str, Action]]:
    """(title, help line, action) for each command of ``screen_id``: the title is the description, the
    help line says which key does the same (or that only the palette does)."""
    out = []
    for action in actions_for(screen_id, read_only):
        if action.id in NOT_COMMANDS:
            continue
        keys = action.key_text()
        out.append((action.description, f"按键：{keys}" if keys else "（只在命令面板中）", action))
    return out


class XxgkCommands(Provider):
    def _actions(self) -> list[tuple[str, str, Action]]:
        return palette_actions(getattr(self.screen, "SCREEN_ID", "overview"), getattr(self.app, "read_only", False))

    def _run(self, action: Action) -> None:
        self.app.call_later(self.screen.run_action, action.action_name)

    async def discover(self) -> Hits:
        for title, help_line, action in self._actions():
            yield DiscoveryHit(title, partial(self._run, action), help=help_line)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, help_line, action in self._actions():
            score = matcher.match(title)
            if action.keywords:
                score = max(score, matcher.match(f"{title} {action.keywords}") * 0.9)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_line)
        if not found and query.strip():
            # one line in Chinese (else Textual's own "No matches found"), leading to every key of the screen
            yield Hit(NO_MATCH_SCORE, Text(f"没有名称含“{safe(query.strip())}”的操作：按 Enter 查看本屏全部按键"),
                      partial(self._run, BY_ID["help"]), text="帮助", help=NO_MATCH_HELP)
