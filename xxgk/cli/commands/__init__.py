"""One module per command group. Each has ``register(sub, common)``: it adds its parsers (with
``arguments.add_command``) and sets ``func=handler``, a function ``handler(args) -> int`` that parses its
arguments, calls the core (``xxgk.workflows``, ``xxgk.exporters``) and writes through ``xxgk.cli.output``.
A handler raises ``CliError`` for a user error; it never formats a value or a status by hand
(``xxgk.presentation``) and holds no logic the app would also need (that goes in ``xxgk.workflows``).
Keep module imports light: the heavy ones (openpyxl, the importers) are imported inside the handler.
"""
from __future__ import annotations

from types import ModuleType

from xxgk.cli.commands import (
    checks,
    compare,
    evaluation,
    export,
    hierarchy,
    importing,
    maintenance,
    overview,
    parse,
    reports,
    search,
    verdicts,
)

COMMANDS: list[ModuleType] = [parse, importing, overview, checks, reports, verdicts, evaluation, hierarchy, compare,
                              export, search, maintenance]
