"""Build, save and load the model: a scikit-learn Pipeline plus its model card.

The Pipeline is ``ParagraphFeatures → ContextClassifier``: it takes segmented
Documents and gives, for every paragraph in order, the probability that it is content.
It is saved with joblib as ``<name>.joblib`` beside ``<name>.json``, the model card:
versions, training-data hash, threshold and the evaluation figures.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import sklearn
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from . import __version__
from .context import ContextClassifier
from .documents import Document
from .features import DENSE_NAMES, ParagraphFeatures

DEFAULT_THRESHOLD = 0.5
#: Paragraphs scored in one model call (bounds the memory of a call).
MAX_PARAGRAPHS_PER_CALL = 8_000
#: Names the dense feature columns this code computes; a model fitted on other columns is refused.
FEATURE_LAYOUT = hashlib.sha256("\n".join(DENSE_NAMES).encode()).hexdigest()[:16]
MODEL_NAME = "junkfilter.joblib"


class ModelError(Exception):
    """The model cannot be used: missing, unreadable, or made by incompatible versions."""


def build(seed: int = 0) -> Pipeline:
    """An unfitted model."""
    return Pipeline([("features", ParagraphFeatures()), ("classifier", ContextClassifier(random_state=seed))])


@dataclass
class Model:
    """A fitted Pipeline and its card. ``score`` is all the cleaner needs."""

    pipeline: Pipeline
    card: dict[str, Any] = field(default_factory=dict)
    #: OpenMP threads while scoring (the gradient-boosted stage); None leaves the library's
    #: default (every core). One by default: parallelism comes from processes (``--jobs``,
    #: Spark, datatrove), and threads of several processes on the same cores only contend
    #: (OpenMP's spinning threads made scoring twenty times slower under load here).
    threads: int | None = 1

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", DEFAULT_THRESHOLD))

    def preset_threshold(self, preset: str) -> float:
        """The threshold of a named operating point (``precision``, ``balanced``, ``recall``)."""
        presets = self.card.get("presets", {})
        if preset not in presets:
            known = ", ".join(presets) or "none (retrain it with `junkfilter train`)"
            raise ModelError(f"this model has no preset {preset!r}; its presets: {known}")
        return float(presets[preset]["threshold"])

    def score(self, docs: Iterable[Document]) -> list[np.ndarray]:
        """Probability of being content for each paragraph of each (segmented) document.

        Documents go to the model in calls of at most ``MAX_PARAGRAPHS_PER_CALL`` paragraphs,
        a longer document in windows of that many, so memory stays bounded whatever the input
        (two million one-word lines included).
        """
        docs = list(docs)
        pieces = [Document(d.id, d.text, d.paragraphs[s:s + MAX_PARAGRAPHS_PER_CALL])
                  for d in docs for s in range(0, len(d.paragraphs), MAX_PARAGRAPHS_PER_CALL)]
        probs, call, size = [], [], 0
        with threadpool_limits(limits=self.threads, user_api="openmp"):
            for piece in pieces + [None]:
                if call and (piece is None or size + len(piece.paragraphs) > MAX_PARAGRAPHS_PER_CALL):
                    probs.append(self.pipeline.predict_proba(call)[:, 1])
                    call, size = [], 0
                if piece is not None:
                    call.append(piece)
                    size += len(piece.paragraphs)
        flat = np.concatenate(probs) if probs else np.zeros(0)
        out, i = [], 0
        for d in docs:
            out.append(flat[i:i + len(d.paragraphs)])
            i += len(d.paragraphs)
        return out


def card_path(model_path: Path) -> Path:
    return Path(model_path).with_suffix(".json")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save(model: Model, path: Path) -> None:
    """Write the Pipeline with joblib and the card as JSON (the card records the file's hash)."""
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model.pipeline, path, compress=3)
    card = dict(model.card)
    card.update({"junkfilter_version": __version__, "sklearn_version": sklearn.__version__,
                 "feature_layout": FEATURE_LAYOUT,
                 "model_file": path.name, "model_sha256": file_sha256(path)})
    card_path(path).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    model.card = card


