"""Lesson 05 · Classifiers and base rates: the tested reference code.

Pure functions first (confusion counts, precision, the base-rate calculator,
the account-level binomial threshold, reading referral-outcome tables), then
plotting helpers and the widget builders (functions returning a
:class:`coursekit.widgets.Demo`).

Conventions
-----------
* Rates are probabilities in [0, 1]: ``prevalence`` is the share of items
  (messages, images, accounts) that really are what the classifier looks for;
  ``sensitivity`` (= recall, true-positive rate) is the share of those the
  classifier flags; ``specificity`` is the share of the *other* items it leaves
  alone, and ``false_positive_rate = 1 - specificity``.
* Counts are *expected* counts (floats): 0.3 false alerts a day means about
  one every three days.
* Precision is undefined when nothing is flagged (0 / 0); the functions return
  ``nan`` there and say so, rather than inventing a value.

The default settings of the calculator are illustrative, not measured rates:
no platform publishes the prevalence of abuse in its messages or the
false-positive rate of its classifiers (see the lesson and DEFAULTS below).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "confusion_counts", "precision", "negative_predictive_value", "base_rate",
    "BaseRateResult", "max_false_positive_rate", "DEFAULTS", "VOLUME_SCALE",
    "account_flag_probability", "threshold_for_target", "expected_false_flags",
    "ThresholdResult", "threshold_model", "APPLE",
    "referral_summary", "informational_share", "ncmec_designations", "defaults_table", "plot_referrals",
    "plot_confusion", "plot_precision_vs_prevalence", "plot_base_rate",
    "plot_threshold_curve", "base_rate_demo", "threshold_demo",
]


# --------------------------------------------------------------------------
# 1. The confusion matrix and precision
# --------------------------------------------------------------------------

def _layout(fig, left: float = 0.12) -> None:
    """Fixed margins (much faster than tight_layout, so widget callbacks stay quick)."""
    fig.subplots_adjust(left=left, right=0.97, bottom=0.17, top=0.88)


def _check_prob(name: str, value: float) -> float:
    value = float(value)
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise ValueError(f"{name} must be a probability between 0 and 1, got {value!r}")
    return value


def confusion_counts(n: float, prevalence: float, sensitivity: float,
                     specificity: float) -> dict[str, float]:
    """Expected counts in the four cells of the confusion matrix.

    ``n`` items, of which ``n * prevalence`` are positives. Returns a dict with
    ``tp`` (true positives: flagged and real), ``fn`` (missed), ``fp`` (false
    alerts: flagged but innocent) and ``tn`` (correctly left alone).
    """
    n = float(n)
    if n < 0 or math.isnan(n):
        raise ValueError(f"n must be a count (>= 0), got {n!r}")
    p = _check_prob("prevalence", prevalence)
    se = _check_prob("sensitivity", sensitivity)
    sp = _check_prob("specificity", specificity)
    pos, neg = n * p, n * (1.0 - p)
    return {"tp": pos * se, "fn": pos * (1.0 - se), "fp": neg * (1.0 - sp), "tn": neg * sp}


def precision(prevalence: float, sensitivity: float, specificity: float) -> float:
    """Share of flagged items that are real (positive predictive value).

    Bayes' rule: ``p*se / (p*se + (1-p)*(1-sp))``. Returns ``nan`` when nothing
    is ever flagged (both terms zero).
    """
    p = _check_prob("prevalence", prevalence)
    se = _check_prob("sensitivity", sensitivity)
    sp = _check_prob("specificity", specificity)
    tp, fp = p * se, (1.0 - p) * (1.0 - sp)
    if tp + fp == 0.0:
        return float("nan")
    return min(1.0, max(0.0, tp / (tp + fp)))


def negative_predictive_value(prevalence: float, sensitivity: float, specificity: float) -> float:
    """Share of items left alone that really are innocent (``nan`` if none are)."""
    p = _check_prob("prevalence", prevalence)
    se = _check_prob("sensitivity", sensitivity)
    sp = _check_prob("specificity", specificity)
    tn, fn = (1.0 - p) * sp, p * (1.0 - se)
    if tn + fn == 0.0:
        return float("nan")
    return min(1.0, max(0.0, tn / (tn + fn)))


# --------------------------------------------------------------------------
# 2. The base-rate calculator
# --------------------------------------------------------------------------

#: Default settings of the calculator, with where each comes from.
DEFAULTS = {
    "daily_volume": 1_000_000,      # illustrative: a mid-sized service's messages per day
    "prevalence": 1e-5,             # illustrative, not a measured rate (1 in 100,000)
    "sensitivity": 0.90,            # illustrative, not a measured rate
    "false_positive_rate": 1e-3,    # illustrative, not a measured rate (1 in 1,000)
    "review_capacity": 1_000,       # illustrative: e.g. 10 reviewers x 100 checks a day
}

#: The volume slider's range (messages per day, as powers of ten) and the cited
#: global end: WhatsApp "roughly 100B messages every day" (Will Cathcart, head of
#: WhatsApp, 29 Oct 2020, reported by TechCrunch the same day).
VOLUME_SCALE = {
    "min_exp": 2,    # 100 messages a day: a small forum (illustrative)
    "max_exp": 11,   # 1e11: about WhatsApp's reported daily volume as of Oct 2020
    "global_messages_per_day": 100e9,
    "global_source": ("Will Cathcart (head of WhatsApp), 29 Oct 2020, as reported in "
                      "M. Singh, 'WhatsApp is now delivering roughly 100 billion messages a day', "
                      "TechCrunch, 29 Oct 2020"),
}


def defaults_table():
    """The calculator's default settings with their unit and where each comes from."""
    import pandas as pd

    rows = [
        ("daily volume", DEFAULTS["daily_volume"], "messages per day",
         "illustrative: a mid-sized service (the slider spans 100 to 1e11; see VOLUME_SCALE)"),
        ("prevalence", DEFAULTS["prevalence"], "share of messages that are abusive",
         "illustrative, not a measured rate: no platform publishes it"),
        ("sensitivity", DEFAULTS["sensitivity"], "share of abusive messages flagged",
         "illustrative, not a measured rate"),
        ("false-positive rate", DEFAULTS["false_positive_rate"], "share of innocent messages flagged",
         "illustrative, not a measured rate"),
        ("review capacity", DEFAULTS["review_capacity"], "alerts the review team checks per day",
         "illustrative: e.g. 10 reviewers x 100 checks a day"),
    ]
    return pd.DataFrame(rows, columns=["setting", "default", "unit", "source"])


