"""The durable_rules runtime: each guard against a durable_rules sharp edge has a test here.

Guard -> test that fails without it: facts, not events -> `test_facts_not_events_...`; the
catch-all rule -> `test_catch_all_...`; a session per evaluation, deleted -> `test_sessions_...`;
the process-wide lock -> `test_calls_into_durable_rules_never_overlap`; a host without timer
threads -> `test_runtime_starts_no_threads_...`; shards by condition alternatives ->
`test_shards_...` (unsharded, 1,000 rules hang) and `test_a_fact_matching_every_rule_...`
(300-rule shards fail with error 303); rebuilding the host instead of touching a failed session
-> `test_after_a_durable_rules_engine_error_...`; exceptions stored in session state ->
`test_a_raising_action_...`. The lean action dispatch (no state written back per action) has
its own: `test_actions_write_the_session_state_back_only_...`, `test_an_interrupt_in_an_action_...`
and `test_a_key_json_escapes_...`. What can hang or segfault runs in a subprocess.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any

import pytest
from conftest import REPO

from peerclaims.engine import rules_runtime
from peerclaims.engine.rules_runtime import (
    MAX_PATHS_PER_SHARD,
    Evaluation,
    RuleSpec,
    Runtime,
)

LINE = {"kind": "line"}
OVER_CAP = {"$and": [{"kind": "line"}, {"$gt": {"units_over_cap": 0}}]}


def _line(key: str, **fields: Any) -> dict[str, Any]:
    """A service-line fact with a unique key."""
    return {"key": key, "kind": "line", **fields}


def _python(code: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter (a hang or a segfault there cannot take pytest down)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_no_rule_matching_is_the_clean_result() -> None:
    """A batch no rule matches gives no match and no error (and an empty batch likewise)."""
    runtime = Runtime("ct", [RuleSpec("CT-1", OVER_CAP)])
    assert runtime.evaluate([_line("L1", units_over_cap=0)]) == Evaluation((), ())
    assert runtime.evaluate([]) == Evaluation((), ())


def test_facts_not_events_every_fact_and_every_rule_is_reported() -> None:
    """Two facts matching one rule, and one fact matching two rules: every match is reported."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE), RuleSpec("CT-2", OVER_CAP)])
    result = runtime.evaluate([_line("L1", units_over_cap=2), _line("L2", units_over_cap=1)])
    assert result.errors == ()
    assert result.matches == (("CT-1", "L1"), ("CT-1", "L2"), ("CT-2", "L1"), ("CT-2", "L2"))


def test_catch_all_keeps_the_matches_of_a_batch_with_an_unmatched_fact() -> None:
    """A fact no rule matches does not cost the other facts of the batch their matches."""
    runtime = Runtime("ct", [RuleSpec("CT-2", OVER_CAP)])
    facts = [_line("L1", units_over_cap=3), {"key": "C1", "kind": "claim"}, _line("L2")]
    assert runtime.evaluate(facts) == Evaluation((("CT-2", "L1"),), ())


def test_sessions_are_deleted_so_2000_evaluations_pass_the_1024_session_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2,000 evaluations, half of them with a failing action, all give their own exact result."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE), RuleSpec("BOOM", {"kind": "boom"})])
    record = runtime._on_match

    def on_match(rule_id: str, session: str, key: str) -> None:
        if rule_id == "BOOM":
            raise RuntimeError("action failed on purpose")
        record(rule_id, session, key)

    monkeypatch.setattr(runtime, "_on_match", on_match)
    for n in range(2000):
        if n % 2:
            result = runtime.evaluate([{"key": f"B{n}", "kind": "boom"}])
            assert result.matches == ()
            assert len(result.errors) == 1, (n, result.errors)
            assert "action failed on purpose" in result.errors[0]
        else:
            assert runtime.evaluate([_line(f"L{n}")]) == Evaluation((("CT-1", f"L{n}"),), ()), n
    assert runtime._pending == {}


