"""Lesson 04 "Hashing: finding known images": the tested reference code.

The lesson writes each hash in front of the learner with numpy and Pillow; this
module holds the reference versions the lesson (and its self-checks) compare
against, plus the pure compute functions behind the demos.

* :func:`sha256_hex` -- a cryptographic hash of an image's pixels.
* :func:`average_hash`, :func:`difference_hash`, :func:`dct_hash` -- perceptual
  hashes. Each returns the same hex string as ``str(imagehash.average_hash(...))``,
  ``str(imagehash.dhash(...))`` and ``str(imagehash.phash(...))`` of imagehash 4.3
  for the same PIL image and ``hash_size`` (tests/test_hashing.py checks this bit
  for bit). The steps follow N. Krawetz's descriptions ("Looks Like It", 2011;
  "Kind of Like That", 2013) exactly as imagehash implements them: convert to
  greyscale ``"L"`` first, then resize with Lanczos resampling.
* :func:`hash_batch` -- many images at once; after the (per-image) resize the
  numpy work is vectorised over the whole batch.
* :func:`benign_set`, :func:`sample_images`, :func:`generated_image` -- benign
  pictures only: matplotlib's bundled sample images and seeded, procedurally
  drawn shapes, gradients, textures, checkerboards and scenes.
* :func:`edit` -- ordinary edits (resize, JPEG, brightness, crop, rotation,
  flip, a small overlay), the kind every platform applies on upload.
* :func:`robustness`, :func:`distance_curves`, :func:`match_distances`,
  :func:`rates`, :func:`roc`, :func:`threshold_for_budget` -- the demos' maths.
* :func:`robustness_demo`, :func:`threshold_demo` -- widget builders.
"""
from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import Callable, Iterable, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

__all__ = [
    "METHODS", "EDITS", "LANCZOS",
    "sha256_hex", "bits_to_hex", "hex_to_bits", "hamming", "pairwise_hamming",
    "average_bits", "difference_bits", "dct_bits", "bits",
    "average_hash", "difference_hash", "dct_hash", "hash_hex",
    "hash_batch", "dct_matrix",
    "sample_images", "generated_image", "benign_set", "edit",
    "robustness", "distance_curves", "edited_copies", "match_distances", "rates", "roc",
    "threshold_for_budget", "robustness_demo", "threshold_demo",
]

#: The resampling filter imagehash uses (``ANTIALIAS`` is LANCZOS since Pillow 10).
LANCZOS = Image.Resampling.LANCZOS

#: Hash methods: short name -> label used in figures.
METHODS = {"average": "average hash (aHash)",
           "difference": "difference hash (dHash)",
           "dct": "DCT hash (pHash)"}

#: Ordinary edits and what "strength" 0..1 means for each.
EDITS = {
    "resize": "shrink to (100 - 90 x strength) % of the size, then back up",
    "jpeg": "save as JPEG at quality 95 - 90 x strength",
    "brightness": "brighten by a factor 1 + strength",
    "crop": "cut away 40 x strength % of width and height (centred crop)",
    "rotate": "rotate by 30 x strength degrees (corners filled black)",
    "flip": "mirror left-right (any strength above 0)",
    "overlay": "paste a caption box covering up to 25 x strength % of the width",
}

HIGHFREQ_FACTOR = 4  # imagehash.phash default: DCT of a (4 x hash_size) square image


# ---------------------------------------------------------------------------
# cryptographic hash
# ---------------------------------------------------------------------------

def sha256_hex(data) -> str:
    """SHA-256 of ``bytes``, of a numpy array's bytes, or of a PIL image's pixels
    (mode, size and raw pixel bytes, so two identical pictures hash alike)."""
    if isinstance(data, Image.Image):
        header = f"{data.mode}:{data.size[0]}x{data.size[1]}:".encode()
        data = header + data.tobytes()
    elif isinstance(data, np.ndarray):
        data = np.ascontiguousarray(data).tobytes()
    return hashlib.sha256(bytes(data)).hexdigest()


# ---------------------------------------------------------------------------
# bits, hex and distances
# ---------------------------------------------------------------------------

