from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"


@pytest.fixture(autouse=True)
def _no_libreoffice(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as on a machine without LibreOffice (old .doc files are skipped with what to do),
    whether or not this machine has it; a test marked ``soffice`` brings its own (or uses the real one)."""
    if request.node.get_closest_marker("soffice") is None:
        monkeypatch.setattr("xxgk.importers.convert.soffice_path", lambda: None)


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


def sample(name: str) -> Path:
    return SAMPLES / name
