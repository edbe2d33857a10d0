import random
import re

from junkfilter.labelled import read_dir
from junkfilter.segment import segment
from junkfilter.synthesis import Synthesiser
from junkfilter.widgets import HEADINGS, Widgets

from .conftest import FIXTURES


def written():
    return read_dir(FIXTURES / "labelled")


def test_same_seed_same_documents_other_seed_other_documents():
    a = [(d.paragraphs, d.labels, t) for d, t in Synthesiser(written(), seed=5).documents(20)]
    b = [(d.paragraphs, d.labels, t) for d, t in Synthesiser(written(), seed=5).documents(20)]
    c = [(d.paragraphs, d.labels, t) for d, t in Synthesiser(written(), seed=6).documents(20)]
    assert a == b and a != c


def test_synthetic_documents_keep_written_articles_whole_and_in_order():
    sources = written()
    articles = {tuple(p for p, lab in zip(d.paragraphs, d.labels) if lab == 1) for d in sources}
    for doc, text in Synthesiser(sources, seed=1).documents(40):
        content = tuple(p for p, lab in zip(doc.paragraphs, doc.labels) if lab == 1)
        assert content in {tuple(x.strip() for x in a) for a in articles}
        assert 0 in doc.labels or len(doc.labels) == len(content)
        # The raw text segments back into exactly the labelled paragraphs.
        assert [p.text for p in segment(text, "lines")] == doc.paragraphs


def test_synthesis_varies_layout_position_and_kind_of_junk():
    docs = Synthesiser(written(), seed=2).documents(200)
    layouts = {"\n\n" in t for _, t in docs}
    assert layouts == {True, False}
    kinds = {k for d, _ in docs for k, lab in zip(d.kinds, d.labels) if lab == 0}
    assert {"nav", "spam", "share", "footer", "related", "cookie", "dup"} <= kinds
    assert any(d.labels[0] == 0 for d, _ in docs) and any(d.labels[0] == 1 for d, _ in docs)
    assert any("\n\n\n" in t for _, t in docs)  # wider gaps before page furniture
    counted = [p for d, _ in docs for p, lab in zip(d.paragraphs, d.labels) if lab == 0 and re.search(r"[(\[·] ?\d+\]?\)?$", p)]
    assert len(counted) > 50  # sidebars of categories with post counts
    numbers = [p for d, _ in docs for p, lab in zip(d.paragraphs, d.labels) if lab == 0 and p.isdigit()]
    assert {"1", "2", "3"} <= set(numbers)  # most-read lists, a number on a line of its own


def test_some_pages_have_the_size_of_real_ones_and_stories_are_rarely_interrupted():
    docs = [d for d, _ in Synthesiser(written(), seed=3).documents(200)]
    sizes = sorted(len(d.paragraphs) for d in docs)
    assert sizes[len(sizes) // 2] < 60 < sizes[-len(sizes) // 10]  # most pages small, a tenth beyond 60
    big = max(docs, key=lambda d: len(d.paragraphs))
    menu = [p for p, k in zip(big.paragraphs, big.kinds) if k == "nav"]
    assert len(menu) >= 15
    inside = [(lab, k) for d in docs for i, (lab, k) in enumerate(zip(d.labels, d.kinds))
              if 0 < i < len(d.labels) - 1 and d.labels[i - 1] == 1 and d.labels[i + 1] == 1]
    plain_junk = [k for lab, k in inside if lab == 0 and k not in ("meta", "dup")]
    assert len(plain_junk) < 0.06 * len(inside)  # ads and teasers inside a story are the exception


def test_widgets_have_the_shape_of_a_storys_tables_and_are_junk_in_the_pages_language():
    docs = Synthesiser(written(), seed=4).documents(300)
    board = [(d.lang, p, lab) for d, _ in docs for p, lab, k in zip(d.paragraphs, d.labels, d.kinds) if k == "board"]
    assert {lab for _, _, lab in board} == {0}
    assert len(board) > 100
    assert sum(bool(re.search(r"\d", p)) for _, p, _ in board) > 0.6 * len(board)  # rows of numbers
    headings = {h for line in HEADINGS.values() for h in line.split("|")}
    shown = [(lang, p) for lang, p, _ in board if p in headings]
    assert len({p for _, p in shown}) >= 6  # many kinds of widget
    assert all(p in HEADINGS.get(lang, HEADINGS["en"]).split("|") for lang, p in shown)


def test_widget_rows_are_ordered_like_the_real_ones():
    rng = random.Random(0)
    widgets = Widgets(rng, lambda lang: rng.choice(["Harbor", "Lindholm", "Kestrel Bay"]))
    for _ in range(20):
        table = widgets._table("en")
        assert [int(row.split()[0].rstrip(".")) for row in table] == list(range(1, len(table) + 1))
        points = [int(row.split()[-1]) for row in table]
        assert points == sorted(points, reverse=True)
        hours = [int(row.split()[-1].split(":")[0]) for row in widgets._prayer("ar")]
        assert len(hours) == 6 and 3 <= hours[0] <= 6 and 19 <= hours[-1] <= 22
        for row in widgets._lottery("de"):
            numbers = [int(n) for n in re.findall(r"\d\d", row.split(": ", 1)[1])]
            assert len(numbers) >= 3 and numbers == sorted(numbers)
    assert widgets._num("de", 1234.5) == "1 234,50" and widgets._num("en", 1234.5) == "1,234.50"
