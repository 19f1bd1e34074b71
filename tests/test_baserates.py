"""Lesson 05: base rates, account thresholds, the SYNTHETIC platform, and their widgets."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from coursekit import baserates as br
from coursekit import synthetic

prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
open_prob = st.floats(min_value=1e-9, max_value=1.0 - 1e-9, allow_nan=False)
volume = st.floats(min_value=0.0, max_value=1e12, allow_nan=False)


# ---------------------------------------------------------------- precision

def test_precision_worked_example():
    # 1 in 1,000 real, 99% sensitivity, 99% specificity: about 9% of alerts are real.
    p = br.precision(0.001, 0.99, 0.99)
    assert p == pytest.approx(0.00099 / (0.00099 + 0.999 * 0.01))
    assert 0.08 < p < 0.10


def test_precision_edges():
    assert br.precision(1.0, 0.5, 0.0) == 1.0          # everything real
    assert br.precision(0.0, 0.9, 0.9) == 0.0          # nothing real, some alerts
    assert math.isnan(br.precision(0.0, 0.9, 1.0))     # no alerts at all: undefined
    assert br.precision(0.5, 1.0, 1.0) == 1.0          # a perfect classifier


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_probabilities_are_validated(bad):
    with pytest.raises(ValueError):
        br.precision(bad, 0.9, 0.9)
    with pytest.raises(ValueError):
        br.confusion_counts(100, 0.1, bad, 0.9)


@given(prob, prob, prob)
def test_precision_and_npv_stay_in_unit_interval(p, se, sp):
    for value in (br.precision(p, se, sp), br.negative_predictive_value(p, se, sp)):
        assert math.isnan(value) or 0.0 <= value <= 1.0


@given(open_prob, open_prob, open_prob, open_prob)
def test_precision_rises_with_prevalence(p1, p2, se, sp):
    assume(sp < 1.0)
    lo, hi = sorted((p1, p2))
    assert br.precision(lo, se, sp) <= br.precision(hi, se, sp) + 1e-12


@given(open_prob, open_prob, open_prob, open_prob)
def test_precision_rises_with_specificity(p, se, s1, s2):
    lo, hi = sorted((s1, s2))
    assert br.precision(p, se, lo) <= br.precision(p, se, hi) + 1e-12


@given(open_prob, open_prob, open_prob, open_prob)
def test_precision_rises_with_sensitivity(p, s1, s2, sp):
    lo, hi = sorted((s1, s2))
    assert br.precision(p, lo, sp) <= br.precision(p, hi, sp) + 1e-12


@given(volume, prob, prob, prob)
def test_confusion_counts_add_up_and_are_non_negative(n, p, se, sp):
    c = br.confusion_counts(n, p, se, sp)
    assert all(v >= 0 for v in c.values())
    assert sum(c.values()) == pytest.approx(n, rel=1e-9, abs=1e-6)
    assert c["tp"] + c["fn"] == pytest.approx(n * p, rel=1e-9, abs=1e-6)


# ---------------------------------------------------------------- calculator

def test_base_rate_defaults():
    r = br.base_rate()
    d = br.DEFAULTS
    assert r.true_alerts == pytest.approx(d["daily_volume"] * d["prevalence"] * d["sensitivity"])
    assert r.false_alerts == pytest.approx(d["daily_volume"] * (1 - d["prevalence"]) * d["false_positive_rate"])
    assert r.precision == pytest.approx(br.precision(d["prevalence"], d["sensitivity"], 1 - d["false_positive_rate"]))
    assert r.review_days == pytest.approx(r.false_alerts / d["review_capacity"])
    assert r.precision < 0.05       # the lesson's point at the defaults: most alerts are false


def test_base_rate_slider_extremes():
    lo = br.base_rate(10 ** br.VOLUME_SCALE["min_exp"], 1e-8, 0.0, 1e-6, 10)
    hi = br.base_rate(10 ** br.VOLUME_SCALE["max_exp"], 1e-1, 1.0, 1e-1, 1e6)
    assert lo.true_alerts == 0.0 and lo.false_alerts > 0 and lo.precision == 0.0
    assert math.isinf(lo.false_per_true)
    assert hi.true_alerts == pytest.approx(1e10)
    assert 0 <= hi.precision <= 1
    assert br.VOLUME_SCALE["global_messages_per_day"] == 10 ** br.VOLUME_SCALE["max_exp"]


def test_base_rate_rejects_bad_capacity():
    with pytest.raises(ValueError):
        br.base_rate(review_capacity=0)


@given(st.floats(1.0, 1e12), open_prob, st.floats(1.0, 1e7))
def test_max_false_positive_rate_fills_capacity_exactly(n, p, cap):
    fpr = br.max_false_positive_rate(n, p, cap)
    assert 0.0 <= fpr <= 1.0
    if fpr < 1.0:
        assert br.base_rate(n, p, 0.9, fpr, cap).review_days == pytest.approx(1.0, rel=1e-6)  # 1 - (1 - fpr) rounds


@given(st.floats(1.0, 1e12), open_prob, prob, st.floats(1e-9, 1.0), st.floats(1e-9, 1.0))
def test_false_alerts_rise_with_fpr_and_precision_falls(n, p, se, f1, f2):
    lo, hi = sorted((f1, f2))
    a, b = br.base_rate(n, p, se, lo, 100), br.base_rate(n, p, se, hi, 100)
    assert a.false_alerts <= b.false_alerts
    if not (math.isnan(a.precision) or math.isnan(b.precision)):
        assert b.precision <= a.precision + 1e-12


# ---------------------------------------------------------------- thresholds

def test_account_probability_is_the_binomial_tail():
    assert br.account_flag_probability(1e-4, 20_000, 10) == pytest.approx(binom.sf(9, 20_000, 1e-4))
    assert br.account_flag_probability(0.5, 10, 0) == 1.0
    assert br.account_flag_probability(0.0, 10, 1) == 0.0
    assert br.account_flag_probability(1.0, 10, 10) == 1.0
    assert br.account_flag_probability(1.0, 10, 11) == 0.0   # cannot match more photos than exist


def test_apple_defaults_meet_the_stated_target_only_under_independence():
    a = br.APPLE
    independent = br.account_flag_probability(a["assumed_per_image_rate"], 100_000, a["threshold"])
    bursty = br.account_flag_probability(a["assumed_per_image_rate"], 100_000, a["threshold"], burst=10)
    assert independent < a["target"] < bursty
    assert a["tested_false_positives"] / a["tested_images"] < a["assumed_per_image_rate"]


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-9, 0.5), st.integers(0, 200_000), st.integers(0, 60), st.integers(1, 30))
def test_account_probability_in_unit_interval(q, n, t, burst):
    v = br.account_flag_probability(q, n, t, burst)
    assert 0.0 <= v <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-9, 0.1), st.integers(1, 100_000), st.integers(1, 59))
def test_account_probability_monotonic(q, n, t):
    # falls as the threshold rises; rises with the per-image rate and with the number of photos
    assert br.account_flag_probability(q, n, t + 1) <= br.account_flag_probability(q, n, t)
    assert br.account_flag_probability(q, n, t) <= br.account_flag_probability(min(1.0, q * 2), n, t)
    assert br.account_flag_probability(q, n, t) <= br.account_flag_probability(q, n + 1000, t)


def test_threshold_for_target():
    t = br.threshold_for_target(1e-4, 20_000, 1e-12)
    assert br.account_flag_probability(1e-4, 20_000, t) <= 1e-12
    assert br.account_flag_probability(1e-4, 20_000, t - 1) > 1e-12
    with pytest.raises(ValueError):
        br.threshold_for_target(0.5, 1000, 1e-12, max_threshold=5)


def test_threshold_model_defaults_and_extremes():
    for kwargs in ({}, dict(per_image_rate=1e-9, photos=100, threshold=1, burst=1),
                   dict(per_image_rate=1e-2, photos=1_000_000, threshold=60, burst=30)):
        r = br.threshold_model(**kwargs)
        assert 0.0 <= r.probability <= 1.0
        assert np.all((r.curve >= 0) & (r.curve <= 1))
        assert np.all(np.diff(r.curve) <= 1e-15)       # non-increasing in the threshold
        assert r.expected_flags == pytest.approx(r.probability * r.accounts)


# ---------------------------------------------------------------- field evidence

def test_referral_summary_from_data():
    from coursekit import data

    table = data.load("referral_outcomes")
    s = br.referral_summary(table)
    ire = s.loc[("Ireland", 2020)]
    assert 0 < ire["not_csam_share_min"] < 1
    che = s.xs("Switzerland", level="country")
    assert (che["forwarded_per_100_received"].between(0, 100)).all()
    assert che["not_csam_share_min"].isna().all()


def test_informational_share():
    assert br.informational_share(3, 1) == 0.25
    assert math.isnan(br.informational_share(0, 0))
    with pytest.raises(ValueError):
        br.informational_share(-1, 2)


# ---------------------------------------------------------------- synthetic platform

def test_synthetic_platform_is_seeded_and_labelled():
    a, b = synthetic.simulate_platform(), synthetic.simulate_platform()
    assert a.equals(b)
    assert (a["data"] == "SYNTHETIC").all()
    assert 0 < a["harmful"].mean() < 0.02
    assert not synthetic.simulate_platform(seed=1).equals(a)
    with pytest.raises(ValueError):
        synthetic.simulate_platform(n_accounts=0)


def test_synthetic_threshold_default_and_extremes():
    mid = synthetic.evaluate_threshold(0.5)
    assert mid.true_positives + mid.false_negatives == int(synthetic._default_table()["harmful"].sum())
    assert 0 < mid.precision < 1 and 0 < mid.recall < 1
    low, high = synthetic.evaluate_threshold(0.0), synthetic.evaluate_threshold(1.0)
    assert low.recall == 1.0 and low.flagged == len(synthetic._default_table())
    assert high.flagged == 0 and math.isnan(high.precision) and high.recall == 0.0
    with pytest.raises(ValueError):
        synthetic.evaluate_threshold(1.5)


def test_synthetic_recall_falls_with_threshold():
    curve = synthetic.precision_recall_curve()
    assert (np.diff(curve["recall"].to_numpy()) <= 1e-12).all()
    assert (np.diff(curve["flagged"].to_numpy()) <= 0).all()
    assert (curve["data"] == "SYNTHETIC").all()


@pytest.mark.benchmark  # timing: not part of `make test` (machines differ); run with -m benchmark
def test_callbacks_are_fast():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for compute, render, kwargs in (
        (br.base_rate, br.plot_base_rate, {}),
        (br.threshold_model, br.plot_threshold_curve, dict(photos=1_000_000, burst=30)),
        (synthetic.evaluate_threshold, synthetic.plot_scores, dict(threshold=0.3)),
    ):
        plt.close(render(compute(**kwargs)))    # warm caches, fonts and imports
        start = time.perf_counter()
        fig = render(compute(**kwargs))
        fig.canvas.draw()
        elapsed = time.perf_counter() - start
        plt.close(fig)
        assert elapsed < 0.3, f"{compute.__name__} took {elapsed:.3f} s"  # generous; the budget is measured by the benchmark


# ---------------------------------------------------------------- widgets in a real kernel

def test_base_rate_widget_in_kernel(kernel):
    kernel.run("from coursekit import baserates as br\nd = br.base_rate_demo()")
    before = kernel.run("print(d.summary.value)")
    assert "Precision" in before and "illustrative" in before
    kernel.run("d.controls['prevalence'].value = 1e-2")
    after = kernel.run("print(d.summary.value)")
    assert after != before
    assert kernel.run("print(d.result.precision > 0.5, d.error)").strip() == "True None"
    kernel.run("d.controls['daily_volume'].value = 1e11\nd.controls['false_positive_rate'].value = 1e-6")
    assert kernel.run("print(d.error)").strip() == "None"


def test_threshold_widget_in_kernel(kernel):
    kernel.run("from coursekit import baserates as br\nt = br.threshold_demo()")
    before = kernel.run("print(t.result.probability)")
    kernel.run("t.controls['burst'].value = 10")
    after = kernel.run("print(t.result.probability)")
    assert float(after) > float(before)
    kernel.run("t.controls['per_image_rate'].value = 1e-2\nt.controls['threshold'].value = 1")
    assert kernel.run("print(t.error, t.result.probability)").strip() == "None 1.0"


def test_platform_widget_in_kernel(kernel):
    kernel.run("from coursekit import synthetic\np = synthetic.platform_demo()")
    before = kernel.run("print(p.summary.value)")
    assert "SYNTHETIC" in before
    kernel.run("p.controls['threshold'].value = 0.9")
    after = kernel.run("print(p.summary.value)")
    assert after != before
    kernel.run("p.controls['threshold'].value = 0.99")
    assert kernel.run("print(p.error)").strip() == "None"


def test_ncmec_designations():
    import pandas as pd

    table = pd.DataFrame({"year": [2023, 2023, 2022, 2022], "recipient": ["A", "A", "A", "A"],
                          "designation": ["actionable", "informational"] * 2, "reports": [3, 1, 1, 1]})
    wide = br.ncmec_designations(table)
    assert wide.loc[(2023, "A"), "informational_share"] == 0.25
    assert wide.loc[(2022, "A"), "total"] == 2


def test_l05_questions_accept_expected_and_hint_known_mistakes():
    from coursekit.checks import CORRECT, INCORRECT, evaluate
    from coursekit.questions import l05

    for q in l05.QUESTIONS:
        assert evaluate(q.id, q.expected()).status == CORRECT, q.id
    ex4 = l05.EX4
    off_by_one = binom.sf(ex4["threshold"], ex4["photos"], ex4["per_image_rate"])
    result = evaluate("05.account_probability", off_by_one)
    assert result.status == INCORRECT and "Off by one" in result.message
    as_percent = evaluate("05.precision_hand", 100 * l05._precision())
    assert "percentage" in as_percent.message
    assert evaluate("05.still_meets_target", True).status == INCORRECT