def bits_to_hex(bits) -> str:
    """Hex string of a boolean array, read row by row (imagehash's encoding:
    the bits form one binary number, zero-padded to ceil(n / 4) hex digits)."""
    flat = np.asarray(bits, dtype=bool).ravel()
    if flat.size == 0:
        raise ValueError("cannot encode an empty hash")
    width = -(-flat.size // 4)
    return format(int("".join("1" if b else "0" for b in flat), 2), f"0{width}x")


def hex_to_bits(hexstr: str, hash_size: int | None = None) -> np.ndarray:
    """Inverse of :func:`bits_to_hex` for a square hash (``hash_size`` x ``hash_size``)."""
    n_bits = len(hexstr) * 4
    if hash_size is None:
        hash_size = int(round(np.sqrt(n_bits)))
    total = hash_size * hash_size
    text = format(int(hexstr, 16), f"0{total}b")[-total:]
    return np.array([c == "1" for c in text], dtype=bool).reshape(hash_size, hash_size)


def _as_bits(h) -> np.ndarray:
    if isinstance(h, str):
        return hex_to_bits(h)
    return np.asarray(h, dtype=bool)


def hamming(a, b) -> int:
    """Number of differing bits between two hashes (hex strings or bool arrays)."""
    a, b = _as_bits(a).ravel(), _as_bits(b).ravel()
    if a.shape != b.shape:
        raise ValueError(f"hashes differ in length: {a.size} and {b.size} bits")
    return int(np.count_nonzero(a != b))


def pairwise_hamming(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """All Hamming distances between two stacks of hashes, shape (len(a), len(b)).

    Vectorised as two matrix products: differing bits = a.(1-b) + (1-a).b.
    """
    a = np.asarray(a, dtype=bool).reshape(len(a), -1)
    b = a if b is None else np.asarray(b, dtype=bool).reshape(len(b), -1)
    af, bf = a.astype(np.float32), b.astype(np.float32)
    d = af @ (1 - bf).T + (1 - af) @ bf.T
    return np.rint(d).astype(np.int32)


# ---------------------------------------------------------------------------
# the three perceptual hashes (single image)
# ---------------------------------------------------------------------------

def _check_size(hash_size: int) -> int:
    if int(hash_size) != hash_size or hash_size < 2:
        raise ValueError("Hash size must be greater than or equal to 2")
    return int(hash_size)


def _small_grey(image: Image.Image, width: int, height: int) -> np.ndarray:
    """imagehash's first step: greyscale ("L"), then a Lanczos resize."""
    return np.asarray(image.convert("L").resize((width, height), LANCZOS))


def dct_matrix(n: int) -> np.ndarray:
    """The (unnormalised) DCT-II matrix scipy.fftpack.dct uses:
    ``C[k, i] = 2 cos(pi k (2 i + 1) / (2 n))``. ``C @ x`` transforms a column."""
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    return 2.0 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))


def _dct2(pixels: np.ndarray) -> np.ndarray:
    """2-D DCT exactly as imagehash.phash computes it (rows, then columns;
    works on a single image (h, w) or a batch (n, h, w))."""
    from scipy.fftpack import dct

    axis0 = pixels.ndim - 2
    return dct(dct(pixels, axis=axis0), axis=axis0 + 1)


def average_bits(image: Image.Image, hash_size: int = 8) -> np.ndarray:
    """aHash bits: greyscale, shrink to hash_size x hash_size, pixel > mean."""
    n = _check_size(hash_size)
    pixels = _small_grey(image, n, n)
    return pixels > np.mean(pixels)


def difference_bits(image: Image.Image, hash_size: int = 8) -> np.ndarray:
    """dHash bits: shrink to (hash_size + 1) wide x hash_size high; each bit says
    whether a pixel is brighter than its left neighbour."""
    n = _check_size(hash_size)
    pixels = _small_grey(image, n + 1, n)
    return pixels[:, 1:] > pixels[:, :-1]


