"""Self-check questions of lesson 07 "The encryption debate".

Expected values are computed from data/ (arguments, ncmec_reports_by_esp) and
from the reference code of lessons 05 and 07 (coursekit.baserates,
coursekit.debate), never typed in. The fixed inputs are the ones the exercise
prompts state; the notebook prints the same values.
"""
from __future__ import annotations

from coursekit import baserates as br
from coursekit import debate
from coursekit.checks import Question

#: Exercise 1: the claims learners classify (ids in data/arguments.csv).
CLASSIFY = ("c01", "c12", "c14", "c16", "c08", "c21")
#: Exercise 3: lesson 05's illustrative calculator settings at the cited global message volume.
EX3 = {
    "daily_volume": br.VOLUME_SCALE["global_messages_per_day"],
    "prevalence": br.DEFAULTS["prevalence"],
    "sensitivity": br.DEFAULTS["sensitivity"],
    "false_positive_rate": br.DEFAULTS["false_positive_rate"],
    "review_capacity": br.DEFAULTS["review_capacity"],
}
#: Exercise 4: the year asked about.
EX4_YEAR = 2023


def _kinds() -> dict:
    a = debate.arguments().set_index("claim_id")
    return {cid: a.loc[cid, "kind"] for cid in CLASSIFY}


def _all_same(answer, value) -> bool:
    return isinstance(answer, dict) and len(answer) > 0 and all(v == value for v in answer.values())


def _flipped(answer) -> bool:
    exp = _kinds()
    return isinstance(answer, dict) and all(answer.get(k) != v for k, v in exp.items())


def _false_alerts() -> float:
    return br.base_rate(**EX3).false_alerts


def _meta_share() -> float:
    return float(debate.meta_share().loc[EX4_YEAR, "meta_share_pct"])


QUESTIONS = [
    Question(
        id="07.claim_kinds", kind="mapping", expected=_kinds,
        known_wrong=[
            (lambda a: _all_same(a, "empirical"),
             "Not every claim can be settled by data. Which ones say what *should* happen, or what matters more?"),
            (lambda a: _all_same(a, "normative"),
             "Some of these claims make a prediction or report a measurement. Could a dataset prove or refute them?"),
            (_flipped, "The labels look swapped: 'empirical' = data could settle it, 'normative' = a value judgement."),
            (lambda a: isinstance(a, dict) and a.get("c14") == "empirical",
             "c14 says what companies *should not* do. No measurement can settle an 'ought'."),
            (lambda a: isinstance(a, dict) and a.get("c12") == "normative",
             "c12 reports a count (471 of 4,192 referrals). Counting is empirical, even when the count is disputed."),
        ],
        hint="Ask of each claim: could any dataset, however large, settle it? If yes: 'empirical'; if it is about "
             "what should happen or what matters more: 'normative'. Use exactly these two words.",
    ),
    Question(
        id="07.lesson04_claims", kind="set", expected=lambda: debate.claims_for_lesson("04"),
        known_wrong=[
            (lambda a: sorted(a) == sorted(debate.claims_for_lesson("05")),
             "Those are the lesson 05 claims. Filter on '04'."),
            (lambda a: set(a) < set(debate.claims_for_lesson("04")),
             "Some are missing: lesson_link can hold several lessons, e.g. '04; 05'. Split it, or use str.contains."),
        ],
        hint="Keep the rows of args whose lesson_link contains '04' and list their claim_id values.",
    ),
    Question(
        id="07.false_alerts", kind="number", expected=_false_alerts, rel_tol=1e-3,
        known_wrong=[
            (lambda a: abs(a - br.base_rate(**EX3).true_alerts) <= 1e-3 * br.base_rate(**EX3).true_alerts,
             "That is the number of *true* alerts. The question asks for false ones."),
            (lambda a: abs(a - EX3["false_positive_rate"]) < 1e-12,
             "That is the rate per message. Multiply by the number of innocent messages per day."),
        ],
        hint="Use br.base_rate(daily_volume, prevalence, sensitivity, false_positive_rate, review_capacity)"
             ".false_alerts with the settings printed above the question.",
    ),
    Question(
        id="07.meta_share", kind="number", expected=_meta_share, rel_tol=2e-3, abs_tol=0.05,
        known_wrong=[
            (lambda a: 0 < a <= 1, "Give a percentage (e.g. 50.0 for one half), not a fraction."),
            (lambda a: abs(a - 100 * debate.meta_share().loc[EX4_YEAR, "meta_reports"]
                           / debate.ncmec_break().query("year == @EX4_YEAR")["value"].iloc[0]) < 0.06,
             "You divided by all CyberTipline reports, which include reports from the public. "
             "Divide by the sum of ESP reports in that year."),
        ],
        hint="Sum `reports` for the rows whose esp starts with 'Facebook', 'Instagram' or 'WhatsApp' in 2023, "
             "divide by the sum of all ESP reports in 2023, times 100.",
    ),
]
