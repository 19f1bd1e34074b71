"""Self-check questions of lesson 05 "Classifiers and base rates".

Expected values are computed by the reference code in coursekit.baserates and
coursekit.synthetic, or from data/, never typed in. The fixed inputs below are
the ones the exercise prompts state (the notebook shows the same numbers).
"""
from __future__ import annotations

import math

from coursekit import baserates as br
from coursekit import synthetic
from coursekit.checks import Question

#: Exercise 1-2: a classifier for new material (illustrative settings, not measured rates).
EX1 = {"prevalence": 1 / 10_000, "sensitivity": 0.95, "specificity": 0.999}
EX2 = {"daily_volume": 50_000_000}
#: Exercise 3: the false-positive rate that keeps false alerts within review capacity.
EX3 = {"daily_volume": 500_000_000, "prevalence": 1e-5, "review_capacity": 2_000}
#: Exercise 4-6: an account-level threshold.
EX4 = {"per_image_rate": 1e-4, "photos": 20_000, "threshold": 10, "target": 1e-12, "burst": 5}
#: Exercise 8: the precision the SYNTHETIC platform's reviewers ask for.
EX8 = {"min_precision": 0.5}


def _precision() -> float:
    return br.precision(**EX1)


def _false_alerts() -> float:
    return br.base_rate(EX2["daily_volume"], EX1["prevalence"], EX1["sensitivity"],
                        1 - EX1["specificity"], 1).false_alerts


def _max_fpr() -> float:
    return br.max_false_positive_rate(**EX3)


def _account_probability() -> float:
    return br.account_flag_probability(EX4["per_image_rate"], EX4["photos"], EX4["threshold"])


def _threshold_needed() -> int:
    return br.threshold_for_target(EX4["per_image_rate"], EX4["photos"], EX4["target"])


def _still_meets_target() -> bool:
    t = _threshold_needed()
    return br.account_flag_probability(EX4["per_image_rate"], EX4["photos"], t,
                                       burst=EX4["burst"]) <= EX4["target"]


def _irish_share() -> float:
    from coursekit import data

    summary = br.referral_summary(data.load("referral_outcomes"))
    return float(summary.loc[("Ireland", 2020), "not_csam_share_min"])


def _synthetic_threshold() -> float:
    curve = synthetic.precision_recall_curve()
    ok = curve[curve["precision"] >= EX8["min_precision"]]
    return float(ok["threshold"].min())


def _close(a, b, rel=1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel)


QUESTIONS = [
    Question(
        id="05.precision_hand", kind="number", expected=_precision, rel_tol=1e-4,
        known_wrong=[
            (lambda a: _close(a, EX1["sensitivity"]),
             "That is the sensitivity: the share of real items flagged. Precision is the share of flags that are real."),
            (lambda a: _close(a, EX1["specificity"]),
             "That is the specificity. Precision divides true positives by all positives (true + false)."),
            (lambda a: _close(a, 100 * _precision(), 1e-3),
             "That looks like a percentage. Give precision as a share between 0 and 1."),
            (lambda a: _close(a, EX1["prevalence"] * EX1["sensitivity"], 1e-3),
             "That is the true-positive share of all items. Divide it by (true positives + false positives)."),
        ],
        hint="precision = p*se / (p*se + (1-p)*(1-sp)) with p = 1/10,000, se = 0.95, sp = 0.999.",
    ),
    Question(
        id="05.false_alerts", kind="number", expected=_false_alerts, rel_tol=1e-4,
        known_wrong=[
            (lambda a: _close(a, EX2["daily_volume"] * EX1["prevalence"] * EX1["sensitivity"], 1e-3),
             "That is the number of true alerts. False alerts come from the innocent messages."),
            (lambda a: _close(a, EX2["daily_volume"] * EX1["specificity"], 1e-3),
             "That uses the specificity; the false-positive rate is 1 - specificity."),
        ],
        hint="Use br.base_rate(daily_volume, prevalence, sensitivity, 1 - specificity, review_capacity) "
             "and read .false_alerts.",
    ),
    Question(
        id="05.max_fpr", kind="number", expected=_max_fpr, rel_tol=1e-3,
        known_wrong=[
            (lambda a: _close(a, 100 * _max_fpr(), 1e-2),
             "That looks like a percentage. Give the rate as a share (a small number between 0 and 1)."),
            (lambda a: _close(a, EX3["daily_volume"] / EX3["review_capacity"], 1e-2),
             "Upside down: divide the capacity by the number of innocent messages."),
        ],
        hint="False alerts = innocent messages x false-positive rate. Set that equal to the capacity and solve.",
    ),
    Question(
        id="05.account_probability", kind="number", expected=_account_probability, rel_tol=1e-4,
        known_wrong=[
            (lambda a: _close(a, br.account_flag_probability(EX4["per_image_rate"], EX4["photos"],
                                                             EX4["threshold"] + 1), 1e-3),
             "Off by one: binom.sf(k, n, p) is P(X > k). For 'at least 10' use k = 9."),
            (lambda a: _close(a, __import__("scipy.stats").stats.binom.pmf(
                EX4["threshold"], EX4["photos"], EX4["per_image_rate"]), 1e-3),
             "That is P(exactly 10). The account is flagged at 10 *or more* matches: use binom.sf."),
        ],
        hint="from scipy.stats import binom; binom.sf(threshold - 1, photos, per_image_rate).",
    ),
    Question(
        id="05.threshold_needed", kind="integer", expected=_threshold_needed,
        known_wrong=[(lambda a: a == _threshold_needed() + 1,
                      "One too many: check the threshold just below yours; it may already meet the target."),
                     (lambda a: a == _threshold_needed() - 1,
                      "Just short: at that threshold the probability is still above one in a trillion.")],
        hint="Loop t = 1, 2, 3, ... and stop at the first t where binom.sf(t - 1, photos, rate) <= 1e-12.",
    ),
    Question(
        id="05.still_meets_target", kind="bool", expected=_still_meets_target,
        hint="Use br.account_flag_probability(rate, photos, your_threshold, burst=5) and compare with 1e-12.",
    ),
    Question(
        id="05.irish_share", kind="number", expected=_irish_share, rel_tol=1e-4,
        known_wrong=[(lambda a: _close(a, 100 * _irish_share(), 1e-3),
                      "That looks like a percentage. Give a share between 0 and 1."),
                     (lambda a: _close(a, 1 - _irish_share(), 1e-3),
                      "That is the complement. Divide 'not CSAM' by referrals received.")],
        hint="Divide the 'not_csam_per_police' value by 'referrals_received' for Ireland 2020.",
    ),
    Question(
        id="05.synthetic_threshold", kind="number", expected=_synthetic_threshold, rel_tol=1e-6,
        hint="Filter the curve to rows with precision >= 0.5 and take the smallest threshold.",
    ),
]
