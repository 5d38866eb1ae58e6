"""One module per command group. Each has ``register(sub, common)``: it adds its parsers (with
``arguments.add_command``) and sets ``func=handler``, a function ``handler(args) -> int`` that parses its
arguments, calls the core (``xxgk.workflows``, ``xxgk.exporters``) and writes through ``xxgk.cli.output``.
A handler raises ``CliError`` for a user error; it never formats a value or a status by hand
(``xxgk.presentation``) and holds no logic the app would also need (that goes in ``xxgk.workflows``).
Keep module imports light: the heavy ones (openpyxl, the importers) are imported inside the handler.

``GROUPS`` names the commands each module registers, so that a run imports only the module of its own
command (``xxgk check`` never imports the importers or the checklists: start-up time); ``--help`` and a
command line without a known command import them all (``modules``).
"""
from __future__ import annotations

from importlib import import_module
from types import ModuleType

# module: the top-level commands it registers, modules in the order ``xxgk --help`` lists them
GROUPS: dict[str, tuple[str, ...]] = {
    "parse": ("parse",),
    "importing": ("import",),
    "overview": ("list", "review", "agencies"),
    "checks": ("check", "failures"),
    "reports": ("show", "versions", "text", "assign", "withdraw"),
    "verdicts": ("verdict",),
    "evaluation": ("checklist", "indicators", "thresholds", "summary", "trend"),
    "hierarchy": ("hierarchy",),
    "compare": ("compare",),
    "export": ("export",),
    "search": ("search",),
    "maintenance": ("doctor", "backup", "reparse"),
}
COMMAND_GROUP = {command: group for group, commands in GROUPS.items() for command in commands}


def modules(groups: tuple[str, ...] | None = None) -> list[ModuleType]:
    """The command modules of ``groups`` (default: all), in ``GROUPS`` order."""
    return [import_module(f"{__name__}.{name}") for name in GROUPS if groups is None or name in groups]
