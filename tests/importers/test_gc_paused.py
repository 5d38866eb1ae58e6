"""``parse_bytes`` pauses the cyclic garbage collector for the parse and leaves it as it found it."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "sample_reports" / "hongze_2024.pdf.txt"


def test_paused_during_the_parse_and_on_again_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import xxgk.importers.text as text

    seen: list[bool] = []
    real = text.text_to_cells

    def spy(*args: object, **kw: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "text_to_cells", spy)
    assert gc.isenabled()
    reports = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert reports[0].values and seen == [False]
    assert gc.isenabled()


def test_on_again_after_a_refused_file() -> None:
    with pytest.raises(BadInput):
        parse_bytes(b"\x00\x01\x02" * 100, "x.txt")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
        assert not gc.isenabled()
    finally:
        gc.enable()
