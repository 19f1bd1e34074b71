"""Self-checks: deterministic, kind feedback, never an exception on bad input."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import checks
from coursekit.checks import CORRECT, INCORRECT, NOT_ANSWERED, WRONG_TYPE, Question

FRAME = pd.DataFrame({"year": [2019, 2020], "reports": [16.9, 21.7]})
QUESTIONS = {
    "t.number": Question("t.number", "number", expected=lambda: 0.25,
                         known_wrong=[(lambda a: math.isclose(a, 25), "Give a fraction, not a percentage.")]),
    "t.integer": Question("t.integer", "integer", expected=lambda: 3),
    "t.choice": Question("t.choice", "choice", expected=lambda: "kept", choices=("kept", "dropped")),
    "t.list": Question("t.list", "list", expected=lambda: [1, 2, 3]),
    "t.set": Question("t.set", "set", expected=lambda: ["UK", "EU"],
                      known_wrong=[(lambda a: "US" in a, "The US is not in this list.")]),
    "t.mapping": Question("t.mapping", "mapping", expected=lambda: {"a": 1, "b": 2}),
    "t.frame": Question("t.frame", "dataframe", expected=lambda: FRAME),
    "t.bool": Question("t.bool", "bool", expected=lambda: True),
    "t.function": Question("t.function", "function",
                           judge=lambda f: None if f(2) == 4 else "f(2) should be 4."),
}


@pytest.fixture(autouse=True)
def fake_questions(monkeypatch):
    monkeypatch.setattr(checks, "_load_question", lambda qid: QUESTIONS.get(qid))
    monkeypatch.delenv("COURSEKIT_STRICT_CHECKS", raising=False)


@pytest.mark.parametrize("qid,answer", [
    ("t.number", 0.25), ("t.number", np.float64(0.25)), ("t.integer", 3), ("t.integer", np.int64(3)),
    ("t.choice", " Kept "), ("t.list", [1, 2, 3]), ("t.list", (1, 2, 3)), ("t.set", ["eu", "uk"]),
    ("t.mapping", {"b": 2, "a": 1}), ("t.frame", FRAME.copy()), ("t.bool", np.bool_(True)),
    ("t.function", lambda x: x * 2),
])
def test_right_answers_pass(qid, answer):
    assert checks.evaluate(qid, answer).status == CORRECT


@pytest.mark.parametrize("answer", [None, ...])
def test_unanswered(answer):
    assert checks.evaluate("t.number", answer).status == NOT_ANSWERED


@pytest.mark.parametrize("qid,answer,status,words", [
    ("t.number", "0.25", WRONG_TYPE, "expected a number"),
    ("t.number", float("nan"), WRONG_TYPE, "NaN"),
    ("t.number", 25, INCORRECT, "fraction"),
    ("t.number", 0.3, INCORRECT, "Not quite"),
    ("t.integer", 2.5, WRONG_TYPE, "whole number"),
    ("t.choice", "maybe", WRONG_TYPE, "one of"),
    ("t.list", [1, 2], INCORRECT, "expected 3 items"),
    ("t.mapping", {"a": 1}, INCORRECT, "missing keys"),
    ("t.set", ["UK", "EU", "US"], INCORRECT, "The US is not"),
    ("t.set", ["UK"], INCORRECT, "expected 2 items"),
    ("t.frame", FRAME.iloc[:1], WRONG_TYPE, "shape"),
    ("t.frame", [1, 2], WRONG_TYPE, "DataFrame"),
    ("t.bool", 1, WRONG_TYPE, "True or False"),
    ("t.function", 3, WRONG_TYPE, "function"),
    ("t.function", lambda x: 1 / 0, INCORRECT, "ZeroDivisionError"),
    ("t.function", lambda x: x, INCORRECT, "should be 4"),
    ("nope.q", 1, INCORRECT, "unknown"),
])
def test_wrong_answers_get_named_feedback(qid, answer, status, words):
    result = checks.evaluate(qid, answer)
    assert result.status == status
    assert words in result.message


def test_check_prints_one_line_and_returns_none(capsys):
    assert checks.check("t.number", 0.25) is None
    out = capsys.readouterr().out
    assert out.startswith("✅ t.number") and out.count("\n") == 1


def test_feedback_is_deterministic():
    assert str(checks.evaluate("t.number", 0.3)) == str(checks.evaluate("t.number", 0.3))


ANYTHING = st.one_of(
    st.none(), st.just(...), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.binary(max_size=10), st.lists(st.integers(), max_size=5),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.builds(lambda n: pd.DataFrame({"x": range(n)}), st.integers(0, 4)),
    st.builds(lambda n: np.arange(n), st.integers(0, 4)),
)


@settings(max_examples=150, deadline=None)
@given(qid=st.sampled_from(sorted(QUESTIONS)), answer=ANYTHING)
def test_check_never_raises_on_any_input(qid, answer):
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        checks.check(qid, answer)
    line = buf.getvalue()
    assert line.count("\n") == 1 and line[0] in "⏳🔎💡✅"


def test_strict_mode_fails_a_wrong_solution(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSEKIT_STRICT_CHECKS", "1")
    (tmp_path / "solutions").mkdir()
    monkeypatch.chdir(tmp_path / "solutions")
    with pytest.raises(checks.CheckVerdictError):
        checks.check("t.number", 0.3)
    checks.check("t.number", 0.25)


def test_strict_mode_fails_a_passing_exercise(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSEKIT_STRICT_CHECKS", "1")
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path / "exercises")
    checks.check("t.number", ...)
    with pytest.raises(checks.CheckVerdictError):
        checks.check("t.number", 0.25)
