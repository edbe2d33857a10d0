"""Acceptance on the seed documents with the shipped model (skipped without ../shared)."""
import pytest
from typer.testing import CliRunner

from junkfilter.cli import app
from junkfilter.evaluate import read_gold, score_outputs

from .conftest import SHARED

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not (SEEDS / "raw").is_dir(), reason="../shared/seeds not present")


def test_shipped_model_cleans_all_seeds_exactly(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(SEEDS / "raw"), str(out), "-q"])
    assert result.exit_code == 0, result.output
    outputs = {p.stem: p.read_text() for p in out.iterdir()}
    figures = score_outputs(read_gold(SEEDS / "labels.jsonl"), outputs)
    bad = [d for d in figures["per_doc"] if d["kept_wrong"] or d["dropped_wrong"]]
    assert figures["exact_docs"] == figures["docs"] == 5, bad
