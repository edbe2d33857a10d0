"""junkfilter inside datatrove, Spark and Dolma: each run for real on a local engine."""
import gzip
import json
import shutil
import sys

import pytest

from junkfilter.clean import clean_text

STORY = ("The harbour authority said on Monday that the new ferry terminal would open in May, "
         "two months later than planned, because of delays in delivering the steel frame.")
NEWS = f"Home\nWorld\nSport\nFerry terminal opening delayed\n{STORY}\nShare this article\nCopyright © 2025 Site\n"
JUNK = "Home\nSport\nLogin\nSubscribe\nCopyright © 2025 Site\n"


def test_datatrove_step_cleans_documents_and_records_spans(tmp_path, small_model_path, small_model):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from junkfilter.integrations.datatrove import JunkFilter

    (tmp_path / "in").mkdir()
    docs = [{"id": "news", "text": NEWS}, {"id": "junk", "text": JUNK}]
    (tmp_path / "in" / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    step = JunkFilter(model_path=str(small_model_path), trust_model=True, on_flagged="skip",
                      exclusion_writer=JsonlWriter(str(tmp_path / "excluded")))
    LocalPipelineExecutor(pipeline=[JsonlReader(str(tmp_path / "in")), step, JsonlWriter(str(tmp_path / "out"))],
                          tasks=1, logging_dir=str(tmp_path / "logs")).run()
    out = [json.loads(x) for f in (tmp_path / "out").glob("*.jsonl.gz") for x in gzip.open(f, "rt")]
    excluded = [json.loads(x) for f in (tmp_path / "excluded").glob("*.jsonl.gz") for x in gzip.open(f, "rt")]
    assert [d["id"] for d in out] == ["news"] and [d["id"] for d in excluded] == ["junk"]
    assert out[0]["text"] == clean_text(NEWS, small_model)
    meta = out[0]["metadata"]["junkfilter"]
    assert [NEWS[s:e] for s, e, _ in meta["spans"]] == NEWS.splitlines()
    assert meta["kept"] + meta["dropped"] == 7 and not meta["flagged"]
    assert excluded[0]["metadata"]["junkfilter"]["flagged"] is True


def test_spark_dataframe_is_cleaned_with_the_library_result(small_model_path, small_model, monkeypatch):
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    from pyspark.sql import SparkSession

    from junkfilter.integrations.spark import clean_dataframe

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # workers use this interpreter, with junkfilter
    spark = (SparkSession.builder.master("local[2]").appName("junkfilter-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        rows = [("a", NEWS, 1), ("b", JUNK, 2), ("c", None, 3), ("d", "", 4)]
        df = spark.createDataFrame(rows, "id string, text string, n int").repartition(2)
        out = {r["id"]: r for r in clean_dataframe(df, model_path=str(small_model_path), trust_model=True).collect()}
    finally:
        spark.stop()
    assert set(out) == {"a", "b", "c", "d"} and out["a"]["n"] == 1  # every row, other columns kept
    assert out["a"]["text"] == clean_text(NEWS, small_model)
    assert out["a"]["junkfilter_kept"] + out["a"]["junkfilter_dropped"] == 7
    assert out["b"]["junkfilter_flagged"] and out["b"]["text"] == ""
    assert out["c"]["text"] is None and out["d"]["text"] == "" and out["d"]["junkfilter_kept"] == 0


def test_spark_rdd_records_are_cleaned_in_batches(small_model_path, small_model):
    from junkfilter.integrations.spark import clean_records

    records = [{"id": i, "text": NEWS if i % 2 else JUNK} for i in range(5)]
    out = list(clean_records(iter(records), model_path=str(small_model_path), batch_size=2, trust_model=True))
    assert [r["id"] for r in out] == list(range(5))
    assert out[1]["text"] == clean_text(NEWS, small_model) and out[0]["junkfilter_kept"] == 0


def test_dolma_tagger_emits_junk_and_drop_spans(tmp_path):
    pytest.importorskip("dolma")
    from dolma.core.data_types import Document as DolmaDocument

    from junkfilter.integrations.dolma import JunkfilterTagger
    from dolma.core.registry import TaggerRegistry

    assert TaggerRegistry.get("junkfilter") is JunkfilterTagger
    result = JunkfilterTagger().predict(DolmaDocument(source="test", version="v0", id="a", text=NEWS))
    junk = [s for s in result.spans if s.type == "junk"]
    assert [NEWS[s.start:s.end] for s in junk] == NEWS.splitlines()
    drop = {(s.start, s.end) for s in result.spans if s.type == "drop"}
    kept = [NEWS[s.start:s.end] for s in junk if (s.start, s.end) not in drop]
    assert "\n".join(kept) + "\n" == clean_text(NEWS)
