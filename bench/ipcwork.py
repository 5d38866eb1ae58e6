"""The import pool's work with the parse left out (bench_store.py's IPC row): a worker hands back one of the
prepared files it was given at fork, by reference like ``parse_prepared`` (its long keys sent once)."""
from __future__ import annotations

from typing import Any

PREPARED: list[Any] = []  # set before the pool forks its workers


def prepared_again(path: str, data: bytes, agency: str | None, year: int | None) -> Any:
    from xxgk.workflows import parsepool

    prepared = PREPARED[len(path) % len(PREPARED)]
    return parsepool._SENT.file(prepared) if parsepool._SENT is not None else prepared