@dataclass(frozen=True)
class BaseRateResult:
    """What one day looks like for a classifier at a given base rate."""

    daily_volume: float
    prevalence: float
    sensitivity: float
    false_positive_rate: float
    review_capacity: float
    true_alerts: float       # expected true alerts per day
    false_alerts: float      # expected false alerts per day
    missed: float            # expected real items not flagged per day
    precision: float         # share of alerts that are real (nan if no alerts)
    review_days: float       # days of the team's review capacity one day's false alerts need

    @property
    def alerts(self) -> float:
        return self.true_alerts + self.false_alerts

    @property
    def false_per_true(self) -> float:
        """False alerts for each true alert (inf if there are no true alerts)."""
        return self.false_alerts / self.true_alerts if self.true_alerts > 0 else math.inf


def base_rate(daily_volume: float = DEFAULTS["daily_volume"],
              prevalence: float = DEFAULTS["prevalence"],
              sensitivity: float = DEFAULTS["sensitivity"],
              false_positive_rate: float = DEFAULTS["false_positive_rate"],
              review_capacity: float = DEFAULTS["review_capacity"]) -> BaseRateResult:
    """The base-rate calculator: expected alerts per day and the review they need.

    ``review_capacity`` is how many alerts the review team can check in one day;
    ``review_days`` is how many such days one day of *false* alerts takes
    (above 1, the backlog grows every day even before any true alert is read).
    """
    fpr = _check_prob("false_positive_rate", false_positive_rate)
    cap = float(review_capacity)
    if cap <= 0 or math.isnan(cap):
        raise ValueError(f"review_capacity must be positive, got {review_capacity!r}")
    c = confusion_counts(daily_volume, prevalence, sensitivity, 1.0 - fpr)
    false_alerts = float(daily_volume) * (1.0 - float(prevalence)) * fpr   # exact, no 1-(1-fpr) rounding
    alerts = c["tp"] + false_alerts
    return BaseRateResult(
        daily_volume=float(daily_volume), prevalence=float(prevalence),
        sensitivity=float(sensitivity), false_positive_rate=fpr, review_capacity=cap,
        true_alerts=c["tp"], false_alerts=false_alerts, missed=c["fn"],
        precision=min(1.0, c["tp"] / alerts) if alerts > 0 else float("nan"),
        review_days=false_alerts / cap,
    )


