"""Self-checks for lesson 04 "Hashing: finding known images".

Every expected value is computed from the reference code in coursekit.hashing.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from coursekit import hashing as H
from coursekit.checks import Question

#: The settings the exercises state (the notebook prints them from here too).
EDIT_STRENGTH = 0.5
FALSE_MATCH_BUDGET = 0.001  # one false match per 1,000 pairs of different images
BUDGET_METHOD = "difference"


def judge_images():
    """Images the dHash judge tries: samples, generated pictures, odd sizes and modes."""
    ims = list(H.sample_images().values())[:3]
    ims += [H.generated_image(k, 40 + i) for i, k in enumerate(H.GENERATED_KINDS)]
    ims.append(H.generated_image("scene", 7, size=37).convert("L"))
    ims.append(H.generated_image("texture", 8, size=50).convert("RGBA"))
    return ims


def _as_hex(value, hash_size):
    if isinstance(value, str):
        return value.strip().lower()
    arr = np.asarray(value)
    if arr.dtype == bool and arr.size == hash_size * hash_size:
        return H.bits_to_hex(arr)
    return None


def _judge_dhash(fn):
    for im in judge_images():
        for size in (8, 4, 16):
            got = _as_hex(fn(im, size) if size != 8 else fn(im), size)
            want = H.difference_hash(im, size)
            if got is None:
                return ("return the hash as a hex string, e.g. hashing.bits_to_hex(bits) "
                        "(or the boolean array of bits).")
            if got == want:
                continue
            small = np.asarray(im.convert("L").resize((size + 1, size), H.LANCZOS))
            if got == H.bits_to_hex(small[:, :-1] > small[:, 1:]):
                return "close: compare each pixel with its LEFT neighbour (right > left), not the other way."
            tall = np.asarray(im.convert("L").resize((size, size + 1), H.LANCZOS))
            if got == H.bits_to_hex(tall[1:, :] > tall[:-1, :]):
                return "you compared rows (vertically). Resize to (hash_size + 1) wide x hash_size high."
            if got == H.average_hash(im, size):
                return "that is the average hash. Compare neighbouring pixels instead of the mean."
            return (f"for hash_size={size} your function gives {got[:8]}..., the reference gives "
                    f"{want[:8]}.... Check: convert('L') first, then resize((hash_size + 1, hash_size), "
                    "Image.Resampling.LANCZOS).")
    return None


@lru_cache(maxsize=1)
def _edit_image():
    return H.sample_images()["grace_hopper"].resize((128, 150), H.LANCZOS)


def edit_image():
    """The picture of exercise 2 (a copy)."""
    return _edit_image().copy()


def expected_distances():
    im = _edit_image()
    ref = H.difference_hash(im)
    return {k: H.hamming(ref, H.difference_hash(H.edit(im, k, EDIT_STRENGTH))) for k in H.EDITS}


def _distances_with(hash_fn):
    im = _edit_image()
    ref = hash_fn(im)
    return {k: H.hamming(ref, hash_fn(H.edit(im, k, EDIT_STRENGTH))) for k in H.EDITS}


@lru_cache(maxsize=1)
def budget_result():
    images, _ = H.benign_set(200, 64)
    d = H.match_distances(images, BUDGET_METHOD)
    return H.threshold_for_budget(d["same"], d["different"], FALSE_MATCH_BUDGET), d


QUESTIONS = [
    Question(
        id="04.dhash",
        kind="function",
        judge=_judge_dhash,
        hint="Follow the steps: greyscale, shrink to (hash_size + 1) x hash_size, compare neighbours.",
    ),
    Question(
        id="04.edit_distances",
        kind="mapping",
        expected=expected_distances,
        known_wrong=[
            (lambda a: a == _distances_with(H.average_hash), "these are average-hash distances; use difference_hash."),
            (lambda a: a == _distances_with(H.dct_hash), "these are DCT-hash distances; use difference_hash."),
            (lambda a: all(isinstance(v, str) for v in a.values()), "give the distance (an integer), not the hash."),
        ],
        hint=f"For each edit at strength {EDIT_STRENGTH}: hamming(difference_hash(original), difference_hash(edited)).",
    ),
    Question(
        id="04.threshold",
        kind="integer",
        expected=lambda: budget_result()[0]["threshold"],
        known_wrong=[
            (lambda a: a == budget_result()[0]["threshold"] + 1,
             "one too high: at that threshold the false-match rate goes over the budget."),
        ],
        hint="Find the LARGEST threshold whose false-match rate is still <= the budget (hashing.roc helps).",
    ),
    Question(
        id="04.recall",
        kind="number",
        rel_tol=1e-3,
        expected=lambda: budget_result()[0]["recall"],
        known_wrong=[
            (lambda a: abs(a - 100 * budget_result()[0]["recall"]) < 0.1, "give a share between 0 and 1, not a percentage."),
            (lambda a: abs(a - budget_result()[0]["false_match_rate"]) < 1e-9, "that is the false-match rate; recall is about the edited copies."),
        ],
        hint="Recall = share of the edited copies (d['same']) whose distance is <= your threshold.",
    ),
]
