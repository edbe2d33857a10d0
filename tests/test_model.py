import json
import shutil

import pytest
import sklearn

from junkfilter import __version__
from junkfilter.ensemble import members
from junkfilter.model import ModelError, load
from junkfilter.train import data_hash

from .conftest import FIXTURES


def test_model_card_records_versions_data_threshold_and_figures(small_model_path):
    card = json.loads(small_model_path.with_suffix(".json").read_text())
    assert card["junkfilter_version"] == __version__
    assert card["sklearn_version"] == sklearn.__version__
    assert card["training_data"]["sha256"] == data_hash(FIXTURES / "labelled")
    assert 0 < card["threshold"] < 1
    cv = card["cross_validation"]
    assert cv["grouped_by"] == "document"
    for key in ("keep_precision", "keep_recall", "keep_f1", "junk_removed"):
        assert 0 <= cv[key] <= 1
    assert len(card["model_sha256"]) == 64
    assert card["trained"]


def test_a_model_from_another_scikit_learn_is_refused_clearly(small_model_path, tmp_path):
    copy = tmp_path / "old.joblib"
    shutil.copy(small_model_path, copy)
    card = json.loads(small_model_path.with_suffix(".json").read_text())
    card["sklearn_version"] = "0.24.2"
    copy.with_suffix(".json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="scikit-learn 0.24.2.*retrain"):
        load(copy, trust=True)


def test_a_model_for_other_features_is_refused_clearly(small_model_path, tmp_path):
    copy = tmp_path / "other.joblib"
    shutil.copy(small_model_path, copy)
    card = json.loads(small_model_path.with_suffix(".json").read_text())
    assert card["feature_layout"]
    card["feature_layout"] = "0123456789abcdef"
    copy.with_suffix(".json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="other features.*retrain"):
        load(copy, trust=True)


def test_a_broken_or_missing_model_file_gives_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no model at"):
        load(tmp_path / "missing.joblib")
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(b"this is not a pickle")
    with pytest.raises(ModelError, match="no model card"):
        load(bad)
    from junkfilter.model import FEATURE_LAYOUT, file_sha256
    bad.with_suffix(".json").write_text(json.dumps({"feature_layout": FEATURE_LAYOUT}))
    with pytest.raises(ModelError, match="pins no model_sha256"):
        load(bad, trust=True)
    bad.with_suffix(".json").write_text(json.dumps({"feature_layout": FEATURE_LAYOUT,
                                                    "model_sha256": file_sha256(bad)}))
    with pytest.raises(ModelError, match="cannot load model"):
        load(bad, trust=True)
    bad.with_suffix(".json").write_text("{not json")
    with pytest.raises(ModelError, match="not valid JSON"):
        load(bad)


def test_model_scores_every_paragraph_as_a_probability(small_model):
    from junkfilter.documents import Document
    from junkfilter.segment import segment

    docs = [Document(str(i), t, segment(t)) for i, t in enumerate(["Home\nA story about the town.", "", "x"])]
    scores = small_model.score(docs)
    assert [len(s) for s in scores] == [2, 0, 1]
    assert all(0 <= v <= 1 for s in scores for v in s)


def test_a_tampered_model_file_is_refused_before_it_is_unpickled(small_model_path, tmp_path):
    copy = tmp_path / "tampered.joblib"
    shutil.copy(small_model_path, copy)
    shutil.copy(small_model_path.with_suffix(".json"), copy.with_suffix(".json"))
    load(copy, trust=True)  # the untouched copy loads
    payload = bytearray(copy.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    copy.write_bytes(bytes(payload))
    with pytest.raises(ModelError, match="does not match the SHA-256 its card pins"):
        load(copy, trust=True)


def test_a_model_from_elsewhere_needs_trust(small_model_path):
    with pytest.raises(ModelError, match="not the shipped model.*--trust-model"):
        load(small_model_path)
    assert load(small_model_path, trust=True).card["model_sha256"]


def test_a_copy_of_the_shipped_model_needs_no_trust(tmp_path):
    from junkfilter.model import default_model_path

    shipped = default_model_path()
    copy = tmp_path / "copy.joblib"
    shutil.copy(shipped, copy)
    shutil.copy(shipped.with_suffix(".json"), copy.with_suffix(".json"))
    assert load(copy).card["model_sha256"] == load().card["model_sha256"]


def test_a_fitted_model_holds_no_numpy_random_generator(small_model):
    """A pickled numpy Generator ties a model to numpy 2; prediction never needs one."""
    import numpy as np

    seen, stack, found = set(), [small_model.pipeline], []
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, np.ndarray)):
            continue
        seen.add(id(obj))
        if isinstance(obj, (np.random.Generator, np.random.BitGenerator)):
            found.append(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple)):
            stack.extend(obj)
        elif hasattr(obj, "__dict__"):
            stack.extend(vars(obj).values())
    assert not found


def test_scoring_uses_one_openmp_thread_unless_asked(small_model, monkeypatch):
    from threadpoolctl import threadpool_info

    from junkfilter.documents import Document
    from junkfilter.segment import segment

    seen = []
    predict = small_model.pipeline.predict_proba

    def spy(docs):
        seen.append({i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"})
        return predict(docs)

    monkeypatch.setattr(small_model.pipeline, "predict_proba", spy)
    text = "Home\nA story about the town council and its budget for the coming year."
    small_model.score([Document("a", text, segment(text))])
    assert seen == [{1}]
    small_model.threads = None
    try:
        small_model.score([Document("a", text, segment(text))])
    finally:
        small_model.threads = 1
    assert len(seen) == 2 and seen[1] == {i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"}


def test_a_model_whose_stages_expect_other_columns_is_refused_on_loading(small_model_path, tmp_path):
    """The feature names match, but the context stage was built with other code (here: a wider
    window, so more neighbour columns than its trees were fitted on): loading says so."""
    import joblib
    from junkfilter.model import file_sha256

    pipeline = joblib.load(small_model_path)
    members(pipeline[-1])[0].window += 1
    changed = tmp_path / "changed.joblib"
    joblib.dump(pipeline, changed)
    card = json.loads(small_model_path.with_suffix(".json").read_text())
    card["model_sha256"] = file_sha256(changed)
    changed.with_suffix(".json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="other model stages.*retrain"):
        load(changed, trust=True)
    load(small_model_path, trust=True)  # the model as trained loads