def dct_bits(image: Image.Image, hash_size: int = 8) -> np.ndarray:
    """DCT hash (imagehash's pHash) bits: shrink to 4·hash_size square, 2-D DCT,
    keep the top-left hash_size x hash_size (lowest) frequencies, > their median."""
    n = _check_size(hash_size)
    size = n * HIGHFREQ_FACTOR
    low = _dct2(_small_grey(image, size, size))[:n, :n]
    return low > np.median(low)


_BITS: dict[str, Callable[..., np.ndarray]] = {
    "average": average_bits, "difference": difference_bits, "dct": dct_bits}


def bits(image: Image.Image, method: str = "difference", hash_size: int = 8) -> np.ndarray:
    """Bits of ``method`` ("average", "difference" or "dct") for one image."""
    try:
        fn = _BITS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; use one of {sorted(_BITS)}") from None
    return fn(image, hash_size)


def average_hash(image: Image.Image, hash_size: int = 8) -> str:
    """Hex aHash, equal to ``str(imagehash.average_hash(image, hash_size))``."""
    return bits_to_hex(average_bits(image, hash_size))


def difference_hash(image: Image.Image, hash_size: int = 8) -> str:
    """Hex dHash, equal to ``str(imagehash.dhash(image, hash_size))``."""
    return bits_to_hex(difference_bits(image, hash_size))


def dct_hash(image: Image.Image, hash_size: int = 8) -> str:
    """Hex DCT hash, equal to ``str(imagehash.phash(image, hash_size))``."""
    return bits_to_hex(dct_bits(image, hash_size))


def hash_hex(image: Image.Image, method: str = "difference", hash_size: int = 8) -> str:
    return bits_to_hex(bits(image, method, hash_size))


# ---------------------------------------------------------------------------
# batches
# ---------------------------------------------------------------------------

def _resize_size(method: str, n: int) -> tuple[int, int]:
    if method == "average":
        return n, n
    if method == "difference":
        return n + 1, n
    if method == "dct":
        return n * HIGHFREQ_FACTOR, n * HIGHFREQ_FACTOR
    raise ValueError(f"unknown method {method!r}; use one of {sorted(_BITS)}")


def hash_batch(images: Iterable[Image.Image], method: str = "difference",
               hash_size: int = 8) -> np.ndarray:
    """Hashes of many images as a bool array of shape (n, hash_size, hash_size).

    Bit for bit the same as :func:`bits` on each image: each image is converted
    and resized by Pillow (that part is per image), then the comparisons, means,
    medians and the DCT run once over the whole stack.
    """
    n = _check_size(hash_size)
    w, h = _resize_size(method, n)
    images = list(images)
    if not images:
        return np.zeros((0, n, n), dtype=bool)
    stack = np.empty((len(images), h, w), dtype=np.uint8)
    for i, im in enumerate(images):
        stack[i] = np.asarray(im.convert("L").resize((w, h), LANCZOS))
    if method == "average":
        # sums of uint8 values are exact in float64, so this equals np.mean per image
        means = stack.mean(axis=(1, 2), dtype=np.float64)
        return stack > means[:, None, None]
    if method == "difference":
        return stack[:, :, 1:] > stack[:, :, :-1]
    low = _dct2(stack)[:, :n, :n]
    med = np.median(low.reshape(len(images), -1), axis=1)
    return low > med[:, None, None]


# ---------------------------------------------------------------------------
# benign images
# ---------------------------------------------------------------------------

