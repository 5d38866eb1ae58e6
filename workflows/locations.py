"""Where the archive lives: ``--db PATH``, else ``$XXGK_DB``, else the per-user data folder."""
from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "XXGK_DB"
ARCHIVE_NAME = "archive.sqlite"


def default_db_path() -> Path:
    """``platformdirs.user_data_dir("xxgk")/archive.sqlite`` (e.g. ``~/.local/share/xxgk/archive.sqlite``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("xxgk", appauthor=False)) / ARCHIVE_NAME


def db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The archive to use: the ``--db`` value, then ``$XXGK_DB``, then ``default_db_path()``."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()
