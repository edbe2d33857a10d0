import numpy as np

from junkfilter.train import data_hash, is_heldout, load_examples, train

from .conftest import FIXTURES


def test_training_is_deterministic(tmp_path):
    a = train(FIXTURES / "labelled", tmp_path / "a.joblib", seed=3, folds=2, heldout_share=0.0)
    b = train(FIXTURES / "labelled", tmp_path / "b.joblib", seed=3, folds=2, heldout_share=0.0)
    docs = [e.doc for e in load_examples(FIXTURES / "labelled")]
    for sa, sb in zip(a.score(docs), b.score(docs)):
        assert np.array_equal(sa, sb)
    assert a.card["threshold"] == b.card["threshold"]
    assert a.card["cross_validation"] == b.card["cross_validation"]


def test_the_model_learns_the_training_documents(small_model):
    examples = load_examples(FIXTURES / "labelled")
    scores = np.concatenate(small_model.score([e.doc for e in examples]))
    labels = np.concatenate([e.labels for e in examples])
    assert scores[labels == 1].mean() > scores[labels == 0].mean() + 0.3


def test_data_hash_follows_content(tmp_path):
    root = tmp_path / "data"
    (root / "en").mkdir(parents=True)
    f = root / "en" / "a.txt"
    f.write_text("# lang: en\n+ A\n")
    h1 = data_hash(root)
    f.write_text("# lang: en\n+ B\n")
    assert data_hash(root) != h1


def test_heldout_split_is_stable_and_near_its_share():
    ids = [f"en/doc-{i}" for i in range(2000)]
    held = [i for i in ids if is_heldout(i, 0.15)]
    assert held == [i for i in ids if is_heldout(i, 0.15)]
    assert 0.12 < len(held) / len(ids) < 0.18
