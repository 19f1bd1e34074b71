"""Self-checks for exercise questions.

A learner calls ``check("04.threshold", answer)``. The call prints one short,
deterministic, kind line and never raises on a learner's input:

* ``⏳`` not answered yet (``...``, ``None``),
* ``🔎`` wrong type or shape (says what was expected),
* ``💡`` a hint for a known wrong answer, or a general hint,
* ``✅`` correct.

Questions live in ``coursekit/questions/lNN.py`` as a module-level ``QUESTIONS``
list; the part of the id before the dot names the lesson (``"04.threshold"`` is in
``coursekit/questions/l04.py``). Expected values are computed from ``data/`` or
from the reference code, never typed in.

For the test suite, ``COURSEKIT_STRICT_CHECKS=1`` turns feedback into a verdict:
in a notebook under ``solutions/`` (or ``lessons/``) a check that is not correct
raises, and under ``exercises/`` a check that *is* correct raises. The kernel's
working directory (nbval starts it in the notebook's folder) tells which.
"""
from __future__ import annotations

import importlib
import math
import numbers
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

__all__ = ["Question", "check", "CheckResult", "HISTORY"]

NOT_ANSWERED = "not answered"
WRONG_TYPE = "wrong type"
INCORRECT = "incorrect"
CORRECT = "correct"

ICONS = {NOT_ANSWERED: "⏳", WRONG_TYPE: "🔎", INCORRECT: "💡", CORRECT: "✅"}


@dataclass
class Question:
    """One auto-checked question.

    kind: "number", "integer", "text", "choice", "bool", "list", "set", "mapping",
          "dataframe", "series" or "function".
    expected: a zero-argument callable returning the right answer (computed, not typed).
    rel_tol / abs_tol: tolerance for numbers (and numeric cells of tables).
    choices: allowed answers for kind "choice" (compared case-insensitively).
    known_wrong: list of (predicate, hint): if predicate(answer) is true, show hint.
    hint: shown for any other wrong answer.
    judge: for kind "function": callable(learner_function) -> None or a hint string.
    """

    id: str
    kind: str
    expected: Callable[[], Any] | None = None
    hint: str = "Not quite. Re-read the question and try again."
    rel_tol: float = 1e-6
    abs_tol: float = 1e-9
    choices: tuple = ()
    known_wrong: list = field(default_factory=list)
    judge: Callable[[Callable], str | None] | None = None
    ordered: bool = True  # for lists: does order matter?


@dataclass
class CheckResult:
    question: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{ICONS[self.status]} {self.question}: {self.message}"


#: Every result in this kernel, in order (tests and the instructor view read it).
HISTORY: list[CheckResult] = []


class CheckVerdictError(AssertionError):
    """Raised only in strict mode (the test suite), never for learners."""


def _load_question(qid: str) -> Question | None:
    lesson = qid.split(".", 1)[0]
    try:
        module = importlib.import_module(f"coursekit.questions.l{lesson}")
    except ImportError:
        return None
    for q in getattr(module, "QUESTIONS", []):
        if q.id == qid:
            return q
    return None


def questions_for(lesson: str) -> list[Question]:
    """All questions of lesson ``"04"`` (an empty list if it has none)."""
    try:
        module = importlib.import_module(f"coursekit.questions.l{lesson}")
    except ImportError:
        return []
    return list(getattr(module, "QUESTIONS", []))


def _is_unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _type_name(x: Any) -> str:
    return type(x).__name__


def _short(x: Any) -> str:
    """A one-line, truncated repr of a learner's answer."""
    try:
        text = " ".join(repr(x).split())
    except Exception:  # noqa: BLE001
        text = f"<{_type_name(x)}>"
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _close(a: float, b: float, q: Question) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError, OverflowError):
        return False
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=q.rel_tol, abs_tol=q.abs_tol)


def _equal_values(a: Any, b: Any, q: Question) -> bool:
    if _is_number(a) and _is_number(b):
        return _close(a, b, q)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - odd objects compare as unequal
        return False


