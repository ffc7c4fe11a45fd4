"""Analyse: the fitted weights files, read and applied in plain Python.

The decisions that weigh evidence (which mention groups are one actor, `coref.py`; how sure a
speaker is, `confidence.py`) are logistic regressions fitted by scikit-learn in `bench/fit_*.py`
and committed as JSON beside their module: numbers only, no article text. At run time they are
applied here, without scikit-learn.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def load(path: Path) -> dict[str, Any] | None:
    """The weights file, or None when it is not installed."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def probability(model: dict[str, Any], features: dict[str, float]) -> float:
    """P(yes) of a logistic regression: intercept plus each coefficient times its feature, the
    feature first standardised when the model carries the scaler's `mean` and `scale`."""
    names = model["features"]
    coef = model.get("coef") or model["coefficients"]
    mean = model.get("mean") or [0.0] * len(names)
    scale = model.get("scale") or [1.0] * len(names)
    z = model["intercept"]
    for name, c, mu, sd in zip(names, coef, mean, scale, strict=True):
        z += c * (features.get(name, 0.0) - mu) / sd
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
