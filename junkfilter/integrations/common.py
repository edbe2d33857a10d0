"""What every integration shares: one model per worker process, loaded on first use."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..model import Model, load


@lru_cache(maxsize=4)
def worker_model(path: str | None = None, trust: bool = False) -> Model:
    """The model for this process, loaded once and reused by every batch it cleans."""
    return load(Path(path) if path else None, trust=trust)
