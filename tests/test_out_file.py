"""`--out`: the temporary file beside the target is private and never outlives the command.

A real `peerclaims` process is stopped while it writes: `JsonSpool.write_document` is slowed (it
writes part of the document, says so, and waits) in a driver that then runs the CLI's own
`main`; the test sees the temporary file, checks its mode, sends the signal and looks again.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO

DRIVER = """
import sys, time
from peerclaims.engine import check, cli

def slow(self, head, out):
    out.write('{"claims": [ part of a document')
    out.flush()
    print("writing", flush=True)
    time.sleep(120)

check.JsonSpool.write_document = slow
sys.argv = ["peerclaims", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_run_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """While --out is written its temporary file is 0600; stopped, the run removes it and exits
    128 + the signal (130 for Ctrl-C) with one line, and the target is never made."""
    out = tmp_path / "result.json"
    command = [sys.executable, "-c", DRIVER, "check", "--syntax-only", "-f", "json", "-o", out]
    command.append(FIXTURES / "nj" / "clean.837")
    with subprocess.Popen(
        [str(c) for c in command],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == b"writing\n"
        temporary = list(tmp_path.glob(".result.json.*.tmp"))
        assert len(temporary) == 1
        assert temporary[0].stat().st_mode & 0o777 == 0o600
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    assert list(tmp_path.iterdir()) == []
    assert process.returncode == (130 if signum == signal.SIGINT else 128 + signum)
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peerclaims: "), lines


def test_the_finished_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """The private mode is the temporary file's only: the result is 0666 less the umask."""
    out = tmp_path / "result.json"
    code = (
        "import os, sys; from pathlib import Path;"
        "from peerclaims.engine.outfile import write_atomic;"
        "os.umask(0o022); write_atomic(Path(sys.argv[1]), lambda h: h.write('{}'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], cwd=REPO, check=False, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_text() == "{}"
    assert out.stat().st_mode & 0o777 == 0o644
    assert list(tmp_path.iterdir()) == [out]


def test_out_refuses_a_fifo_or_a_link_before_any_work_and_leaves_it_as_it_was(
    tmp_path: Path,
) -> None:
    """`--out` naming a FIFO (or a link, as `/dev/stdout` is) is refused in one line with exit 2:
    the rename that writes a result would replace the special file (as root, `--out /dev/null`
    replaced the device with a regular file)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    for target in (fifo, link):
        arguments = ["check", "--syntax-only", "-f", "json", "-o", str(target)]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "peerclaims.engine.cli",
                *arguments,
                str(FIXTURES / "nj" / "clean.837"),
            ],
            capture_output=True,
            cwd=REPO,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and "is not a regular file" in lines[0], lines
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink() and not (tmp_path / "elsewhere.json").exists()
