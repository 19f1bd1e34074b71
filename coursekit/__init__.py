"""coursekit: the helper package of the course
"Platforms, child protection and the encryption debate".

What the notebooks share lives here, tested: data loading with validation
(:mod:`coursekit.data`), the figure style (:mod:`coursekit.style`), the widget
builder (:mod:`coursekit.widgets`), self-checks (:mod:`coursekit.checks`) and the
reference versions of the code each lesson writes in front of the learner.
"""

__version__ = "0.1.0"
