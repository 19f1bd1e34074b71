"""One figure style for the whole course.

``use()`` sets matplotlib defaults (readable sizes, a colour-blind-safe cycle);
``PALETTE`` is the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
safe for the common forms of colour-vision deficiency; ``show(fig, caption)``
displays a figure with its alt text and a visible caption.
"""
from __future__ import annotations

import base64
import html
import io

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "black")]
#: Sequential colour map for heatmaps (perceptually uniform, colour-blind safe).
SEQUENTIAL = "cividis"


def use() -> None:
    """Apply the course style to matplotlib."""
    matplotlib.rcParams.update({
        "figure.figsize": (7.5, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.prop_cycle": cycler(color=CYCLE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.frameon": False,
        "font.size": 10,
        "image.cmap": SEQUENTIAL,
    })


def figure_html(fig, caption: str, dpi: float | None = None, tight: bool = True) -> str:
    """HTML for a figure: a PNG with ``alt`` text and a visible caption.

    Live widgets that redraw often may pass a lower ``dpi`` and ``tight=False``
    (one draw instead of two) to answer faster.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or "figure", bbox_inches="tight" if tight else None)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt = html.escape(caption, quote=True)
    return (f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{alt}" '
            f'style="max-width:100%"/><figcaption style="font-size:0.9em;color:#333">'
            f"<em>Figure: {html.escape(caption)}</em></figcaption></figure>")


def show(fig, caption: str) -> None:
    """Display ``fig`` with alt text and a caption, then close it.

    The PNG is also sent as ``image/png`` so static renderers that drop HTML
    (and the browser tests) still see a figure.
    """
    from IPython.display import HTML, display

    if not caption or not caption.strip():
        raise ValueError("every figure needs a caption saying what it shows")
    display(HTML(figure_html(fig, caption)))
    plt.close(fig)
