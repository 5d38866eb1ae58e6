"""One screen per flow. Imported lazily: only the overview is needed to paint the first screen."""
from __future__ import annotations


def make_screen(name: str):
    if name == "overview":
        from xxgk.tui.screens.overview import OverviewScreen

        return OverviewScreen()
    if name == "failures":
        from xxgk.tui.screens.failures import FailuresScreen

        return FailuresScreen()
    if name == "review":
        from xxgk.tui.screens.review import ReviewScreen

        return ReviewScreen()
    if name == "import":
        from xxgk.tui.screens.importer import ImportScreen

        return ImportScreen()
    raise ValueError(f"unknown screen {name!r}")
