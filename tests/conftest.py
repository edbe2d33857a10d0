from __future__ import annotations

from pathlib import Path

import pytest

from junkfilter.model import load
from junkfilter.train import train

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def small_model_path(tmp_path_factory) -> Path:
    """A model trained on the test fixtures only: small, quick, and independent of the shipped one."""
    out = tmp_path_factory.mktemp("model") / "small.joblib"
    train(FIXTURES / "labelled", out, seed=0, folds=2, heldout_share=0.0, synthetic=2)
    return out


@pytest.fixture(scope="session")
def small_model(small_model_path):
    return load(small_model_path, trust=True)


@pytest.fixture(scope="session")
def shipped_model():
    return load()
