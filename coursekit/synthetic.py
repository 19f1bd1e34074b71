"""A seeded, SYNTHETIC platform for lesson 05: detection without reading content.

Nothing here is real data. The simulation invents accounts on a messaging
service whose messages are end-to-end encrypted, so the service cannot read
them, and gives each account three *metadata* signals the service could still
see:

* ``account_age_days``: how long ago the account was created;
* ``unconnected_young_contacts``: in the last 30 days, how many accounts
  registered as under 18, with no mutual contacts, this account started a
  conversation with (who talks to whom is metadata: the server routes it);
* ``user_reports``: how many times other users reported the account in the last
  90 days (a report can include the messages the reporting user chooses to share).

Each account also carries a SYNTHETIC ground-truth label ``harmful`` (the
simulation's stand-in for "an investigation would find this account was
targeting children"). The distributions are invented and illustrative: they are
chosen to overlap, as real signals do, not fitted to any platform. The point is
the trade-off, not the numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SEED", "LABEL", "simulate_platform", "risk_score", "evaluate_threshold",
           "PlatformResult", "precision_recall_curve", "plot_scores", "plot_precision_recall",
           "platform_demo"]

SEED = 20200214          # the date of the Reuters story, as a seed
LABEL = "SYNTHETIC"      # printed on every table and figure from this module

#: Weights of the transparent risk score (illustrative, chosen by hand).
WEIGHTS = {"intercept": -2.5, "new_account": 1.5, "contacts": 1.3, "reports": 1.0}


def _layout(fig, left: float = 0.12) -> None:
    """Fixed margins (much faster than tight_layout, so widget callbacks stay quick)."""
    fig.subplots_adjust(left=left, right=0.97, bottom=0.17, top=0.88)


def simulate_platform(n_accounts: int = 50_000, prevalence: float = 0.005,
                      seed: int = SEED) -> pd.DataFrame:
    """A SYNTHETIC table of accounts with metadata signals and a ground-truth label.

    ``prevalence`` is the share of accounts labelled harmful (illustrative).
    The same seed always gives the same table.
    """
    n = int(n_accounts)
    if n < 1:
        raise ValueError("n_accounts must be at least 1")
    if not 0.0 <= prevalence <= 1.0:
        raise ValueError("prevalence must be between 0 and 1")
    rng = np.random.default_rng(seed)
    harmful = rng.random(n) < prevalence

    # Account age: most innocent accounts are old; harmful ones skew new (but not all).
    age = np.where(harmful,
                   rng.lognormal(mean=math.log(120), sigma=1.3, size=n),
                   rng.lognormal(mean=math.log(700), sigma=1.1, size=n))
    age = np.clip(np.round(age), 0, 5000).astype(int)

    # Conversations started with unconnected young accounts: rare for most people,
    # with a heavy tail (a new school year, a youth club, a family group...).
    innocent_rate = rng.gamma(shape=0.25, scale=2.0, size=n)     # mean 0.5
    harmful_rate = rng.gamma(shape=1.0, scale=4.0, size=n)       # mean 4
    contacts = rng.poisson(np.where(harmful, harmful_rate, innocent_rate))

    # Reports by other users: rare, and many real cases are never reported.
    reports = rng.poisson(np.where(harmful, 0.4, 0.04))

    return pd.DataFrame({
        "account_id": np.arange(1, n + 1),
        "account_age_days": age,
        "unconnected_young_contacts": contacts.astype(int),
        "user_reports": reports.astype(int),
        "harmful": harmful,
    }).assign(data=LABEL)


def risk_score(table: pd.DataFrame) -> np.ndarray:
    """A transparent risk score between 0 and 1 from the three metadata signals.

    ``score = sigmoid(-2.5 + 1.5*[age < 90 days] + 1.3*log(1 + contacts) + 1.0*reports)``;
    the weights are illustrative, chosen by hand, not learned from real data.
    """
    w = WEIGHTS
    z = (w["intercept"]
         + w["new_account"] * (table["account_age_days"].to_numpy() < 90)
         + w["contacts"] * np.log1p(table["unconnected_young_contacts"].to_numpy())
         + w["reports"] * table["user_reports"].to_numpy())
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class PlatformResult:
    threshold: float
    flagged: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    precision: float     # nan when nothing is flagged
    recall: float        # nan when there are no harmful accounts
    scores: np.ndarray
    harmful: np.ndarray

    @property
    def false_per_true(self) -> float:
        return self.false_positives / self.true_positives if self.true_positives else math.inf


_CACHE: dict = {}


def _default_table() -> pd.DataFrame:
    if "table" not in _CACHE:
        _CACHE["table"] = simulate_platform()
    return _CACHE["table"]


def evaluate_threshold(threshold: float = 0.5, table: pd.DataFrame | None = None) -> PlatformResult:
    """Flag every account whose risk score is at or above ``threshold``; count the outcomes."""
    t = float(threshold)
    if not 0.0 <= t <= 1.0:
        raise ValueError("threshold must be between 0 and 1")
    table = _default_table() if table is None else table
    scores = risk_score(table)
    truth = table["harmful"].to_numpy(bool)
    flag = scores >= t
    tp = int(np.sum(flag & truth))
    fp = int(np.sum(flag & ~truth))
    fn = int(np.sum(~flag & truth))
    tn = int(np.sum(~flag & ~truth))
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    return PlatformResult(t, tp + fp, tp, fp, fn, tn, prec, rec, scores, truth)


def precision_recall_curve(table: pd.DataFrame | None = None, thresholds=None) -> pd.DataFrame:
    """Precision and recall at a grid of thresholds (a SYNTHETIC table)."""
    table = _default_table() if table is None else table
    thresholds = np.linspace(0.01, 0.99, 99) if thresholds is None else np.asarray(thresholds)
    scores = risk_score(table)
    truth = table["harmful"].to_numpy(bool)
    rows = []
    for t in thresholds:
        flag = scores >= t
        tp = int(np.sum(flag & truth))
        fp = int(np.sum(flag & ~truth))
        fn = int(np.sum(~flag & truth))
        rows.append({"threshold": float(t), "flagged": tp + fp, "false_alarms": fp,
                     "precision": tp / (tp + fp) if tp + fp else float("nan"),
                     "recall": tp / (tp + fn) if tp + fn else float("nan")})
    return pd.DataFrame(rows).assign(data=LABEL)


def plot_scores(result: PlatformResult):
    """Histogram of risk scores for harmful and other accounts, with the threshold (SYNTHETIC)."""
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    bins = np.linspace(0, 1, 41)
    other, _ = np.histogram(result.scores[~result.harmful], bins=bins)
    harm, _ = np.histogram(result.scores[result.harmful], bins=bins)
    ax.stairs(other, bins, fill=True, color=PALETTE["sky"], label="other accounts")
    ax.stairs(harm, bins, color=PALETTE["vermillion"], lw=2.2,
              label="harmful accounts (synthetic label, outline)")
    ax.axvline(result.threshold, color="black", ls="--", lw=1.2, label=f"threshold {result.threshold:.2f}")
    ax.set_yscale("log")
    ax.set_xlabel("risk score from metadata (0 to 1)")
    ax.set_ylabel("accounts (log scale)")
    prec = "undefined" if math.isnan(result.precision) else f"{result.precision:.0%}"
    rec = "undefined" if math.isnan(result.recall) else f"{result.recall:.0%}"
    ax.set_title(f"SYNTHETIC platform: precision {prec}, recall {rec}")
    ax.legend(fontsize=8, loc="upper right")
    _layout(fig)
    return fig


def plot_precision_recall(curve: pd.DataFrame, mark: float | None = None):
    """Precision and recall against the threshold (SYNTHETIC)."""
    import matplotlib.pyplot as plt

    from coursekit.style import CYCLE

    fig, ax = plt.subplots()
    ax.plot(curve["threshold"], curve["recall"], color=CYCLE[0], label="recall (share of harmful accounts flagged)")
    ax.plot(curve["threshold"], curve["precision"], color=CYCLE[3], ls="--",
            label="precision (share of flagged accounts that are harmful)")
    if mark is not None:
        ax.axvline(mark, color="grey", lw=1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("threshold on the risk score (0 to 1)")
    ax.set_ylabel("share (0 to 1)")
    ax.set_title("SYNTHETIC platform: precision and recall by threshold")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    _layout(fig)
    fig.subplots_adjust(bottom=0.32)
    return fig


def describe(result: PlatformResult) -> str:
    prec = "undefined (nothing flagged)" if math.isnan(result.precision) else f"{result.precision:.1%}"
    rec = "undefined" if math.isnan(result.recall) else f"{result.recall:.1%}"
    return (f"<b>SYNTHETIC data.</b> Threshold {result.threshold:.2f}: {result.flagged:,} accounts flagged, "
            f"{result.true_positives:,} harmful and {result.false_positives:,} false alarms; "
            f"{result.false_negatives:,} harmful accounts missed. Precision {prec}, recall {rec}.")


def platform_demo():
    """Widget: a threshold slider on the SYNTHETIC platform's risk score."""
    from coursekit.widgets import Demo, slider

    controls = {"threshold": slider("Threshold", 0.5, 0.01, 0.99, 0.01, unit="risk score")}
    return Demo(controls, compute=evaluate_threshold, render=plot_scores, describe=describe,
                title="SYNTHETIC platform: flag accounts above a risk-score threshold")