def max_false_positive_rate(daily_volume: float, prevalence: float, review_capacity: float) -> float:
    """The largest false-positive rate whose expected false alerts fit in ``review_capacity``.

    Solves ``daily_volume * (1 - prevalence) * fpr = review_capacity`` (capped at 1).
    """
    p = _check_prob("prevalence", prevalence)
    negatives = float(daily_volume) * (1.0 - p)
    if negatives <= 0:
        return 1.0
    return min(1.0, float(review_capacity) / negatives)


# --------------------------------------------------------------------------
# 3. Account-level thresholds (the binomial tail)
# --------------------------------------------------------------------------

#: Apple's published figures (August 2021), with sources; see the lesson.
APPLE = {
    "threshold": 30,            # "we expect to choose an initial match threshold of 30 images"
    "target": 1e-12,            # "less than a one in one trillion chance per year of incorrectly flagging a given account"
    "assumed_per_image_rate": 1e-6,  # the "worst-case" per-image false-match rate Apple assumed
    "tested_images": 100_000_000,    # NeuralHash run on about 100 million non-CSAM images ...
    "tested_false_positives": 3,     # ... gave 3 false positives
}


def account_flag_probability(per_image_rate: float, photos: int, threshold: int,
                             burst: int = 1) -> float:
    """Probability that an innocent account reaches ``threshold`` false matches.

    With ``burst = 1`` this is the binomial tail ``P(X >= threshold)`` for
    ``X ~ Binomial(photos, per_image_rate)``: every photo is an independent
    trial with the same false-match rate (the assumption behind a
    one-in-a-trillion claim).

    ``burst > 1`` is a simple model of *dependence*: photos come in groups of
    ``burst`` near-identical shots, and if one false-matches, all of them do.
    Then ``photos // burst`` independent groups are tried and
    ``ceil(threshold / burst)`` matching groups are enough.
    """
    q = _check_prob("per_image_rate", per_image_rate)
    photos, threshold, burst = int(photos), int(threshold), int(burst)
    if photos < 0 or threshold < 0 or burst < 1:
        raise ValueError("photos and threshold must be >= 0 and burst >= 1")
    from scipy.stats import binom

    groups = photos // burst
    needed = math.ceil(threshold / burst)
    if needed <= 0:
        return 1.0
    value = float(binom.sf(needed - 1, groups, q))
    return min(1.0, max(0.0, value))


def threshold_for_target(per_image_rate: float, photos: int, target: float = APPLE["target"],
                         burst: int = 1, max_threshold: int = 10_000) -> int:
    """Smallest threshold whose account false-flag probability is at most ``target``."""
    for t in range(1, max_threshold + 1):
        if account_flag_probability(per_image_rate, photos, t, burst) <= target:
            return t
    raise ValueError("no threshold up to max_threshold reaches the target")


def expected_false_flags(per_image_rate: float, photos: int, threshold: int, accounts: float,
                         burst: int = 1) -> float:
    """Expected number of innocent accounts flagged among ``accounts`` (same assumptions)."""
    return float(accounts) * account_flag_probability(per_image_rate, photos, threshold, burst)


@dataclass(frozen=True)
class ThresholdResult:
    per_image_rate: float
    photos: int
    threshold: int
    burst: int
    accounts: float
    probability: float        # per innocent account
    expected_flags: float     # among ``accounts`` innocent accounts
    thresholds: np.ndarray    # for the curve
    curve: np.ndarray         # probability at each threshold


def threshold_model(per_image_rate: float = APPLE["assumed_per_image_rate"], photos: int = 100_000,
                    threshold: int = APPLE["threshold"], burst: int = 1,
                    accounts: float = 1e9) -> ThresholdResult:
    """Everything the threshold demo shows, for one setting."""
    from scipy.stats import binom

    thresholds = np.arange(1, 61)
    groups = int(photos) // int(burst)
    needed = np.ceil(thresholds / int(burst)).astype(int)
    curve = np.clip(binom.sf(needed - 1, groups, float(per_image_rate)), 0.0, 1.0)
    prob = account_flag_probability(per_image_rate, photos, threshold, burst)
    return ThresholdResult(float(per_image_rate), int(photos), int(threshold), int(burst),
                           float(accounts), prob, prob * float(accounts), thresholds, curve)


