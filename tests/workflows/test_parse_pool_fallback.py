"""The parse pool where workers cannot work as usual: a program read from stdin, a script without a
``__main__`` guard (its workers never run it again), a machine where no worker process can start, and
workers that die before they can parse anything. Every file is imported either way, as serially."""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from tests.workflows.test_import_loop import all_samples, dump
from xxgk.store import Archive
from xxgk.workflows import parsepool
from xxgk.workflows.importing import import_paths

SCRIPT = """
import os, sys
from xxgk.workflows import parsepool
taken = []
real = parsepool.ParsePool.result
def result(self, *args):
    taken.append("here" if self.in_process else "worker")
    return real(self, *args)
parsepool.ParsePool.result = result
from xxgk.cli import main
print("script ran", flush=True)
code = main(["--db", sys.argv[1], "import", sys.argv[2], "--jobs", "2", "--quiet"])
print(code, sorted(set(taken)), flush=True)
"""


def run_python(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "XXGK_DB"}
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=300)


def test_an_import_from_a_script_read_from_stdin(tmp_path):
    folder = all_samples(tmp_path / "in")
    done = run_python(["-", str(tmp_path / "a.sqlite"), str(folder)], stdin=SCRIPT)
    assert done.stderr == ""  # no worker's traceback
    assert done.stdout.splitlines()[0] == "script ran"
    assert "共 12 个文件：新导入 9、未变 0、新版本 4、待审核 1、失败 0" in done.stdout
    assert done.stdout.splitlines()[-1] == "0 ['worker']"  # parsed by the workers


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    folder = all_samples(tmp_path / "in")
    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = run_python([str(script), str(tmp_path / "a.sqlite"), str(folder)])
    assert done.stderr == ""
    assert done.stdout.count("script ran") == 1  # not again in each worker
    assert done.stdout.splitlines()[-1] == "0 ['worker']"


def rows(path) -> list[str]:
    """The archive's dump without the search index's segments: FTS5 writes one per transaction (the lines are
    indexed when a batch commits), so their number follows when the import loop committed, not what it saved."""
    return [line for line in dump(path) if not line.startswith(('INSERT INTO "line_texts_fts_data"',
                                                                'INSERT INTO "line_texts_fts_idx"'))]


class NoWorkers:
    """A machine where worker processes cannot start (no semaphores, no forkserver)."""

    def __init__(self, *args, **kwargs):
        raise OSError(38, "Function not implemented")


class DeadWorkers:
    """Workers that start and die before they run anything."""

    def __init__(self, *args, **kwargs):
        pass

    def submit(self, *args, **kwargs):
        future: Future = Future()
        future.set_exception(BrokenProcessPool("dead"))
        return future

    def shutdown(self, *args, **kwargs):
        pass


def test_where_workers_cannot_start_files_are_parsed_here(tmp_path, monkeypatch):
    folder = all_samples(tmp_path / "in")
    with Archive(tmp_path / "serial.sqlite") as a:
        serial = import_paths(a, [folder], jobs=1)
    for name, executor in (("none", NoWorkers), ("dead", DeadWorkers)):
        monkeypatch.setattr(parsepool, "ProcessPoolExecutor", executor)
        pools: list[parsepool.ParsePool] = []
        real_init = parsepool.ParsePool.__init__

        def init(self, *args, real_init=real_init, pools=pools, **kwargs):
            real_init(self, *args, **kwargs)
            pools.append(self)

        monkeypatch.setattr(parsepool.ParsePool, "__init__", init)
        with Archive(tmp_path / f"{name}.sqlite") as a:
            summary = import_paths(a, [folder], jobs=2)
        assert [p.in_process for p in pools] == [True], name
        assert not summary.failed and summary.counts == serial.counts, name
        assert summary.done == summary.total == 12
        assert len(rows(tmp_path / f"{name}.sqlite")) == len(rows(tmp_path / "serial.sqlite"))
        monkeypatch.setattr(parsepool.ParsePool, "__init__", real_init)