def test_a_raising_action_is_reported_as_an_error_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An action's exception (stored in session state by durable_rules) becomes an error."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE)])

    def on_match(rule_id: str, session: str, key: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(runtime, "_on_match", on_match)
    started = time.monotonic()
    result = runtime.evaluate([_line("L1")])
    assert time.monotonic() - started < 5
    assert result.matches == ()
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{runtime.ruleset_names[0]}: action failed:")
    assert "boom" in result.errors[0]


def test_actions_write_the_session_state_back_only_when_one_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Matches need no state write (durable_rules' own dispatch writes it after every action);
    a raising action's exception is written into the state, as durable_rules writes it."""
    engine = rules_runtime.durable_engine.durable_rules_engine
    update_state = engine.update_state
    writes: list[str] = []

    def spy(handle: int, state: str) -> Any:
        writes.append(state)
        return update_state(handle, state)

    monkeypatch.setattr(engine, "update_state", spy)
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE), RuleSpec("BOOM", {"kind": "boom"})])
    facts = [_line("L1"), _line("L2"), {"key": "C", "kind": "claim"}]
    assert runtime.evaluate(facts) == Evaluation((("CT-1", "L1"), ("CT-1", "L2")), ())
    assert writes == []
    record = runtime._on_match

    def on_match(rule_id: str, session: str, key: str) -> None:
        if rule_id == "BOOM":
            raise RuntimeError("action failed on purpose")
        record(rule_id, session, key)

    monkeypatch.setattr(runtime, "_on_match", on_match)
    result = runtime.evaluate([_line("L3"), {"key": "B1", "kind": "boom"}])
    assert result.matches == (("CT-1", "L3"),)  # the other actions of the batch still ran
    assert len(result.errors) == 1
    assert "exception caught action failed on purpose, traceback" in result.errors[0]
    assert len(writes) == 1
    assert json.loads(writes[0])["exception"].startswith("exception caught action failed")
    assert runtime.evaluate([_line("L4")]) == Evaluation((("CT-1", "L4"),), ())
    assert runtime._pending == {}


def test_an_interrupt_in_an_action_propagates_and_the_host_is_rebuilt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A KeyboardInterrupt in an action is not swallowed into the session state: it reaches the
    caller, the session is never touched again, and the next evaluation runs on a new host."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE)])
    broken = runtime._host
    record = runtime._on_match

    def on_match(rule_id: str, session: str, key: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runtime, "_on_match", on_match)
    with pytest.raises(KeyboardInterrupt):
        runtime.evaluate([_line("L1")])
    assert runtime._host is not broken
    assert runtime._pending == {}
    monkeypatch.setattr(runtime, "_on_match", record)
    assert runtime.evaluate([_line("L2")]) == Evaluation((("CT-1", "L2"),), ())


def test_a_key_json_escapes_is_reported_as_posted() -> None:
    """Keys with quotes, backslashes or non-ASCII letters (the message is then parsed as JSON)."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE)])
    keys = ['L"1', "L\\2", "Lé3", "L 4}}}"]
    result = runtime.evaluate([_line(key) for key in keys])
    assert result == Evaluation(tuple(("CT-1", key) for key in keys), ())


def test_a_field_once_checked_still_has_each_value_checked() -> None:
    """Field names are checked once per runtime; every value's kind is checked every time."""
    runtime = Runtime("ct", [RuleSpec("CT-3", {"$gt": {"units": 4}})])

    class Units(int):
        """A subclass of int (still a number)."""

    assert runtime.evaluate([_line("L1", units=5)]).matches == (("CT-3", "L1"),)
    assert runtime.evaluate([_line("L2", units=Units(6))]).matches == (("CT-3", "L2"),)
    assert runtime.evaluate([_line("L3", units=4.5)]).matches == (("CT-3", "L3"),)
    for value in ("7", True, None):
        with pytest.raises(ValueError, match="units"):
            runtime.evaluate([_line("L4", units=value)])
    with pytest.raises(ValueError, match="reserved"):
        runtime.evaluate([_line("L5", sid="x")])


