"""Lesson 04: reference hashes (bit-for-bit against imagehash), batches, edits,
the demos' compute functions and the widgets in a real kernel."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from coursekit import hashing as H

imagehash = pytest.importorskip("imagehash")

REFERENCE = {
    "average": (H.average_hash, imagehash.average_hash),
    "difference": (H.difference_hash, imagehash.dhash),
    "dct": (H.dct_hash, imagehash.phash),
}
MODES = ("L", "RGB", "RGBA", "P", "1", "I;16", "I", "F", "LA")


@pytest.fixture(scope="module")
def images():
    ims, _ = H.benign_set(60, size=64, seed=3)
    ims = ims + list(H.sample_images().values())
    rng = np.random.default_rng(7)
    ims.append(Image.fromarray(rng.integers(0, 256, (37, 53, 3), dtype=np.uint8)))  # odd size
    ims.append(Image.new("RGB", (20, 20), (128, 128, 128)))  # flat
    return ims


def _in_mode(im: Image.Image, mode: str) -> Image.Image:
    if mode == "I;16":
        return im.convert("L").convert("I;16")
    return im.convert(mode)


@pytest.mark.parametrize("method", list(REFERENCE))
@pytest.mark.parametrize("hash_size", [2, 4, 8, 16])
@pytest.mark.parametrize("mode", MODES)
def test_agrees_with_imagehash_bit_for_bit(images, method, hash_size, mode):
    ours, theirs = REFERENCE[method]
    for im in images[::3]:
        x = _in_mode(im, mode)
        assert ours(x, hash_size) == str(theirs(x, hash_size)), (method, hash_size, mode)


@pytest.mark.parametrize("method", list(REFERENCE))
@pytest.mark.parametrize("hash_size", [4, 8, 16])
def test_batch_equals_single(images, method, hash_size):
    batch = H.hash_batch(images, method, hash_size)
    assert batch.shape == (len(images), hash_size, hash_size) and batch.dtype == bool
    _, theirs = REFERENCE[method]
    for im, b in zip(images, batch):
        assert H.bits_to_hex(b) == str(theirs(im, hash_size))


def test_small_hash_size_rejected_like_imagehash(images):
    for fn, _ in REFERENCE.values():
        with pytest.raises(ValueError):
            fn(images[0], 1)
    with pytest.raises(ValueError):
        H.hash_batch(images[:2], "dct", 1)
    with pytest.raises(ValueError):
        H.hash_batch(images[:2], "wavelet", 8)
    assert H.hash_batch([], "average", 8).shape == (0, 8, 8)


def test_hex_round_trip_and_hamming():
    rng = np.random.default_rng(0)
    for n in (2, 3, 8, 16):
        b = rng.random((n, n)) > 0.5
        assert (H.hex_to_bits(H.bits_to_hex(b), n) == b).all()
    a = np.zeros((8, 8), bool)
    c = a.copy()
    c[0, :5] = True
    assert H.hamming(a, c) == 5 == H.hamming(H.bits_to_hex(a), H.bits_to_hex(c))
    stack = rng.random((5, 8, 8)) > 0.5
    d = H.pairwise_hamming(stack)
    assert d.shape == (5, 5) and (np.diag(d) == 0).all()
    assert d[1, 3] == H.hamming(stack[1], stack[3])


def test_dct_matrix_matches_scipy():
    from scipy.fftpack import dct

    x = np.random.default_rng(1).random(32)
    assert np.allclose(H.dct_matrix(32) @ x, dct(x))


def test_sha256_identical_match_one_pixel_breaks():
    im = H.generated_image("scene", 1)
    assert H.sha256_hex(im) == H.sha256_hex(im.copy())
    arr = np.asarray(im).copy()
    arr[0, 0, 0] ^= 1
    assert H.sha256_hex(im) != H.sha256_hex(Image.fromarray(arr))


def test_generated_images_are_seeded():
    for kind in H.GENERATED_KINDS:
        a, b = H.generated_image(kind, 5), H.generated_image(kind, 5)
        assert a.size == (64, 64) and a.mode == "RGB"
        assert np.array_equal(np.asarray(a), np.asarray(b))
    with pytest.raises(ValueError):
        H.generated_image("photo", 1)


def test_benign_set_size_and_distinct():
    ims, labels = H.benign_set(200, 64)
    assert len(ims) == len(labels) == 200
    assert all(im.size == (64, 64) for im in ims)
    assert len({H.sha256_hex(im) for im in ims}) == 200
    assert any(lbl.startswith("sample:") for lbl in labels)


@pytest.mark.parametrize("kind", list(H.EDITS))
@pytest.mark.parametrize("strength", [0.0, 0.5, 1.0, -1.0, 2.0])
def test_edits_at_extremes(kind, strength):
    im = H.generated_image("shapes", 2)
    out = H.edit(im, kind, strength)
    assert isinstance(out, Image.Image) and out.mode == "RGB"
    assert min(out.size) >= 1
    if strength <= 0 and kind != "jpeg":
        assert np.array_equal(np.asarray(out), np.asarray(im))
    with pytest.raises(ValueError):
        H.edit(im, "blur-everything", 0.5)


@pytest.mark.parametrize("method", list(H.METHODS))
@pytest.mark.parametrize("strength", [0.0, 0.5, 1.0])
def test_robustness_compute(method, strength):
    im = H.sample_images()["grace_hopper"].resize((96, 112))
    r = H.robustness(im, "crop", strength, method)
    assert r["distance"] == int(r["changed"].sum())
    assert 0 <= r["fraction"] <= 1 and r["n_bits"] == 64
    if strength == 0:
        assert r["distance"] == 0 and r["sha256_match"]
    else:
        assert not r["sha256_match"]
    assert "Hamming distance" in H.describe_robustness(r)


def test_distance_curves_shape_and_zero_at_no_edit():
    ims = [H.generated_image("scene", i) for i in range(4)]
    df = H.distance_curves(ims, kinds=("crop", "flip"), strengths=(0, 1), methods=("average", "dct"))
    assert len(df) == 2 * 2 * 2
    assert (df[df.strength == 0].mean_distance == 0).all()
    assert (df[df.strength == 1].mean_distance > 0).all()


def test_match_distances_counts_and_rates():
    ims = [H.generated_image(k, i) for i in range(4) for k in H.GENERATED_KINDS]
    d = H.match_distances(ims, "difference")
    n = len(ims)
    assert len(d["same"]) == n * len(H.MATCH_EDITS)
    assert len(d["different"]) == n * (n - 1) // 2
    lo, hi = H.rates(d["same"], d["different"], -1), H.rates(d["same"], d["different"], 64)
    assert lo["recall"] == lo["false_match_rate"] == 0
    assert hi["recall"] == hi["false_match_rate"] == 1
    table = H.roc(d["same"], d["different"], 64)
    assert len(table) == 65
    assert table.recall.is_monotonic_increasing and table.false_match_rate.is_monotonic_increasing


def test_threshold_for_budget():
    same = np.array([0, 1, 2, 3, 10])
    diff = np.array([5, 8, 20, 30, 30, 31, 32, 33, 40, 50])
    r = H.threshold_for_budget(same, diff, 0.1)
    assert r == {"threshold": 7, "recall": 0.8, "false_match_rate": 0.1}
    assert H.threshold_for_budget(same, np.array([0, 1]), 0.0)["threshold"] == -1


@pytest.mark.parametrize("threshold", [0, 10, 64])
def test_threshold_view_extremes(threshold):
    ims = [H.generated_image(k, i) for i in range(3) for k in H.GENERATED_KINDS]
    d = H.match_distances(ims, "dct")
    v = H.threshold_view(d, threshold)
    assert 0 <= v["recall"] <= 1 and 0 <= v["false_match_rate"] <= 1
    assert "Threshold" in H.describe_threshold(v)
    import matplotlib

    matplotlib.use("Agg")
    H.render_threshold(v)


def test_robustness_widget_in_kernel(kernel):
    kernel.run(
        "import matplotlib; matplotlib.use('Agg')\n"
        "from coursekit import hashing as H\n"
        "img = H.sample_images()['grace_hopper'].resize((96, 112))\n"
        "demo = H.robustness_demo(img)\n"
        "before = (demo.result['distance'], demo.summary.value)"
    )
    kernel.run("demo.controls['kind'].value = 'rotate'\ndemo.controls['strength'].value = 1.0")
    out = kernel.run("print(demo.error, before[0], demo.result['distance'], demo.summary.value != before[1])")
    error, d0, d1, changed = out.split()
    assert error == "None" and changed == "True" and int(d1) > int(d0)
    kernel.run("demo.controls['strength'].value = 0.0")
    assert kernel.run("print(demo.result['distance'])").strip() == "0"


def test_threshold_widget_in_kernel(kernel):
    kernel.run(
        "import matplotlib; matplotlib.use('Agg')\n"
        "from coursekit import hashing as H\n"
        "ims = [H.generated_image(k, i) for i in range(4) for k in H.GENERATED_KINDS]\n"
        "dists = {m: H.match_distances(ims, m) for m in H.METHODS}\n"
        "tdemo = H.threshold_demo(dists, threshold=10)\n"
        "r0 = tdemo.result['recall']"
    )
    kernel.run("tdemo.controls['threshold'].value = 0")
    out = kernel.run("print(tdemo.error, r0 >= tdemo.result['recall'], tdemo.result['threshold'])")
    assert out.split() == ["None", "True", "0"]
    kernel.run("tdemo.controls['threshold'].value = 64\ntdemo.controls['method'].value = 'dct'")
    assert kernel.run("print(tdemo.result['recall'], tdemo.result['method'])").split() == ["1.0", "dct"]
