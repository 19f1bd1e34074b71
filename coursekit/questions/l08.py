"""Self-check questions of lesson 08 "Policy lab".

Expected values come from the teaching model in coursekit.policy and from data/,
never typed in. The fixed settings below are the ones the exercise prompts state.
"""
from __future__ import annotations

import math
from dataclasses import replace

from coursekit import policy as pl
from coursekit.checks import Question

#: Exercise 1: the E2EE-by-default preset with user reports only.
EX1 = "E2EE default, no scanning, user reports"
#: Exercise 2: server-side scanning with nobody to review the alerts.
EX2 = {"preset": "server-side scanning, no E2EE default", "review_capacity": 0}
#: Exercise 3: the same preset without user reports; false alerts below this per week.
EX3 = {"preset": "server-side scanning, no E2EE default", "user_reporting": False, "max_false_alerts": 1.0}
#: Exercise 4: which demands does this preset address fully ("yes")?
EX4 = "E2EE default + client-side scanning (known only)"
#: Exercise 5: the UK instrument and the EU instrument read from the regulations table.
EX5 = {"uk": "uk-osa-2023", "eu": "eu-interim-2021-1232"}


def _e2ee_cases() -> float:
    return pl.evaluate(pl.preset(EX1)).cases_confirmed


def _zero_review_backlog() -> float:
    return pl.evaluate(replace(pl.preset(EX2["preset"]), review_capacity=EX2["review_capacity"])).backlog


def _ex3_policy(threshold: int) -> pl.PolicyResult:
    return pl.evaluate(replace(pl.preset(EX3["preset"]), user_reporting=EX3["user_reporting"],
                               threshold=int(threshold)))


def _lowest_threshold() -> int:
    for t in range(1, 31):
        if _ex3_policy(t).false_alerts < EX3["max_false_alerts"]:
            return t
    raise AssertionError("no threshold up to 30 meets the target")


def _demands_yes() -> list[str]:
    r = pl.evaluate(pl.preset(EX4))
    return [d for d, (status, _) in sorted(r.demands.items()) if status == "yes"]


def _demands_not_no() -> list[str]:
    r = pl.evaluate(pl.preset(EX4))
    return [d for d, (status, _) in sorted(r.demands.items()) if status in ("yes", "partly")]


def _uk_required() -> list[str]:
    from coursekit import data

    rd = data.load("regulation_demands")
    rows = rd[(rd["instrument_id"] == EX5["uk"]) & (rd["level"].astype(str) == "required")]
    return sorted(rows["demand_slug"].astype(str))


def _eu_end() -> str:
    from coursekit import data

    regs = data.load("regulations").set_index("instrument_id")
    return str(regs.loc[EX5["eu"], "status_date"])


def _close(a, b, rel=1e-6) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _same_set(a, b) -> bool:
    try:
        return sorted(map(str, a)) == sorted(map(str, b))
    except TypeError:
        return False


QUESTIONS = [
    Question(
        id="08.e2ee_cases", kind="number", expected=_e2ee_cases, rel_tol=1e-6,
        known_wrong=[
            (lambda a: _close(a, pl.evaluate(pl.preset(EX1)).offending_accounts),
             "That is every offending account in the model, found or not. Use .cases_confirmed."),
            (lambda a: _close(a, pl.evaluate(pl.preset(EX1)).review_load),
             "That is all alerts, true and false. Cases confirmed are the true ones a reviewer checked."),
        ],
        hint="Evaluate the preset with pl.evaluate(pl.preset(...)) and read .cases_confirmed.",
    ),
    Question(
        id="08.zero_review_backlog", kind="number", expected=_zero_review_backlog, rel_tol=1e-6,
        known_wrong=[
            (lambda a: _close(a, 0), "With zero review capacity nobody checks any alert: where do they go?"),
            (lambda a: _close(a, pl.evaluate(replace(pl.preset(EX2["preset"]), review_capacity=0)).false_alerts),
             "That is only the false alerts. The backlog holds every unreviewed alert, true and false."),
        ],
        hint="Use dataclasses.replace(pl.preset(...), review_capacity=0), evaluate it and read .backlog.",
    ),
    Question(
        id="08.lowest_threshold", kind="integer", expected=_lowest_threshold,
        known_wrong=[
            (lambda a: int(a) == _lowest_threshold() - 1,
             "At that threshold false alerts are still at or above the limit. Check with < not <=."),
            (lambda a: int(a) == 1, "Threshold 1 flags an account on its first flag: look at false_alerts there."),
        ],
        hint="Loop over thresholds 1 to 30 and stop at the first whose .false_alerts is below 1.",
    ),
    Question(
        id="08.demands_yes", kind="set", expected=_demands_yes,
        known_wrong=[
            (lambda a: _same_set(a, _demands_not_no()),
             "That includes demands the model marks 'partly'. Keep only status 'yes'."),
        ],
        hint="result.demands maps demand_id to (status, reason); keep the ids whose status is 'yes'.",
    ),
    Question(
        id="08.uk_required", kind="set", expected=_uk_required,
        # A known_wrong hint for "required + not-verified" would never show: checks.py answers
        # a list of the wrong length with "expected N items" first. So the general hint says it.
        hint=("Filter regulation_demands to instrument_id 'uk-osa-2023' and level 'required'; list "
              "demand_slug. 'not-verified' means no provision was found in the sources used, not 'required'."),
    ),
    Question(
        id="08.eu_interim_end", kind="text", expected=_eu_end,
        known_wrong=[
            (lambda a: a.strip() in ("2024-08-03",), "That was the first end date; the regulation was extended once."),
            (lambda a: a.strip() in ("2028-04-03",),
             "That is the end date in the Council's July 2026 position for a new regulation, not yet adopted."),
        ],
        hint="Read status_date of 'eu-interim-2021-1232' in the regulations table (YYYY-MM-DD).",
    ),
]