def test_a_fact_matching_every_rule_of_a_large_pack_is_evaluated() -> None:
    """200 rules (some with $or) all matching one line: every match, no error 303, no crash."""
    code = """
        from peerclaims.engine.rules_runtime import RuleSpec, Runtime
        rules = [RuleSpec(f"R{i}", {"$and": [{"kind": "line"}, {"$gt": {"units": -i - 1}}]})
                 for i in range(190)]
        rules += [RuleSpec(f"OR{i}", {"$or": [{"$gt": {"units": -i - 1}}, {"kind": "line"}]})
                  for i in range(10)]
        runtime = Runtime("wide", rules)
        for n in range(3):
            result = runtime.evaluate([{"key": f"L{n}", "kind": "line", "units": 5}])
            print(len(runtime.ruleset_names), len(result.matches), result.errors)
    """
    run = _python(code, timeout=30)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["4 200 ()"] * 3


def test_after_a_durable_rules_engine_error_the_session_is_left_alone_and_the_host_rebuilt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A C-level error is reported; that session is never read or deleted; the next call works."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE)])
    broken = runtime._host
    touched: list[str] = []

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise rules_runtime.durable_engine.durable_rules_engine.error(
            "Could not assert facts, error code: 303"
        )

    monkeypatch.setattr(broken, "assert_facts", fail)
    monkeypatch.setattr(broken, "get_state", lambda *a, **k: touched.append("get"))
    monkeypatch.setattr(broken, "delete_state", lambda *a, **k: touched.append("delete"))
    result = runtime.evaluate([_line("L1")])
    assert result.matches == ()
    assert len(result.errors) == 1
    assert "error code: 303" in result.errors[0]
    assert "L1" not in result.errors[0]
    assert touched == []
    assert runtime._host is not broken
    assert runtime.evaluate([_line("L2")]) == Evaluation((("CT-1", "L2"),), ())


def test_calls_into_durable_rules_never_overlap() -> None:
    """With 8 threads evaluating at once, only one thread is ever inside durable_rules."""
    runtime = Runtime("ct", [RuleSpec("CT-1", LINE)])
    host = runtime._host
    assert_facts = host.assert_facts
    inside = 0
    most = 0
    count_lock = threading.Lock()

    def spy(*args: Any, **kwargs: Any) -> Any:
        nonlocal inside, most
        with count_lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.002)  # widen the window another thread could enter through
        try:
            return assert_facts(*args, **kwargs)
        finally:
            with count_lock:
                inside -= 1

    host.assert_facts = spy
    wrong: list[object] = []

    def work(thread: int) -> None:
        for n in range(20):
            key = f"T{thread}-{n}"
            result = runtime.evaluate([_line(key)])
            if result != Evaluation((("CT-1", key),), ()):
                wrong.append(result)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert most == 1


def test_threads_evaluating_concurrently_get_correct_results() -> None:
    """12 threads on two runtimes, 40 evaluations each, get exactly their own matches."""
    code = """
        import sys, threading
        from peerclaims.engine.rules_runtime import RuleSpec, Runtime
        sys.setswitchinterval(1e-6)
        rules = [RuleSpec(f"R{i}", {"$and": [{"kind": "line"}, {f"f{i % 20}": i // 20}]})
                 for i in range(200)]
        runtimes = [Runtime("a", rules), Runtime("b", rules, max_paths_per_shard=20)]
        wrong = []
        def work(t):
            runtime = runtimes[t % 2]
            for n in range(40):
                facts = [{"key": f"{t}-{n}-{x}", "kind": "line",
                          **{f"f{q}": (t + n + x + q) % 12 for q in range(20)}}
                         for x in range(10)]
                want = sorted((f"R{i}", f["key"]) for f in facts for i in range(200)
                              if f[f"f{i % 20}"] == i // 20)
                got = runtime.evaluate(facts)
                if got.errors or sorted(got.matches) != want:
                    wrong.append((t, n, got.errors[:1]))
        threads = [threading.Thread(target=work, args=(t,)) for t in range(12)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        print(len(wrong), wrong[:3])
    """
    run = _python(code, timeout=50)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("0 []"), run.stdout


