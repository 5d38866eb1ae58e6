"""A parse function for the pool tests whose worker dies on one marked file (imported by the workers)."""
from __future__ import annotations

import os

from xxgk.workflows.parsepool import Result, parse_prepared


def parse_or_die(path: str, data: bytes, agency: str | None, year: int | None) -> Result:
    if data.startswith(b"KILL THE WORKER"):
        os._exit(9)  # as if the kernel had killed it (out of memory)
    return parse_prepared(path, data, agency, year)


def niceness(path: str, data: bytes, agency: str | None, year: int | None) -> Result:
    """The niceness of the process that parses (as a result line: the pool hands a str back as it is)."""
    return str(os.nice(0))
