"""Who is doing it: the name recorded with a withdrawal, a verdict, a parent or scope set by hand."""
from __future__ import annotations

import getpass
import os

ENV_USER = "XXGK_USER"


def current_user() -> str:
    """``$XXGK_USER`` (a configured name, e.g. the reviewer's own name on a shared account), else the user
    as the OS names them."""
    configured = " ".join(os.environ.get(ENV_USER, "").split())
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "未知用户"