def _to_uint8(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    lo, hi = np.nanpercentile(a, 1), np.nanpercentile(a, 99)
    a = np.clip((np.nan_to_num(a, nan=lo) - lo) / max(hi - lo, 1e-9), 0, 1)
    return (a * 255).round().astype(np.uint8)


@lru_cache(maxsize=1)
def _sample_images_cached() -> tuple[tuple[str, Image.Image], ...]:
    from matplotlib import cbook

    out = []
    for name in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png"):
        try:
            with cbook.get_sample_data(name) as fh:
                im = Image.open(fh)
                im.load()
        except (OSError, ValueError):  # pragma: no cover - depends on matplotlib build
            continue
        if im.mode in ("RGBA", "LA", "P"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            im = background
        out.append((name.rsplit(".", 1)[0], im.convert("RGB")))
    for name, key in (("jacksboro_fault_dem.npz", "elevation"), ("topobathy.npz", "topo")):
        try:
            with cbook.get_sample_data(name) as data:
                grey = _to_uint8(data[key])
        except (OSError, ValueError, KeyError):  # pragma: no cover
            continue
        out.append((name.split(".")[0], Image.fromarray(grey, "L").convert("RGB")))
    return tuple(out)


def sample_images() -> dict[str, Image.Image]:
    """matplotlib's bundled sample pictures (offline), as RGB PIL images:
    a portrait of computer scientist Grace Hopper, a product photo, the
    matplotlib logo and two elevation maps rendered in grey. Copies are returned."""
    return {name: im.copy() for name, im in _sample_images_cached()}


GENERATED_KINDS = ("shapes", "gradient", "texture", "checkerboard", "scene")


def _colour(rng: np.random.Generator) -> tuple[int, int, int]:
    return tuple(int(v) for v in rng.integers(0, 256, 3))


def generated_image(kind: str, seed: int, size: int = 64) -> Image.Image:
    """A benign RGB picture drawn by seeded code: ``"shapes"``, ``"gradient"``,
    ``"texture"`` (smooth noise), ``"checkerboard"`` or ``"scene"``
    (sky, sun, hills, a house). The same (kind, seed, size) gives the same image."""
    rng = np.random.default_rng([GENERATED_KINDS.index(kind), int(seed)])
    s = int(size)
    if kind == "shapes":
        im = Image.new("RGB", (s, s), _colour(rng))
        draw = ImageDraw.Draw(im)
        for _ in range(int(rng.integers(2, 6))):
            x0, y0 = rng.integers(-s // 4, s, 2)
            w, h = rng.integers(s // 6, s // 1.5, 2)
            box = [int(x0), int(y0), int(x0 + w), int(y0 + h)]
            shape = rng.integers(0, 3)
            if shape == 0:
                draw.ellipse(box, fill=_colour(rng))
            elif shape == 1:
                draw.rectangle(box, fill=_colour(rng))
            else:
                pts = [tuple(int(v) for v in rng.integers(0, s, 2)) for _ in range(3)]
                draw.polygon(pts, fill=_colour(rng))
        return im
    yy, xx = np.mgrid[0:s, 0:s] / max(s - 1, 1)
    if kind == "gradient":
        angle = rng.uniform(0, 2 * np.pi)
        t = np.cos(angle) * (xx - 0.5) + np.sin(angle) * (yy - 0.5)
        if rng.random() < 0.4:  # radial instead
            cx, cy = rng.uniform(0.2, 0.8, 2)
            t = np.hypot(xx - cx, yy - cy)
        t = (t - t.min()) / max(np.ptp(t), 1e-9)
        c0, c1 = np.array(_colour(rng), float), np.array(_colour(rng), float)
        rgb = c0 + (c1 - c0) * t[..., None]
        for _ in range(int(rng.integers(1, 4))):  # soft glows, so no two gradients look alike
            bx, by, bw = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.08, 0.25)
            glow = np.exp(-((xx - bx) ** 2 + (yy - by) ** 2) / (2 * bw ** 2))
            rgb = rgb + (np.array(_colour(rng), float) - rgb) * 0.8 * glow[..., None]
        return Image.fromarray(np.clip(rgb, 0, 255).round().astype(np.uint8), "RGB")
    if kind == "texture":
        cells = int(rng.integers(3, 9))
        coarse = rng.random((cells, cells, 3))
        small = Image.fromarray((coarse * 255).astype(np.uint8), "RGB")
        im = small.resize((s, s), Image.Resampling.BICUBIC)
        fine = rng.normal(0, 12, (s, s, 3))
        arr = np.clip(np.asarray(im, float) + fine, 0, 255)
        return Image.fromarray(arr.round().astype(np.uint8), "RGB")
    if kind == "checkerboard":
        cell = int(rng.integers(max(2, s // 16), max(3, s // 3)))
        ox, oy = rng.integers(0, cell, 2)
        board = (((xx * (s - 1) + ox) // cell + (yy * (s - 1) + oy) // cell) % 2).astype(bool)
        c0, c1 = np.array(_colour(rng)), np.array(_colour(rng))
        rgb = np.where(board[..., None], c1, c0).astype(np.uint8)
        return Image.fromarray(rgb, "RGB")
    if kind == "scene":
        top, bottom = np.array(_colour(rng), float), np.array([230, 240, 255], float)
        sky = top + (bottom - top) * yy[..., None]
        im = Image.fromarray(sky.round().astype(np.uint8), "RGB")
        draw = ImageDraw.Draw(im)
        r = s * rng.uniform(0.06, 0.14)
        cx, cy = s * rng.uniform(0.1, 0.9), s * rng.uniform(0.1, 0.4)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 210, 60))
        for layer in range(2):
            base = s * rng.uniform(0.55, 0.8) + layer * s * 0.08
            amp, freq, phase = s * rng.uniform(0.03, 0.12), rng.uniform(1, 3), rng.uniform(0, 6.3)
            xs = np.arange(0, s + 1, max(1, s // 16))
            ys = base + amp * np.sin(freq * 2 * np.pi * xs / s + phase)
            g = int(rng.integers(90, 170))
            draw.polygon([(0, s)] + [(float(x), float(y)) for x, y in zip(xs, ys)] + [(s, s)],
                         fill=(30 + 20 * layer, g - 30 * layer, 40))
        hx, hw = s * rng.uniform(0.15, 0.65), s * rng.uniform(0.15, 0.25)
        hy = s * 0.72
        draw.rectangle([hx, hy - hw * 0.8, hx + hw, hy], fill=_colour(rng))
        draw.polygon([(hx - 2, hy - hw * 0.8), (hx + hw / 2, hy - hw * 1.4),
                      (hx + hw + 2, hy - hw * 0.8)], fill=(150, 40, 40))
        return im
    raise ValueError(f"unknown kind {kind!r}; use one of {GENERATED_KINDS}")


def benign_set(n: int = 200, size: int = 64, seed: int = 0) -> tuple[list[Image.Image], list[str]]:
    """``n`` distinct benign RGB images of ``size`` x ``size`` pixels and their labels.

    The matplotlib sample pictures come first (squashed to a square), then
    generated pictures cycling through :data:`GENERATED_KINDS` with seeds
    derived from ``seed``.
    """
    images, labels = [], []
    for name, im in sample_images().items():
        if len(images) >= n:
            break
        images.append(im.resize((size, size), LANCZOS))
        labels.append(f"sample:{name}")
    i = 0
    while len(images) < n:
        kind = GENERATED_KINDS[i % len(GENERATED_KINDS)]
        images.append(generated_image(kind, seed * 100_000 + i, size))
        labels.append(f"generated:{kind}")
        i += 1
    return images, labels


# ---------------------------------------------------------------------------
# ordinary edits
# ---------------------------------------------------------------------------

def edit(image: Image.Image, kind: str, strength: float = 0.5) -> Image.Image:
    """Apply one ordinary edit (see :data:`EDITS`) at ``strength`` in [0, 1].

    Strength 0 returns an unchanged copy (for "jpeg": a near-lossless quality-95
    save). Values outside [0, 1] are clipped.
    """
    s = float(np.clip(strength, 0.0, 1.0))
    im = image.convert("RGB")
    w, h = im.size
    if kind == "resize":
        f = 1.0 - 0.9 * s
        small = im.resize((max(1, round(w * f)), max(1, round(h * f))), Image.Resampling.BILINEAR)
        return small.resize((w, h), Image.Resampling.BILINEAR)
    if kind == "jpeg":
        buf = io.BytesIO()
        im.save(buf, format="JPEG", quality=int(round(95 - 90 * s)))
        buf.seek(0)
        out = Image.open(buf)
        out.load()
        return out.convert("RGB")
    if kind == "brightness":
        return ImageEnhance.Brightness(im).enhance(1.0 + s)
    if kind == "crop":
        dx, dy = round(w * 0.2 * s), round(h * 0.2 * s)
        return im.crop((dx, dy, max(dx + 1, w - dx), max(dy + 1, h - dy)))
    if kind == "rotate":
        return im.rotate(30.0 * s, resample=Image.Resampling.BILINEAR, fillcolor=(0, 0, 0))
    if kind == "flip":
        return im.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if s > 0 else im.copy()
    if kind == "overlay":
        out = im.copy()
        if s > 0:
            bw, bh = max(1, round(w * 0.25 * s)), max(1, round(h * 0.12 * s))
            draw = ImageDraw.Draw(out)
            x0, y0 = w - bw - round(0.03 * w), h - bh - round(0.03 * h)
            draw.rectangle([x0, y0, x0 + bw, y0 + bh], fill=(255, 255, 255), outline=(0, 0, 0))
            for k in range(3):  # three "words" of a caption
                draw.line([x0 + 2 + k * bw / 3, y0 + bh / 2, x0 + (k + 0.8) * bw / 3, y0 + bh / 2],
                          fill=(0, 0, 0), width=1)
        return out
    raise ValueError(f"unknown edit {kind!r}; use one of {list(EDITS)}")


# ---------------------------------------------------------------------------
# demo 1: robustness of each hash to one edit
# ---------------------------------------------------------------------------

def robustness(image: Image.Image, kind: str = "jpeg", strength: float = 0.5,
               method: str = "difference", hash_size: int = 8) -> dict:
    """Edit ``image`` and compare hashes: the pure compute behind the robustness demo.

    Returns the edited image, both bit grids, the changed bits, the distance,
    the fraction of bits changed and whether SHA-256 still matches.
    """
    edited = edit(image, kind, strength)
    a, b = bits(image, method, hash_size), bits(edited, method, hash_size)
    d = hamming(a, b)
    return {"original": image, "edited": edited, "kind": kind, "strength": float(strength),
            "method": method, "hash_size": int(hash_size), "bits_original": a,
            "bits_edited": b, "changed": a != b, "distance": d, "n_bits": a.size,
            "fraction": d / a.size,
            "sha256_match": sha256_hex(image.convert("RGB")) == sha256_hex(edited)}


def describe_robustness(r: dict) -> str:
    sha = "still matches" if r["sha256_match"] else "no longer matches"
    return (f"<b>{METHODS[r['method']]}</b>, edit <b>{r['kind']}</b> at strength "
            f"{r['strength']:.2f}: Hamming distance <b>{r['distance']}</b> of {r['n_bits']} bits "
            f"({100 * r['fraction']:.0f} % changed). SHA-256 of the pixels {sha}.")


def render_robustness(r: dict):
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from coursekit.style import PALETTE

    fig, axes = plt.subplots(1, 4, figsize=(10, 2.9))
    axes[0].imshow(r["original"])
    axes[0].set_title("original")
    axes[1].imshow(r["edited"])
    axes[1].set_title(f"{r['kind']}, strength {r['strength']:.2f}")
    grid = ListedColormap(["#FFFFFF", "#333333"])
    for ax, key, title in ((axes[2], "bits_original", "hash of original"),
                           (axes[3], "bits_edited", "hash of edited copy")):
        ax.imshow(r[key], cmap=grid, vmin=0, vmax=1)
        ax.set_title(title)
    ys, xs = np.nonzero(r["changed"])
    axes[3].scatter(xs, ys, s=30, facecolors="none", edgecolors=PALETTE["vermillion"],
                    linewidths=1.5, label="changed bit")
    if len(xs):
        axes[3].legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=8)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[2:]:
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#999999")
    fig.suptitle(f"{METHODS[r['method']]}: {r['distance']} of {r['n_bits']} bits differ",
                 fontweight="bold")
    fig.tight_layout(rect=(0, 0.08, 1, 1))          # room below for the legend
    return fig


def robustness_demo(image: Image.Image, hash_size: int = 8):
    """Widget: choose an edit, its strength and a hash; see both images, both
    bit grids (changed bits circled) and the Hamming distance."""
    import ipywidgets as widgets

    from coursekit.widgets import Demo, slider

    controls = {
        "kind": widgets.Dropdown(options=list(EDITS), value="jpeg", description="Edit"),
        "strength": slider("Edit strength", 0.5, 0.0, 1.0, 0.05, unit="0 = none, 1 = strongest"),
        "method": widgets.Dropdown(options=[(v, k) for k, v in METHODS.items()],
                                   value="difference", description="Hash"),
    }

    def compute(kind, strength, method):
        return robustness(image, kind, strength, method, hash_size)

    return Demo(controls, compute, render_robustness, describe_robustness,
                title="How far does an ordinary edit move each hash?")


def distance_curves(images: Sequence[Image.Image], kinds: Sequence[str] = tuple(EDITS),
                    strengths: Sequence[float] = (0, 0.25, 0.5, 0.75, 1.0),
                    methods: Sequence[str] = tuple(METHODS), hash_size: int = 8):
    """Mean Hamming distance between each image and its edited copy, for every
    (edit, strength, method): a tidy pandas DataFrame."""
    import pandas as pd

    rows = []
    originals = {m: hash_batch(images, m, hash_size) for m in methods}
    for kind in kinds:
        for s in strengths:
            edited = [edit(im, kind, s) for im in images]
            for m in methods:
                d = np.count_nonzero(originals[m] != hash_batch(edited, m, hash_size), axis=(1, 2))
                rows.append({"edit": kind, "strength": float(s), "method": m,
                             "mean_distance": float(d.mean()), "n_images": len(images)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# demo 2: the threshold trade-off
# ---------------------------------------------------------------------------

#: The edits and strength used to make the "edited copy" pairs of the threshold study.
MATCH_EDITS = ("resize", "jpeg", "brightness", "crop", "rotate", "overlay")
MATCH_STRENGTH = 0.3


def edited_copies(images: Sequence[Image.Image], kinds: Sequence[str] = MATCH_EDITS,
                  strength: float = MATCH_STRENGTH) -> dict[str, list[Image.Image]]:
    """Each image edited by each of ``kinds`` at ``strength``: {kind: [copies]}."""
    return {k: [edit(im, k, strength) for im in images] for k in kinds}


def match_distances(images: Sequence[Image.Image], method: str = "difference",
                    hash_size: int = 8, kinds: Sequence[str] = MATCH_EDITS,
                    strength: float = MATCH_STRENGTH, hashes: np.ndarray | None = None,
                    copies: dict | None = None) -> dict:
    """Distances for the threshold study.

    ``same``: each image against each of its edited copies (``kinds`` at
    ``strength``), ``len(images) * len(kinds)`` values. ``different``: every pair
    of distinct images, ``n (n - 1) / 2`` values. Pass precomputed ``hashes`` of
    the originals and ``copies`` (from :func:`edited_copies`) to save time.
    """
    h = hash_batch(images, method, hash_size) if hashes is None else hashes
    if copies is None:
        copies = edited_copies(images, kinds, strength)
    same = [np.count_nonzero(h != hash_batch(copies[k], method, hash_size), axis=(1, 2))
            for k in kinds]
    d = pairwise_hamming(h)
    iu = np.triu_indices(len(images), k=1)
    return {"same": np.concatenate(same).astype(int), "different": d[iu].astype(int),
            "n_bits": int(h[0].size) if len(h) else hash_size * hash_size, "method": method}


def rates(same: np.ndarray, different: np.ndarray, threshold: float) -> dict:
    """Call two images a match when their distance is <= threshold.

    recall = share of edited copies matched (true match rate);
    false_match_rate = share of pairs of different images matched.
    """
    same, different = np.asarray(same), np.asarray(different)
    tp = int(np.count_nonzero(same <= threshold))
    fp = int(np.count_nonzero(different <= threshold))
    return {"threshold": threshold, "recall": tp / max(len(same), 1),
            "false_match_rate": fp / max(len(different), 1),
            "matched_copies": tp, "n_copies": int(len(same)),
            "false_matches": fp, "n_different_pairs": int(len(different))}


def roc(same: np.ndarray, different: np.ndarray, n_bits: int | None = None):
    """Recall and false-match rate at every integer threshold 0..n_bits (a DataFrame)."""
    import pandas as pd

    same, different = np.asarray(same), np.asarray(different)
    if n_bits is None:
        n_bits = int(max(same.max(initial=0), different.max(initial=0)))
    t = np.arange(0, n_bits + 1)
    recall = (np.searchsorted(np.sort(same), t, side="right") / max(len(same), 1))
    fmr = (np.searchsorted(np.sort(different), t, side="right") / max(len(different), 1))
    return pd.DataFrame({"threshold": t, "recall": recall, "false_match_rate": fmr})


def threshold_for_budget(same: np.ndarray, different: np.ndarray, budget: float) -> dict:
    """The largest integer threshold whose false-match rate is <= ``budget``, and
    the recall it gives (threshold -1 means "no threshold fits the budget")."""
    table = roc(same, different)
    ok = table[table["false_match_rate"] <= budget]
    if ok.empty:
        return {"threshold": -1, "recall": 0.0, "false_match_rate": 0.0}
    row = ok.iloc[-1]
    return {"threshold": int(row["threshold"]), "recall": float(row["recall"]),
            "false_match_rate": float(row["false_match_rate"])}


def describe_threshold(r: dict) -> str:
    return (f"Threshold <b>{r['threshold']}</b> bits: "
            f"<b>{100 * r['recall']:.1f} %</b> of edited copies matched "
            f"({r['matched_copies']} of {r['n_copies']}); "
            f"<b>{100 * r['false_match_rate']:.2f} %</b> of pairs of different images matched "
            f"({r['false_matches']} of {r['n_different_pairs']}).")


def render_threshold(r: dict):
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    same, diff, n_bits = r["same"], r["different"], r["n_bits"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    edges = np.arange(-0.5, n_bits + 1.5, 1)
    for values, colour, label in ((diff, PALETTE["orange"], "different images"),
                                  (same, PALETTE["blue"], "edited copies of the same image")):
        counts, _ = np.histogram(values, bins=edges, density=True)
        ax1.stairs(counts, edges, fill=True, color=colour, alpha=0.7, label=label)
    ax1.axvline(r["threshold"] + 0.5, color=PALETTE["black"], linestyle="--",
                label=f"threshold {r['threshold']}")
    ax1.set_xlabel("Hamming distance (bits)")
    ax1.set_ylabel("share of pairs per bit")
    ax1.set_title("Distances of matches and non-matches")
    ax1.legend(fontsize=8)
    table = r["roc"]
    ax2.plot(table["false_match_rate"], table["recall"], color=PALETTE["blue"], marker=".",
             label=METHODS[r["method"]])
    ax2.plot([r["false_match_rate"]], [r["recall"]], "o", color=PALETTE["vermillion"],
             markersize=9, label=f"threshold {r['threshold']}")
    ax2.set_xscale("symlog", linthresh=1e-3)
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, 1.02)
    ax2.set_xlabel("false-match rate (share of different pairs), symlog scale")
    ax2.set_ylabel("recall (share of copies matched)")
    ax2.set_title("ROC curve")
    ax2.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def threshold_view(distances: dict, threshold: int) -> dict:
    """Pure compute of the threshold demo: rates at ``threshold`` plus the ROC table."""
    r = rates(distances["same"], distances["different"], int(threshold))
    r.update(same=distances["same"], different=distances["different"],
             n_bits=distances["n_bits"], method=distances["method"],
             roc=roc(distances["same"], distances["different"], distances["n_bits"]))
    return r


def threshold_demo(distances_by_method: dict, threshold: int = 10):
    """Widget: a threshold slider (and hash choice) over precomputed distances."""
    import ipywidgets as widgets

    from coursekit.widgets import Demo, slider

    n_bits = max(d["n_bits"] for d in distances_by_method.values())
    methods = [(METHODS.get(k, k), k) for k in distances_by_method]
    controls = {
        "method": widgets.Dropdown(options=methods, value=methods[0][1], description="Hash"),
        "threshold": slider("Match threshold", threshold, 0, n_bits, 1, unit="bits", integer=True),
    }

    def compute(method, threshold):
        return threshold_view(distances_by_method[method], threshold)

    return Demo(controls, compute, render_threshold, describe_threshold,
                title="Where should the line between 'match' and 'no match' go?")
