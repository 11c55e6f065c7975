"""A REF of `impact` and `rules diff` is checked for length and form before it reaches git."""

from __future__ import annotations

import pytest
from conftest import REPO, run_cli

from peerclaims.engine.errors import UsageError
from peerclaims.engine.impact import REF_MAX_CHARS, check_revision, resolve_ref

CLAIMS = REPO / "fixtures" / "worked-example" / "nj-daily-cap-12" / "claims"
LONG = "a" * 100_000


def _one_line(stderr: bytes) -> str:
    lines = stderr.decode().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_impact_with_a_100000_character_ref_is_a_usage_error() -> None:
    """`impact --before` of 100,000 characters: exit 2, one line, the ref cut short."""
    done = run_cli("impact", "--claims", CLAIMS, "--before", LONG, "--after", REPO / "rules")
    assert done.returncode == 2
    assert _one_line(done.stderr) == (
        "peerclaims: " + "a" * 39 + "…: 100,000 characters, longer than a rules folder or git "
        "revision may be (256)"
    )


def test_rules_diff_with_a_100000_character_ref_is_a_usage_error() -> None:
    """`rules diff` takes the same check: one line, exit 2, no internal error."""
    done = run_cli("rules", "diff", LONG)
    assert done.returncode == 2
    assert "longer than a rules folder or git revision may be" in _one_line(done.stderr)


def test_a_ref_with_control_characters_is_refused_escaped() -> None:
    """A ref holding an escape sequence is refused before git, shown escaped."""
    done = run_cli("rules", "diff", "main\x1b]0;owned\x07")
    assert done.returncode == 2
    assert _one_line(done.stderr) == (
        "peerclaims: main\\x1b]0;owned\\x07: neither a rules folder nor a git revision (a "
        "branch, tag or commit of letters, digits and . _ / + -, then ~N or ^N, e.g. HEAD~1)"
    )


def test_the_length_bound_is_inclusive() -> None:
    """A ref of REF_MAX_CHARS characters goes on to the form check; one more is refused."""
    with pytest.raises(UsageError, match="neither a rules folder nor a git revision of rules/"):
        resolve_ref("a" * REF_MAX_CHARS, REPO)  # a well-formed name git does not know
    with pytest.raises(UsageError, match="longer than a rules folder or git revision may be"):
        resolve_ref("a" * (REF_MAX_CHARS + 1), REPO)


@pytest.mark.parametrize(
    "ref", ["HEAD", "HEAD~1", "HEAD~12^2", "main", "v2.1", "feature/nj-cap", "a1b2c3d", "v2^"]
)
def test_revisions_git_takes_pass_the_form_check(ref: str) -> None:
    """Branches, tags, commits and ~N / ^N steps are accepted."""
    check_revision(ref)


@pytest.mark.parametrize(
    "ref",
    [
        "a..b",
        "x.lock",
        "refs/.hidden",
        "a//b",
        "trailing/",
        "dot.",
        "-x",
        "--output=x.tar",
        "has space",
        "a:b",
        "a?*[",
        "back\\slash",
        "@{-1}",
        "new\nline",
        "",
    ],
)
def test_refs_git_check_ref_format_refuses_are_refused(ref: str) -> None:
    """What git check-ref-format refuses (and options, spaces, controls) never reaches git."""
    with pytest.raises(UsageError, match="neither a rules folder nor a git revision"):
        check_revision(ref)
