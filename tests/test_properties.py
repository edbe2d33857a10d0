"""Properties that hold for any text: offsets slice back, cleaning only removes."""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from junkfilter.clean import decide, render
from junkfilter.documents import Document
from junkfilter.features import N_DENSE, batch_features
from junkfilter.segment import segment
from junkfilter.text import normalise, strip_tags

# Text that looks like scraper output: words in several scripts, tags, entities, odd spaces and breaks.
PIECES = st.sampled_from(["Home", "news", "新闻中心", "Привет", "مرحبا", "<strong></strong>", "&amp;", " ", "  ",
                          "\n", "\n\n", "\r\n", "\u2028", "\t", "\u3000", "2024-11-02", "点击:328", "•", "©", "|",
                          "The council met on Monday.", "é", "e\u0301", "\u200f", "😀"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["auto", "lines", "blocks"]))
def test_offsets_always_slice_back_and_paragraphs_are_ordered(text, layout):
    paragraphs = segment(text, layout)
    end = 0
    for p in paragraphs:
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and p.text
        assert p.start >= end
        end = p.end


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.floats(0, 1), min_size=60, max_size=60))
def test_cleaning_only_removes_and_keeps_order(text, scores):
    doc = Document("d", text, segment(text))
    cleaned = render(doc, decide(doc, scores[:len(doc.paragraphs)] + [0.0] * max(0, len(doc.paragraphs) - 60), 0.5))
    originals = [strip_tags(p.text) for p in doc.paragraphs]
    kept = [line for line in cleaned.split("\n") if line.strip()]
    it = iter(line for p in originals for line in p.split("\n"))
    assert all(any(line == candidate for candidate in it) for line in kept)  # a subsequence


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_features_are_finite_for_any_batch(texts):
    docs = [Document(str(i), t, segment(t)) for i, t in enumerate(texts)]
    dense, hashed = batch_features(docs, n_hashed=2**10)
    n = sum(len(d.paragraphs) for d in docs)
    assert dense.shape == (n, N_DENSE) and hashed.shape == (n, 2**10)
    assert np.isfinite(dense).all() and np.isfinite(hashed.data).all()


@given(TEXTS)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)
