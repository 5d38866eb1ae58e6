from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


def sample(name: str) -> Path:
    return SAMPLES / name
