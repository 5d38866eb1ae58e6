"""Exit statuses and the one exception a handler raises for a user error."""
from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # check: a STRICT identity fails
EXIT_BAD_INPUT = 2  # bad input or usage; the archive is left as it was
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A user error: ``main`` prints ``xxgk: <message>`` on one line and exits 2."""
