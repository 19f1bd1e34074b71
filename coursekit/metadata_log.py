"""A seeded, **synthetic** one-day metadata log of an end-to-end encrypted chat
service (lesson 06), and the reference answers to what a server learns from it.

Every row is one message as the relay server records it: who sent it, to whom,
when, and how many bytes. The server cannot read the text, yet the log alone
shows who talks to whom, how often, at what hours and how much.

Nothing here is real data: the people are invented, the pattern (a study
group, a family, a few acquaintances, evening peaks) is drawn from seeded
random numbers, and every table carries ``synthetic = True``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["USERS", "generate_log", "pair_counts", "top_pair", "messages_by_hour",
           "peak_hour", "sent_per_user", "bytes_per_user", "plot_hours", "plot_pairs"]

USERS = ("Ana", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hana")
DAY = "2026-03-02"
TAG_AND_HEADER_BYTES = 16 + 60  # AES-GCM tag + a small routing header (model assumption)

# (pair, relative weight): a study group (Ana, Budi, Citra), a family pair, acquaintances.
_PAIRS = [
    (("Ana", "Budi"), 10), (("Ana", "Citra"), 6), (("Budi", "Citra"), 5),
    (("Dewi", "Eko"), 8), (("Fajar", "Gita"), 4), (("Ana", "Hana"), 2),
    (("Eko", "Fajar"), 2), (("Gita", "Hana"), 2), (("Budi", "Dewi"), 1),
]
# Relative activity per hour of day (quiet at night, lunch and evening peaks).
_HOUR_WEIGHTS = np.array([1, 0.5, 0.2, 0.1, 0.1, 0.2, 0.6, 1.5, 2, 2, 2, 2.5,
                          3.5, 3, 2, 2, 2.5, 3, 3.5, 4.5, 6, 5.5, 3.5, 2], dtype=float)


def generate_log(n_messages: int = 400, seed: int = 6, day: str = DAY) -> pd.DataFrame:
    """One day of synthetic message metadata, sorted by time.

    Columns: ``timestamp`` (datetime), ``sender``, ``recipient``, ``size_bytes``
    (ciphertext bytes as stored: text length + tag + header; about 1 in 12
    messages carries a photo of 40 to 400 kB), ``synthetic`` (always True).
    """
    if n_messages < 1:
        raise ValueError("n_messages must be at least 1")
    rng = np.random.default_rng(seed)
    pairs = [p for p, _ in _PAIRS]
    w = np.array([wt for _, wt in _PAIRS], dtype=float)
    which = rng.choice(len(pairs), size=n_messages, p=w / w.sum())
    flip = rng.random(n_messages) < 0.5
    hours = rng.choice(24, size=n_messages, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    seconds = rng.integers(0, 3600, size=n_messages)
    text_len = np.clip(rng.lognormal(mean=3.6, sigma=0.7, size=n_messages), 2, 2000).astype(int)
    photo = rng.random(n_messages) < 1 / 12
    photo_len = rng.integers(40_000, 400_000, size=n_messages)
    size = np.where(photo, photo_len, text_len) + TAG_AND_HEADER_BYTES
    start = pd.Timestamp(day)
    log = pd.DataFrame({
        "timestamp": start + pd.to_timedelta(hours * 3600 + seconds, unit="s"),
        "sender": [pairs[i][1] if f else pairs[i][0] for i, f in zip(which, flip)],
        "recipient": [pairs[i][0] if f else pairs[i][1] for i, f in zip(which, flip)],
        "size_bytes": size.astype(int),
    })
    log = log.sort_values("timestamp", kind="stable").reset_index(drop=True)
    log["synthetic"] = True
    return log


def pair_counts(log: pd.DataFrame) -> pd.Series:
    """Messages per unordered pair ("Ana–Budi"), most first (ties by name)."""
    a = log[["sender", "recipient"]].min(axis=1)
    b = log[["sender", "recipient"]].max(axis=1)
    counts = (a + "–" + b).value_counts()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def top_pair(log: pd.DataFrame) -> list[str]:
    """The two people who exchange the most messages, alphabetically."""
    return sorted(pair_counts(log).index[0].split("–"))


def messages_by_hour(log: pd.DataFrame) -> pd.Series:
    """Messages per hour of day 0..23 (hours with none count 0)."""
    return log["timestamp"].dt.hour.value_counts().reindex(range(24), fill_value=0).rename("messages")


def peak_hour(log: pd.DataFrame) -> int:
    """The hour of day (0-23) with the most messages (earliest if tied)."""
    return int(messages_by_hour(log).idxmax())


def sent_per_user(log: pd.DataFrame) -> dict[str, int]:
    """Number of messages each person sent."""
    return {k: int(v) for k, v in log["sender"].value_counts().sort_index().items()}


def bytes_per_user(log: pd.DataFrame) -> dict[str, int]:
    """Total bytes each person sent."""
    return {k: int(v) for k, v in log.groupby("sender")["size_bytes"].sum().items()}


def plot_hours(log: pd.DataFrame):
    import matplotlib.pyplot as plt

    from .style import PALETTE

    by_hour = messages_by_hour(log)
    fig, ax = plt.subplots()
    ax.bar(by_hour.index, by_hour.to_numpy(), color=PALETTE["blue"])
    ax.set_xticks(range(0, 24, 2))
    ax.set_xlabel("hour of day (local time, 0-23)")
    ax.set_ylabel("messages (count)")
    ax.set_title("When people message: one day of synthetic metadata")
    return fig


def plot_pairs(log: pd.DataFrame):
    import matplotlib.pyplot as plt

    from .style import SEQUENTIAL

    users = sorted(set(log["sender"]) | set(log["recipient"]))
    m = pd.crosstab(log["sender"], log["recipient"]).reindex(index=users, columns=users, fill_value=0)
    fig, ax = plt.subplots(figsize=(6, 5))
    im = ax.imshow(m.to_numpy(), cmap=SEQUENTIAL)
    ax.set_xticks(range(len(users)), users, rotation=45, ha="right")
    ax.set_yticks(range(len(users)), users)
    ax.set_xlabel("recipient")
    ax.set_ylabel("sender")
    for (r, c), v in np.ndenumerate(m.to_numpy()):
        if v:
            ax.text(c, r, str(v), ha="center", va="center", fontsize=8,
                    color="black" if v > m.to_numpy().max() * 0.6 else "white")
    fig.colorbar(im, ax=ax, label="messages (count)")
    ax.set_title("Who messages whom (synthetic, one day)")
    fig.tight_layout()
    return fig