def test_runtime_starts_no_threads_and_leaves_the_global_host_alone() -> None:
    """Building and using a runtime starts no durable_rules timer thread and no global host."""
    code = """
        import sys, threading, time
        from peerclaims.engine.rules_runtime import RuleSpec, Runtime
        before = threading.active_count()
        runtime = Runtime("ct", [RuleSpec("CT-1", {"kind": "line"})])
        result = runtime.evaluate([{"key": "L1", "kind": "line"}])
        time.sleep(0.3)
        print(threading.active_count() - before, "durable.lang" in sys.modules, result.matches)
    """
    run = _python(code, timeout=30)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["0", "False", "(('CT-1',", "'L1'),)"]


def test_shards_keep_1000_rules_fast_and_every_rule_can_match() -> None:
    """1,000 rules (16 shards) build and evaluate 1,000 lines in well under a few seconds."""
    code = """
        import json, time
        from peerclaims.engine.rules_runtime import RuleSpec, Runtime
        started = time.monotonic()
        runtime = Runtime("big", [RuleSpec(f"R{i:04d}", {"$and": [{"kind": "line"},
                                  {"code": f"C{i:04d}"}]}) for i in range(1000)])
        facts = [{"key": f"L{i:04d}", "kind": "line", "code": f"C{i:04d}"} for i in range(1000)]
        result = runtime.evaluate(facts)
        print(json.dumps({"seconds": time.monotonic() - started, "shards": runtime.ruleset_names,
                          "matches": len(set(result.matches)), "errors": result.errors}))
    """
    try:
        run = _python(code, timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover - what the guard prevents
        pytest.fail("a runtime of 1,000 rules hung (is the ruleset still sharded?)")
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["errors"] == []
    assert report["matches"] == 1000
    assert len(report["shards"]) == 16
    assert report["seconds"] < 5


def test_ruleset_names_carry_the_runtime_name_and_the_rules_content_hash() -> None:
    """Same rules, same names (one host each); a changed condition is a new name."""
    rules = [RuleSpec("CT-1", OVER_CAP), RuleSpec("CT-2", LINE)]
    first = Runtime("ct-2024.1", rules, max_paths_per_shard=1)
    again = Runtime("ct-2024.1", list(rules), max_paths_per_shard=1)
    changed = Runtime("ct-2024.1", [rules[0], RuleSpec("CT-2", {"kind": "claim"})])
    assert first.ruleset_names == again.ruleset_names
    assert [re.fullmatch(r"ct-2024\.1-[0-9a-f]{12}-(\d)", n)[1] for n in first.ruleset_names] == [
        "0",
        "1",
    ]
    assert changed.ruleset_names[0][:-2] != first.ruleset_names[0][:-2]
    assert again.evaluate([_line("L1", units_over_cap=1)]).matches == (
        ("CT-1", "L1"),
        ("CT-2", "L1"),
    )


def test_supported_comparisons_match_as_written() -> None:
    """Equality, order on numbers and ISO dates, $neq, $ex, $nex beside a comparison, $or."""
    runtime = Runtime(
        "ct",
        [
            RuleSpec("NO-MODIFIER", {"$and": [{"kind": "line"}, {"$nex": {"modifier": 1}}]}),
            RuleSpec("HAS-MODIFIER", {"$ex": {"modifier": 1}}),
            RuleSpec("NOT-HQ", {"$neq": {"modifier": "HQ"}}),
            RuleSpec("BEFORE-JULY", {"$lt": {"service_date": "2024-07-01"}}),
            RuleSpec("BIG", {"$or": [{"$gte": {"units": 8}}, {"flagged": True}]}),
        ],
    )
    facts = [
        _line("L1", modifier="HQ", service_date="2024-06-30", units=8),
        _line("L2", service_date="2024-07-01", units=2, flagged=True),
        _line("L3", modifier="U1", service_date="2025-01-01", units=1.5),
    ]
    assert runtime.evaluate(facts).matches == (
        ("NO-MODIFIER", "L2"),
        ("HAS-MODIFIER", "L1"),
        ("HAS-MODIFIER", "L3"),
        ("NOT-HQ", "L3"),
        ("BEFORE-JULY", "L1"),
        ("BIG", "L1"),
        ("BIG", "L2"),
    )


@pytest.mark.parametrize(
    "condition",
    [
        pytest.param({"$ne": {"modifier": "HQ"}}, id="unknown-operator-never-matches"),
        pytest.param({"$nex": {"modifier": 1}}, id="nex-alone-hangs"),
        pytest.param({"$or": [{"$nex": {"modifier": 1}}, LINE]}, id="nex-alone-in-or-hangs"),
        pytest.param({"$and": []}, id="empty-and-hangs"),
        pytest.param({"kind": "line", "units": 5}, id="two-fields-keeps-one"),
        pytest.param({"$gt": {"units": True}}, id="order-on-bool-always-true"),
        pytest.param({"$iany": {"codes": ["H0038"]}}, id="code-list-in-rete"),
        pytest.param({"$gt": {"units": {"$m": "cap"}}}, id="expression-not-constant"),
        pytest.param({"kind": None}, id="null-never-matches"),
        pytest.param({"sid": "x"}, id="reserved-field"),
        pytest.param([LINE], id="not-an-object"),
        pytest.param({"$gt": {"units": 1e16}}, id="constant-written-1e+16-breaks-the-parse"),
        pytest.param({"$lt": {"units": 1e-05}}, id="constant-written-1e-05-breaks-the-parse"),
        pytest.param({"$gt": {"units": 2**53}}, id="constant-past-exact-doubles"),
        pytest.param({"$gt": {"units": float("nan")}}, id="nan-constant"),
    ],
)
def test_conditions_durable_rules_gets_wrong_are_refused(condition: Any) -> None:
    """A condition durable_rules would silently mis-evaluate or hang on is refused up front."""
    with pytest.raises(ValueError, match="rule CT-9"):
        Runtime("ct", [RuleSpec("CT-1", LINE), RuleSpec("CT-9", condition)])


def test_rule_sets_durable_rules_gets_wrong_are_refused() -> None:
    """Mixed comparison types, duplicate ids, too many alternatives, oversized shards, odd names."""
    with pytest.raises(ValueError, match="units is compared with a string"):
        Runtime("ct", [RuleSpec("A", {"$gt": {"units": 4}}), RuleSpec("B", {"units": "4"})])
    with pytest.raises(ValueError, match="not unique"):
        Runtime("ct", [RuleSpec("A", LINE), RuleSpec("A", LINE)])
    wide = {"$and": [{"$or": [{f"a{i}": 1} for i in range(8)]}, {"$or": [{"b": 1}] * 8}]}
    with pytest.raises(ValueError, match="rule W: 64 alternatives"):
        Runtime("ct", [RuleSpec("W", wide)])
    with pytest.raises(ValueError, match="more than a shard holds"):
        Runtime("ct", [RuleSpec("A", {"$or": [LINE, {"kind": "claim"}]})], max_paths_per_shard=1)
    for size in (0, MAX_PATHS_PER_SHARD + 1):
        with pytest.raises(ValueError, match="max_paths_per_shard"):
            Runtime("ct", [RuleSpec("A", LINE)], max_paths_per_shard=size)
    with pytest.raises(ValueError, match="runtime name"):
        Runtime("ct$state", [RuleSpec("A", LINE)])


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        pytest.param([_line("L1"), _line("L1")], "unique", id="duplicate-key"),
        pytest.param([{"kind": "line"}], "unique", id="missing-key"),
        pytest.param([_line("L1", id="x")], "reserved", id="reserved-id"),
        pytest.param([_line("L1", modifier=None)], "omit it", id="null-value"),
        pytest.param([_line("L1", codes=["H0038"])], "omit it", id="list-value"),
        pytest.param([_line("L1", units="12345")], "is a string", id="type-mismatch"),
    ],
)
def test_malformed_facts_are_refused_without_echoing_values(
    facts: list[dict[str, Any]], problem: str
) -> None:
    """A fact durable_rules would mishandle is a caller bug: ValueError, naming no value."""
    runtime = Runtime("ct", [RuleSpec("CT-2", OVER_CAP), RuleSpec("CT-3", {"$gt": {"units": 4}})])
    with pytest.raises(ValueError, match=problem) as raised:
        runtime.evaluate(facts)
    assert "12345" not in str(raised.value)
    assert "H0038" not in str(raised.value)


