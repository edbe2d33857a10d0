import numpy as np

from junkfilter.train import Example, data_hash, document_counts, evaluate_examples, load_examples, split_heldout, train

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


def test_heldout_split_is_stable_per_language_and_disjoint():
    from junkfilter.documents import Document

    examples = [Example(Document(f"{lang}/doc-{i}", "x"), np.array([1]), lang, [None], None)
                for lang, n in (("en", 100), ("zh", 20), ("de", 4), ("ko", 2)) for i in range(n)]
    train_set, held = split_heldout(examples, 0.15)
    again = split_heldout(list(reversed(examples)), 0.15)[1]
    assert {e.doc.id for e in held} == {e.doc.id for e in again}
    counts = {lang: sum(e.lang == lang for e in held) for lang in ("en", "zh", "de", "ko")}
    assert counts == {"en": 15, "zh": 3, "de": 1, "ko": 0}
    assert not {e.doc.id for e in held} & {e.doc.id for e in train_set}
    assert len(train_set) + len(held) == len(examples)


def test_document_counts_add_up_to_the_figures(small_model):
    examples = load_examples(FIXTURES / "labelled")
    counts = document_counts(small_model, examples, 0.5)
    assert counts.shape == (len(examples), 3)
    tp, fp, fn = counts.sum(axis=0)
    figures = evaluate_examples(small_model, examples, 0.5)
    assert round(tp / (tp + fp), 4) == figures["keep_precision"]
    assert round(tp / (tp + fn), 4) == figures["keep_recall"]
    assert tp + fn == sum(int((e.labels == 1).sum()) for e in examples)
