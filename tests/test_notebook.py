"""The analysis notebook runs top to bottom against the shipped model and the held-out split."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not any((ROOT / "training_data" / "docs").rglob("*.txt")), reason="no training data")
def test_analysis_notebook_runs_headless():
    nb = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "held-out documents" in text and "at the threshold" in text and "mistakes" in text
    assert sum(1 for o in outputs if "image/png" in o.get("data", {})) >= 3