def test_durable_rules_itself_segfaults_on_a_number_written_with_an_exponent_alone() -> None:
    """The measurement behind the bounds: asserting `1e+16` or `1e-05` (an exponent with no
    fraction: the parse breaks, the assert returns an unset state handle) segfaults; `1.5e+16`
    is read."""
    code = """
        import sys
        from peerclaims.engine.rules_runtime import RuleSpec, Runtime
        runtime = Runtime("raw", [RuleSpec("R1", {"$gt": {"units": 24}})])
        name = runtime.ruleset_names[0]
        text = '[{"key": "a", "units": %s, "sid": "s0", "id": "a"}]' % sys.argv[1]
        runtime._host.assert_facts(name, text)
        runtime._host.delete_state(name, "s0")
    """
    for written, survives in (("1.5e+16", True), ("1e+16", False), ("1e-05", False)):
        run = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), written],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert run.returncode == (0 if survives else -11), (written, run.stderr[-500:])


@pytest.mark.parametrize(
    "value",
    [
        rules_runtime.MAX_FACT_NUMBER - 1,
        -(rules_runtime.MAX_FACT_NUMBER - 1),
        float(rules_runtime.MAX_FACT_NUMBER - 1),
        rules_runtime.MIN_FACT_FRACTION,
        -rules_runtime.MIN_FACT_FRACTION,
        0,
        0.0,
        25,
    ],
)
def test_numbers_inside_the_bounds_are_posted_and_compared_exactly(value: float) -> None:
    """Each bound's inside edge is posted and compares as written (over 24 matches, else not)."""
    runtime = Runtime("ct", [RuleSpec("CT-3", {"$gt": {"units": 24}})])
    result = runtime.evaluate([_line("L1", units=value)])
    assert result.errors == ()
    assert result.matches == ((("CT-3", "L1"),) if value > 24 else ())


