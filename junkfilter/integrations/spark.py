"""junkfilter over a Spark DataFrame, with the model loaded once per executor process.

    from junkfilter.integrations.spark import clean_dataframe
    cleaned = clean_dataframe(spark.read.json("docs/"), text_column="text")

``clean_dataframe`` runs ``mapInPandas``: each Python worker cleans whole Arrow batches and
keeps its model between batches and tasks (Spark reuses Python workers by default). The
result has every input column, the text column cleaned, and ``junkfilter_kept``,
``junkfilter_dropped``, ``junkfilter_removed_share`` and ``junkfilter_flagged`` columns.
For an RDD of dicts, ``rdd.mapPartitions(partial(clean_records, text_field="text"))``.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..clean import clean_documents
from ..documents import Document
from .common import worker_model

COLUMNS = (("junkfilter_kept", "int"), ("junkfilter_dropped", "int"),
           ("junkfilter_removed_share", "double"), ("junkfilter_flagged", "boolean"))


def clean_texts(texts: list[str | None], model_path: str | None = None, threshold: float | None = None,
                max_loss: float = 0.9, trust_model: bool = False):
    """Clean a list of texts (None stays None); the results in order."""
    model = worker_model(model_path, trust_model)
    docs = [Document(str(i), t or "") for i, t in enumerate(texts)]
    return clean_documents(docs, model, threshold, max_loss=max_loss)


def clean_records(records: Iterable[dict[str, Any]], text_field: str = "text", model_path: str | None = None,
                  threshold: float | None = None, batch_size: int = 256,
                  trust_model: bool = False) -> Iterator[dict[str, Any]]:
    """An iterator of records with their text field cleaned (for ``rdd.mapPartitions``)."""
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        results = clean_texts([r.get(text_field) for r in batch], model_path, threshold, trust_model=trust_model)
        for record, result in zip(batch, results):
            yield {**record, text_field: result.text, "junkfilter_kept": result.kept,
                   "junkfilter_dropped": result.dropped}
        batch.clear()

    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def clean_dataframe(df, text_column: str = "text", model_path: str | None = None, threshold: float | None = None,
                    max_loss: float = 0.9, trust_model: bool = False):
    """The DataFrame with ``text_column`` cleaned and junkfilter's columns added (lazy, like
    every Spark transformation)."""
    from pyspark.sql.types import BooleanType, DoubleType, IntegerType, StructField, StructType

    types = {"int": IntegerType(), "double": DoubleType(), "boolean": BooleanType()}
    schema = StructType(list(df.schema.fields) + [StructField(name, types[t]) for name, t in COLUMNS])

    def clean_batches(frames):
        for frame in frames:
            results = clean_texts(frame[text_column].tolist(), model_path, threshold, max_loss, trust_model)
            frame = frame.copy()
            missing = frame[text_column].isna()
            frame[text_column] = [None if m else r.text for m, r in zip(missing, results)]
            frame["junkfilter_kept"] = [r.kept for r in results]
            frame["junkfilter_dropped"] = [r.dropped for r in results]
            frame["junkfilter_removed_share"] = [r.removed_share for r in results]
            frame["junkfilter_flagged"] = [r.flagged for r in results]
            yield frame

    return df.mapInPandas(clean_batches, schema)
