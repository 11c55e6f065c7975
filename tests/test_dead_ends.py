"""Ordinary mistakes end in one clear line naming what is wrong, never "internal error".

Each command runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

from conftest import run_cli


def test_serve_refuses_to_start_with_an_unreadable_body_limit() -> None:
    """`PEERCLAIMS_MAX_BODY_BYTES=10MB`: serve stops at once, one line naming the setting."""
    done = run_cli("serve", "--port", "1", env={"PEERCLAIMS_MAX_BODY_BYTES": "10MB"}, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "PEERCLAIMS_MAX_BODY_BYTES='10MB'" in lines[0]
    assert "internal error" not in lines[0]
