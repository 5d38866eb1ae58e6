"""Opening the SQLite file: read-write (WAL), read-only where nothing may be written, network shares.

Read-write archives use WAL (readers never block the writer, the writer never blocks readers) with a
busy timeout, so several programs can use one archive on one computer.

``--read-only`` opens with SQLite's ``mode=ro``. A WAL reader still needs the ``-wal`` and ``-shm`` files
next to the archive; where they do not exist and cannot be created (a read-only folder or mount, a
CD, a share the user may not write to), the archive is opened ``immutable=1`` instead. **Trade-off:** an
immutable reader takes no locks and ignores the ``-wal`` file, so it does not see changes other programs
make while it is open, nor changes still waiting in a ``-wal`` file; if the file is rewritten under it
(a checkpoint by a writer elsewhere), it can read inconsistent pages. It is right for an archive nobody
writes to — a copy made with ``xxgk backup`` — and a best effort for anything else.

On a network file system (NFS, SMB/CIFS …) WAL cannot work: its shared memory is not shared between
computers, so two computers using one archive would damage it. A read-write open there is refused with
a message saying what to do (``XXGK_ALLOW_NETWORK_FS=1`` overrides, for one computer only); a read-only
open there is always immutable.
"""
from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from xxgk.store.errors import ArchiveError

BUSY_TIMEOUT_MS = 5000
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2",
    "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gpfs", "fuse.s3fs", "fuse.rclone",
})
ALLOW_NETWORK_ENV = "XXGK_ALLOW_NETWORK_FS"


def filesystem_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (Linux: from /proc/self/mounts), or None."""
    try:
        target = os.path.realpath(path if path.exists() else path.parent)
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as f:
            mounts = [line.split() for line in f]
    except OSError:
        return None
    best, fstype = "", None
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, fields[2]
    return fstype


def is_network_fs(path: Path) -> str | None:
    """The network file system type holding ``path``, or None when it is a local disk (or unknown)."""
    fstype = filesystem_type(path)
    return fstype if fstype in NETWORK_FS else None


def network_message(path: Path, fstype: str) -> str:
    return (f"{path}: 档案位于网络共享文件夹（{fstype}），SQLite 的 WAL 日志不能在网络文件系统上使用，"
            "多台电脑同时写入会损坏档案。请把档案放在本机磁盘上（--db 本机路径）；要给别人查看，"
            "用 xxgk backup 把快照复制到共享文件夹，对方用 --read-only 打开")


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path.resolve().as_uri()}?{query}"


def _is_cannot_open(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("unable to open", "readonly database", "read-only", "disk i/o error",
                                   "cannot open"))


def check_archive_file(path: Path) -> None:
    """Refuse, before SQLite opens it, a path that cannot be an archive file: a folder, or a FIFO, device or
    socket (SQLite would block on a FIFO, or report a bare "disk I/O error")."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return  # a new archive
    except OSError as exc:
        raise ArchiveError(f"{path}: 无法打开档案（{exc.strerror or exc}）") from None
    if stat.S_ISDIR(st.st_mode):
        raise ArchiveError(f"{path}: 是文件夹，不是档案文件：请给出档案文件的路径（例如 {path / 'archive.sqlite'}）")
    if not stat.S_ISREG(st.st_mode):
        raise ArchiveError(f"{path}: 不是普通文件（设备、管道或套接字），不能作为档案")


def connect_read_only(path: Path, *, recovered: bool = False) -> tuple[sqlite3.Connection, bool]:
    """(connection, immutable): ``mode=ro``, or ``immutable=1`` where the -wal/-shm cannot be had."""
    immutable_first = is_network_fs(path) is not None
    if not immutable_first:
        conn = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file and the WAL
            return conn, False
        except sqlite3.OperationalError as exc:
            conn.close()
            if not _is_cannot_open(exc):
                raise
            if not recovered and "readonly database" in str(exc).lower() and _recover_wal(path):
                return connect_read_only(path, recovered=True)
    conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None)
    return conn, True


def _recover_wal(path: Path) -> bool:
    """After a writer was killed, the -shm index must be rebuilt before anyone reads the -wal, and a
    ``mode=ro`` connection cannot do that ("attempt to write a readonly database"). Where the folder is
    writable, one ordinary connection that only reads runs SQLite's recovery (the archive's content does
    not change), so the read-only reader then sees every committed import instead of falling back to
    ``immutable`` and missing what the -wal holds. False where that cannot be done."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def connect_read_write(path: Path) -> sqlite3.Connection:
    fstype = is_network_fs(path)
    if fstype and os.environ.get(ALLOW_NETWORK_ENV) != "1":
        raise ArchiveError(network_message(path, fstype))
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def ensure_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Switch a new archive to WAL. Another connection creating the same new file at the same moment can
    make the switch report "locked" at once (SQLite does not wait on it): wait and retry, as long as the
    busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.002
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() == "wal":
                return
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() == "wal":
                return
            fstype = is_network_fs(path)
            if fstype:
                raise ArchiveError(network_message(path, fstype))
            return  # a file system without shared memory: SQLite keeps its rollback journal, which works
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