# --------------------------------------------------------------------------
# 4. Reading referral-outcome tables
# --------------------------------------------------------------------------

def referral_summary(table):
    """One row per country and year from the long ``referral_outcomes`` table.

    Columns: the measures present (``referrals_received``,
    ``forwarded_to_cantons``, ``not_csam_per_police``) and two ratios, each
    only where both parts exist:

    * ``forwarded_per_100_received``: Swiss fedpol reports to the cantons per
      100 NCMEC reports received. The units differ (one fedpol report can bundle
      several NCMEC reports' material), so this is a ratio, not a share;
    * ``not_csam_share_min``: Irish referrals the police verified were not
      CSAM, as a share of referrals received: a lower bound ("at least").

    Neither ratio is a false-positive rate of any detection tool.
    """
    import pandas as pd

    wide = table.pivot_table(index=["country", "year"], columns="measure", values="value",
                             aggfunc="sum", observed=True)
    wide.columns.name = None
    out = pd.DataFrame(index=wide.index)
    for col in ("referrals_received", "forwarded_to_cantons", "not_csam_per_police"):
        out[col] = wide[col] if col in wide else float("nan")
    out["forwarded_per_100_received"] = 100 * out["forwarded_to_cantons"] / out["referrals_received"]
    out["not_csam_share_min"] = out["not_csam_per_police"] / out["referrals_received"]
    return out


def ncmec_designations(table):
    """Actionable and informational reports per year and recipient, with the informational share.

    ``table`` is long: columns ``year``, ``recipient``, ``designation``
    ("actionable" / "informational") and ``reports``. A report made available
    to several agencies counts once for each, so rows do not add up to NCMEC's
    number of reports.
    """
    wide = table.pivot_table(index=["year", "recipient"], columns="designation", values="reports",
                             aggfunc="sum", observed=True)
    wide.columns = [str(c).lower() for c in wide.columns]
    wide.columns.name = None
    wide["total"] = wide["actionable"] + wide["informational"]
    wide["informational_share"] = wide["informational"] / wide["total"]
    return wide


def informational_share(actionable, informational) -> float:
    """Share of reports NCMEC designated "informational" (0 to 1)."""
    a, i = float(actionable), float(informational)
    if a < 0 or i < 0:
        raise ValueError("counts must be >= 0")
    return i / (a + i) if a + i > 0 else float("nan")


# --------------------------------------------------------------------------
# 5. Figures
# --------------------------------------------------------------------------

def _fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "undefined"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.1f}"
    return f"{x:.2g}"


