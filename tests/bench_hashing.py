"""Benchmark (not part of `make test`): coursekit.hashing.hash_batch against
imagehash on the same 200 benign 64x64 images. Run with

    .venv/bin/python -m pytest -o addopts="" -m benchmark tests/bench_hashing.py -s
"""
from __future__ import annotations

import time

import pytest

from coursekit import hashing as H

imagehash = pytest.importorskip("imagehash")


def _best_of(fn, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.benchmark
@pytest.mark.parametrize("size", [64, 256])
def test_hash_batch_speed_vs_imagehash(size):
    images, _ = H.benign_set(200, size=size)
    reference = {"average": imagehash.average_hash, "difference": imagehash.dhash,
                 "dct": imagehash.phash}
    for method, ref in reference.items():
        ours = _best_of(lambda: H.hash_batch(images, method, 8))
        theirs = _best_of(lambda: [ref(im, 8) for im in images])
        resize_only = _best_of(lambda: [im.convert("L").resize(H._resize_size(method, 8), H.LANCZOS)
                                        for im in images])
        print(f"\n{size}px {method:10s} hash_batch {1000 * ours:7.2f} ms  imagehash "
              f"{1000 * theirs:7.2f} ms  speed ratio {theirs / ours:4.2f}x  "
              f"(convert+resize alone {1000 * resize_only:7.2f} ms)")
        assert ours < 3 * theirs  # a regression guard, not a speed claim