OUTSIDE = (
    "MAX_FACT_NUMBER",
    "-MAX_FACT_NUMBER",
    "10**400",
    "float(MAX_FACT_NUMBER)",
    "1e16",
    "1e17",
    "-1e17",
    "1e-05",
    "-9.99e-05",
    "5e-324",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
)
"""Numbers just past each bound, and worse: as Python text, read in a subprocess."""


def test_numbers_outside_the_bounds_are_an_error_never_posted() -> None:
    """Each bound's outside edge (and 1e17, inf, NaN) is an error, not a crash; work goes on."""
    code = f"""
        from peerclaims.engine.rules_runtime import MAX_FACT_NUMBER, RuleSpec, Runtime
        runtime = Runtime("ct", [RuleSpec("CT-3", {{"$gt": {{"units": 24}}}})])
        for n, text in enumerate({OUTSIDE!r}):
            value = eval(text)
            line = {{"key": f"L{{n}}", "kind": "line", "units": value}}
            other = {{"key": f"M{{n}}", "kind": "line", "units": 25}}
            result = runtime.evaluate([line, other])
            after = runtime.evaluate([{{"key": f"N{{n}}", "kind": "line", "units": 25}}])
            print(text, result.matches, result.errors, after.matches, after.errors, sep="|")
    """
    run = _python(code, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = [row.split("|") for row in run.stdout.splitlines()]
    assert [row[0] for row in rows] == list(OUTSIDE)
    for n, (text, matches, errors, after, after_errors) in enumerate(rows):
        assert matches == "()", text
        assert f"fact L{n}: units is a number" in errors, text
        assert "not posted" in errors, text
        assert after == f"(('CT-3', 'N{n}'),)", text
        assert after_errors == "()", text