def default_model_path() -> Path:
    return Path(str(resources.files("junkfilter.models").joinpath(MODEL_NAME)))


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def read_card(path: Path) -> dict[str, Any]:
    """The card beside a model file, checked against this code: the same scikit-learn minor
    version and the same feature layout, or a ModelError saying what to do."""
    card_file = card_path(path)
    if not card_file.is_file():
        raise ModelError(f"no model card {card_file} beside {path}: a model is used only with the card "
                         "that `junkfilter train` writes next to it")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"model card {card_file} is not valid JSON: {exc}") from None
    made_with = card.get("sklearn_version")
    if made_with and _minor(made_with) != _minor(sklearn.__version__):
        raise ModelError(
            f"model {path} was made with scikit-learn {made_with}, but {sklearn.__version__} is installed; "
            f"install scikit-learn=={made_with} or retrain with `junkfilter train`")
    if card.get("feature_layout") != FEATURE_LAYOUT:
        raise ModelError(
            f"model {path} was made by junkfilter {card.get('junkfilter_version', '?')} with other features "
            f"than this junkfilter {__version__} computes; retrain it with `junkfilter train`")
    return card


def _check_hash(path: Path, card: dict[str, Any]) -> None:
    pinned = card.get("model_sha256")
    if not pinned:
        raise ModelError(f"model card {card_path(path)} pins no model_sha256; retrain with `junkfilter train`")
    if file_sha256(path) != pinned:
        raise ModelError(f"model {path} does not match the SHA-256 its card pins ({pinned[:12]}…): the file was "
                         "changed or replaced after training; refusing to load it")


def load(path: Path | None = None, trust: bool = False) -> Model:
    """Load a model and its card; raise ModelError with a clear message if it cannot be used.

    Unpickling a joblib file can run arbitrary code, so a file is loaded only after its
    SHA-256 matches the one pinned in its card, and a model other than the shipped one
    (whose card ships inside the package) only with ``trust=True`` (``--trust-model``).
    """
    import joblib

    shipped = default_model_path()
    path = Path(path) if path else shipped
    if not path.is_file():
        raise ModelError(f"no model at {path}: train one with `junkfilter train` or pass --model")
    card = read_card(path)
    _check_hash(path, card)
    if not trust and path.resolve() != shipped.resolve() and card["model_sha256"] != _shipped_sha256():
        raise ModelError(f"model {path} is not the shipped model, and loading a joblib file can run any code "
                         "it holds: pass --trust-model (trust=True) if you made it or trust where it came from")
    try:
        pipeline = joblib.load(path)
    except Exception as exc:  # unpickling can fail in many ways; all mean the same to a user
        raise ModelError(f"cannot load model {path}: {type(exc).__name__}: {exc}; "
                         "retrain it with `junkfilter train`") from None
    if not hasattr(pipeline, "predict_proba"):
        raise ModelError(f"{path} does not hold a junkfilter model")
    _probe(pipeline, path, card)
    return Model(pipeline, card)


#: A tiny page the model scores once on loading (see ``_probe``).
_PROBE = "Home\nNews\nHarbour bridge reopens after repairs\nThe bridge reopened on Monday after six weeks of work.\n"


def _probe(pipeline: Pipeline, path: Path, card: dict[str, Any]) -> None:
    """Score a tiny page once, so a model whose stages expect other inputs than this code
    builds (the feature names match, but the context columns were changed) fails here with
    a clear error rather than half-way through a run."""
    from .segment import segment_document

    try:
        probs = pipeline.predict_proba([segment_document(Document("probe", _PROBE))])
    except (ValueError, AttributeError, TypeError) as exc:
        raise ModelError(f"model {path} was made by junkfilter {card.get('junkfilter_version', '?')} with other "
                         f"model stages than this junkfilter {__version__} runs ({type(exc).__name__}: {exc}); "
                         "retrain it with `junkfilter train`") from None
    if probs.shape != (4, 2) or not np.isfinite(probs).all():
        raise ModelError(f"model {path} gives no usable scores; retrain it with `junkfilter train`")


def _shipped_sha256() -> str | None:
    try:
        return json.loads(card_path(default_model_path()).read_text(encoding="utf-8")).get("model_sha256")
    except (OSError, ValueError):
        return None
