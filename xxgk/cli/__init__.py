"""The ``xxgk`` command: a thin layer over ``xxgk.workflows`` and ``xxgk.exporters``.

* ``main``: the argument parser, exit statuses, every error as one line;
* ``output``: the one output helper (``--format table|json|csv``, messages, errors, progress);
* ``commands``: one module per command group; handlers parse arguments, call the core and emit.

Importing this package never imports Textual: the app is imported only when no command is given.
"""
from xxgk.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