def plot_confusion(counts: dict[str, float], unit: str = "messages", title: str = ""):
    """The confusion matrix as a 2 x 2 table of counts (rows: truth, columns: decision)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    from coursekit.style import SEQUENTIAL

    grid = np.array([[counts["tp"], counts["fn"]], [counts["fp"], counts["tn"]]], dtype=float)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    shown = np.where(grid > 0, grid, np.nan)
    vmin = max(np.nanmin(shown) if np.isfinite(shown).any() else 1.0, 1e-3)
    vmax = max(np.nanmax(shown) if np.isfinite(shown).any() else 1.0, vmin * 10)
    ax.imshow(shown, cmap=SEQUENTIAL, norm=LogNorm(vmin=vmin, vmax=vmax), aspect="auto")
    labels = [["true positive\n(real, flagged)", "false negative\n(real, missed)"],
              ["false positive\n(innocent, flagged)", "true negative\n(innocent, left alone)"]]
    norm = LogNorm(vmin=vmin, vmax=vmax)
    for i in range(2):
        for j in range(2):
            v = grid[i, j]
            dark = v > 0 and norm(v) < 0.55
            ax.text(j, i, f"{labels[i][j]}\n{_fmt(v)} {unit}", ha="center", va="center",
                    fontsize=9, color="white" if dark else "black")
    ax.set_xticks([0, 1], ["flagged", "not flagged"])
    ax.set_yticks([0, 1], ["really abusive", "innocent"])
    ax.set_xlabel("classifier's decision")
    ax.set_ylabel("truth (known only in hindsight)")
    ax.set_title(title or f"Confusion matrix: expected {unit} per day")
    for s in ax.spines.values():
        s.set_visible(False)
    _layout(fig, left=0.3)
    return fig


def plot_precision_vs_prevalence(sensitivity: float = DEFAULTS["sensitivity"],
                                 false_positive_rates=(1e-2, 1e-3, 1e-4, 1e-5),
                                 mark_prevalence: float | None = DEFAULTS["prevalence"]):
    """Precision against prevalence (log x axis), one line per false-positive rate."""
    import matplotlib.pyplot as plt

    from coursekit.style import CYCLE

    prev = np.logspace(-8, -1, 200)
    fig, ax = plt.subplots()
    styles = ["-", "--", "-.", ":"]
    for k, fpr in enumerate(false_positive_rates):
        tp, fp = prev * sensitivity, (1 - prev) * fpr
        prec = tp / (tp + fp)                      # vectorised form of precision()
        ax.plot(prev, prec, color=CYCLE[k % len(CYCLE)], ls=styles[k % 4],
                label=f"false-positive rate {fpr:.0e}")
    if mark_prevalence is not None:
        ax.axvline(mark_prevalence, color="grey", lw=1)
        ax.text(mark_prevalence * 1.2, 0.93, "default prevalence\n(illustrative)", fontsize=8, va="top")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("prevalence (share of items that are really abusive, log scale)")
    ax.set_ylabel("precision (share of alerts that are real)")
    ax.set_title(f"Precision collapses when the thing is rare (sensitivity {sensitivity:.0%})")
    ax.legend(loc="upper left", fontsize=8)
    _layout(fig)
    return fig


def plot_base_rate(result: BaseRateResult):
    """Bars: true and false alerts per day against the review capacity (log scale)."""
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    names = ["true alerts", "false alerts", "review capacity"]
    values = [result.true_alerts, result.false_alerts, result.review_capacity]
    colors = [PALETTE["green"], PALETTE["vermillion"], PALETTE["sky"]]
    hatches = ["", "//", ".."]
    floor = 1e-2
    for i, (n, v, c, h) in enumerate(zip(names, values, colors, hatches)):
        ax.barh(i, max(v, floor), color=c, hatch=h, edgecolor="black", linewidth=0.5)
        ax.text(max(v, floor) * 1.15, i, _fmt(v), va="center", fontsize=9)
    ax.set_yticks(range(3), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    top = max(values + [10.0])
    ax.set_xlim(floor, top * 30)
    ax.set_xlabel("per day (log scale)")
    prec = "undefined" if math.isnan(result.precision) else f"{result.precision:.1%}"
    ax.set_title(f"{_fmt(result.daily_volume)} messages a day: precision {prec}")
    _layout(fig, left=0.2)
    return fig


def plot_threshold_curve(result: ThresholdResult):
    """Account false-flag probability against the threshold (log y axis)."""
    import matplotlib.pyplot as plt

    from coursekit.style import CYCLE, PALETTE

    fig, ax = plt.subplots()
    floor = 1e-300
    ax.plot(result.thresholds, np.maximum(result.curve, floor), color=CYCLE[0],
            label="P(innocent account reaches threshold)")
    ax.axhline(APPLE["target"], color=PALETTE["vermillion"], ls="--",
               label="one in a trillion (Apple's stated target)")
    ax.axvline(result.threshold, color="grey", lw=1)
    ax.plot([result.threshold], [max(result.probability, floor)], "o", color=PALETTE["orange"])
    ax.set_yscale("log")
    low = min(max(np.min(np.maximum(result.curve, floor)), 1e-80), 1e-14)
    ax.set_ylim(low, 2)
    from matplotlib.ticker import NullLocator

    decades = int(np.floor(np.log10(low)))
    step = 2 if decades >= -16 else 10                  # a few round ticks, even over 80 decades
    ax.set_yticks(10.0 ** np.arange(0, decades - 1, -step))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("threshold (matches needed before an account is flagged)")
    ax.set_ylabel("probability per account (log scale)")
    dup = "independent photos" if result.burst == 1 else f"bursts of {result.burst} near-duplicates"
    ax.set_title(f"{result.photos:,} photos, per-image rate {result.per_image_rate:.0e}, {dup}")
    ax.legend(fontsize=8, loc="lower left")
    _layout(fig)
    return fig


def plot_referrals(summary):
    """Swiss NCMEC reports received vs fedpol reports forwarded, per year (log-free bars)."""
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    che = summary.xs("Switzerland", level="country")
    years = che.index.to_numpy()
    fig, ax = plt.subplots()
    w = 0.38
    ax.bar(years - w / 2, che["referrals_received"], w, color=PALETTE["sky"], edgecolor="black",
           linewidth=0.5, label="NCMEC reports received by fedpol")
    ax.bar(years + w / 2, che["forwarded_to_cantons"], w, color=PALETTE["orange"], hatch="//",
           edgecolor="black", linewidth=0.5, label="fedpol reports (Rapporte) sent to cantons")
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel("count (two different units, see text)")
    ax.set_title("Switzerland: NCMEC reports in, fedpol reports out")
    ax.legend(fontsize=8, loc="upper left")
    _layout(fig)
    return fig


# --------------------------------------------------------------------------
# 6. Widgets
# --------------------------------------------------------------------------

def describe_base_rate(r: BaseRateResult) -> str:
    prec = "undefined (no alerts)" if math.isnan(r.precision) else f"{r.precision:.2%}"
    ratio = "no true alerts" if math.isinf(r.false_per_true) else f"{_fmt(r.false_per_true)} false per true alert"
    return (f"<b>Per day:</b> {_fmt(r.true_alerts)} true alerts, {_fmt(r.false_alerts)} false alerts "
            f"({ratio}); {_fmt(r.missed)} real items missed. <b>Precision:</b> {prec}. "
            f"<b>Review:</b> one day of false alerts needs {_fmt(r.review_days)} days of the team's "
            f"capacity. <i>Defaults are illustrative, not measured rates.</i>")


def base_rate_demo():
    """The base-rate calculator widget (log sliders for volume, prevalence and FPR)."""
    from coursekit.widgets import Demo, slider

    controls = {
        "daily_volume": slider("Daily volume", DEFAULTS["daily_volume"], VOLUME_SCALE["min_exp"],
                               VOLUME_SCALE["max_exp"], 0.25, unit="messages/day", log=True,
                               readout_format=".3g"),
        "prevalence": slider("Prevalence", DEFAULTS["prevalence"], -8, -1, 0.25,
                             unit="share of messages", log=True),
        "sensitivity": slider("Sensitivity", DEFAULTS["sensitivity"], 0.0, 1.0, 0.01,
                              unit="share of real items flagged"),
        "false_positive_rate": slider("False-positive rate", DEFAULTS["false_positive_rate"], -6, -1,
                                      0.25, unit="share of innocent items flagged", log=True),
        "review_capacity": slider("Review capacity", DEFAULTS["review_capacity"], 1, 6, 0.25,
                                  unit="alerts checked/day", log=True),
    }
    return Demo(controls, compute=base_rate, render=plot_base_rate, describe=describe_base_rate,
                title="Base-rate calculator (illustrative defaults)")


def describe_threshold(r: ThresholdResult) -> str:
    return (f"<b>P(an innocent account is flagged)</b> = {r.probability:.3g} "
            f"(one in {_fmt(1 / r.probability) if r.probability > 0 else '∞'}); "
            f"among {_fmt(r.accounts)} such accounts: {r.expected_flags:.3g} expected false flags. "
            f"<i>Assumes each photo (or burst) is an independent trial with a fixed per-image rate.</i>")


def threshold_demo():
    """The account-level threshold widget (log slider for the per-image rate)."""
    from coursekit.widgets import Demo, slider

    controls = {
        "per_image_rate": slider("Per-image false-match rate", APPLE["assumed_per_image_rate"], -9, -2,
                                 0.25, unit="per photo", log=True, readout_format=".1e"),
        "photos": slider("Photos per account", 100_000, 100, 1_000_000, 100, unit="photos",
                         integer=True),
        "threshold": slider("Threshold", APPLE["threshold"], 1, 60, 1, unit="matches", integer=True),
        "burst": slider("Near-duplicates per scene", 1, 1, 30, 1, unit="photos", integer=True),
    }
    return Demo(controls, compute=threshold_model, render=plot_threshold_curve,
                describe=describe_threshold, title="Account-level threshold (binomial model)")