def _judge(q: Question, answer: Any) -> tuple[str, str]:
    """Return (status, message). Any exception here is a bug in a question."""
    import numpy as np
    import pandas as pd

    if q.kind == "function":
        if not callable(answer):
            return WRONG_TYPE, f"expected a function, got {_type_name(answer)}."
        try:
            problem = q.judge(answer) if q.judge else None
        except Exception as exc:  # noqa: BLE001 - the learner's code raised
            return INCORRECT, f"your function raised {type(exc).__name__}: {exc}"
        return (CORRECT, "correct, well done!") if not problem else (INCORRECT, problem)

    expected = q.expected() if q.expected else None

    if q.kind in ("number", "integer"):
        if isinstance(answer, (np.generic,)) and not isinstance(answer, np.bool_):
            answer = answer.item()
        if isinstance(answer, bool) or not _is_number(answer):
            return WRONG_TYPE, f"expected a number, got {_type_name(answer)} {_short(answer)}."
        if isinstance(answer, float) and math.isnan(answer):
            return WRONG_TYPE, "expected a number, got NaN (not a number). Check for missing values."
        if q.kind == "integer" and not float(answer).is_integer():
            return WRONG_TYPE, f"expected a whole number, got {_short(answer)}."
        ok = _close(answer, expected, q)
    elif q.kind == "bool":
        if isinstance(answer, np.bool_):
            answer = bool(answer)
        if not isinstance(answer, bool):
            return WRONG_TYPE, f"expected True or False, got {_type_name(answer)}."
        ok = answer == expected
    elif q.kind in ("text", "choice"):
        if not isinstance(answer, str):
            return WRONG_TYPE, f"expected a string (text in quotes), got {_type_name(answer)}."
        if q.choices and answer.strip().casefold() not in {c.casefold() for c in q.choices}:
            return WRONG_TYPE, "expected one of: " + ", ".join(repr(c) for c in q.choices) + "."
        ok = _equal_values(answer, expected, q)
    elif q.kind in ("list", "set"):
        if isinstance(answer, (pd.Series, np.ndarray, tuple, set, frozenset)):
            answer = list(answer)
        if not isinstance(answer, list):
            return WRONG_TYPE, f"expected a list, got {_type_name(answer)}."
        exp = list(expected)
        if q.kind == "set" or not q.ordered:
            key = lambda v: str(v).strip().casefold() if isinstance(v, str) else str(v)  # noqa: E731
            ok = sorted(map(key, answer)) == sorted(map(key, exp))
        else:
            ok = len(answer) == len(exp) and all(_equal_values(a, b, q) for a, b in zip(answer, exp))
        if not ok and len(answer) != len(exp):
            hint = _known_wrong_hint(q, answer)
            return INCORRECT, hint or f"expected {len(exp)} items, got {len(answer)}."
    elif q.kind == "mapping":
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, dict):
            return WRONG_TYPE, f"expected a dict, got {_type_name(answer)}."
        exp = dict(expected)
        missing = [k for k in exp if k not in answer]
        if missing:
            return INCORRECT, f"missing keys: {', '.join(map(str, missing[:5]))}."
        extra = [k for k in answer if k not in exp]
        if extra:
            return INCORRECT, f"unexpected keys: {', '.join(map(str, extra[:5]))}."
        wrong = [k for k in exp if not _equal_values(answer[k], exp[k], q)]
        ok = not wrong
        if wrong and not q.known_wrong:
            return INCORRECT, f"{len(wrong)} of {len(exp)} values are not right yet, for example {_short(wrong[0])}."
    elif q.kind in ("dataframe", "series"):
        want = pd.DataFrame if q.kind == "dataframe" else pd.Series
        if not isinstance(answer, want):
            return WRONG_TYPE, f"expected a pandas {want.__name__}, got {_type_name(answer)}."
        if answer.shape != expected.shape:
            return WRONG_TYPE, f"expected shape {expected.shape}, got {answer.shape}."
        ok = _frames_match(answer, expected, q)
    else:  # pragma: no cover - a mistake in a question definition
        raise ValueError(f"unknown question kind {q.kind!r}")

    if ok:
        return CORRECT, "correct, well done!"
    return INCORRECT, _known_wrong_hint(q, answer) or q.hint


def _known_wrong_hint(q: Question, answer: Any) -> str | None:
    """The hint of the first known wrong answer that matches, if any."""
    for predicate, hint in q.known_wrong:
        try:
            if predicate(answer):
                return hint
        except Exception:  # noqa: BLE001 - a predicate that cannot judge this answer
            continue
    return None


def _frames_match(answer, expected, q: Question) -> bool:
    import numpy as np
    import pandas as pd

    try:
        a = answer.reset_index(drop=True)
        e = expected.reset_index(drop=True)
        if isinstance(a, pd.DataFrame):
            if [str(c) for c in a.columns] != [str(c) for c in e.columns]:
                return False
            cols = list(zip(a.columns, e.columns))
        else:
            cols = [(None, None)]
        for ca, ce in cols:
            sa = a if ca is None else a[ca]
            se = e if ce is None else e[ce]
            if pd.api.types.is_numeric_dtype(se) and pd.api.types.is_numeric_dtype(sa):
                if not np.allclose(sa.to_numpy(float), se.to_numpy(float), rtol=q.rel_tol,
                                   atol=q.abs_tol, equal_nan=True):
                    return False
            elif list(sa.astype(str)) != list(se.astype(str)):
                return False
        return True
    except Exception:  # noqa: BLE001
        return False


def evaluate(qid: str, answer: Any) -> CheckResult:
    """Judge an answer and return the result without printing (for tests)."""
    q = _load_question(qid)
    if q is None:
        return CheckResult(qid, INCORRECT, "this question id is unknown. Check its spelling.")
    if _is_unanswered(answer):
        return CheckResult(qid, NOT_ANSWERED, "not answered yet. Replace the ... with your answer and run the cell.")
    try:
        status, message = _judge(q, answer)
    except Exception as exc:  # noqa: BLE001 - never show a learner a traceback
        status, message = WRONG_TYPE, f"could not read this answer ({type(exc).__name__}). Check its type."
    return CheckResult(qid, status, message)


def _strict_expectation() -> str | None:
    if os.environ.get("COURSEKIT_STRICT_CHECKS") != "1":
        return None
    folder = Path.cwd().name
    if folder == "exercises":
        return "fail"
    if folder in ("solutions", "lessons"):
        return "pass"
    return None


def check(qid: str, answer: Any) -> None:
    """Print feedback on ``answer`` to question ``qid``. Never raises for learners."""
    result = evaluate(qid, answer)
    result.message = " ".join(result.message.split())  # always exactly one line
    HISTORY.append(result)
    print(result)
    expectation = _strict_expectation()
    if expectation == "pass" and not result.passed:
        raise CheckVerdictError(f"solution check did not pass: {result}")
    if expectation == "fail" and result.passed:
        raise CheckVerdictError(f"unsolved exercise check passed: {result}")
