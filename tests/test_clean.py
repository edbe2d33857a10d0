from junkfilter.clean import DUPLICATE_REACH, decide, render
from junkfilter.documents import Document
from junkfilter.segment import segment


def doc(text: str) -> Document:
    return Document("d", text, segment(text))


def test_a_repeat_is_dropped_and_the_first_copy_kept_whatever_the_scores():
    d = doc("Caption of the photo, <strong></strong>Yonhap\n\nBody.\n\nCaption of the photo, Yonhap\n\nBODY.")
    decisions = decide(d, [0.9, 0.9, 0.99, 0.99], threshold=0.5)
    assert [x.keep for x in decisions] == [True, True, False, False]
    assert [x.reason for x in decisions] == ["content", "content", "duplicate", "duplicate"]


def test_a_dropped_first_copy_still_makes_later_copies_duplicates():
    d = doc("Menu\nStory.\nMenu")
    assert [x.reason for x in decide(d, [0.1, 0.9, 0.9], 0.5)] == ["junk", "content", "duplicate"]


def test_only_near_repeats_are_duplicates_far_ones_are_left_to_the_scores():
    # the same question put to two guests, four paragraphs apart, then printed twice in a row
    d = doc("Why this trade?\nA.\nB.\nC.\nWhy this trade?\nWhy this trade?\nD.")
    decisions = decide(d, [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.2], 0.5)
    assert [x.reason for x in decisions] == ["content"] * 5 + ["duplicate", "junk"]
    assert DUPLICATE_REACH == 3
    far = doc("Why this trade?\nA.\nB.\nC.\nWhy this trade?")
    assert [x.keep for x in decide(far, [0.9, 0.9, 0.9, 0.9, 0.1], 0.5)][-1] is False


def test_threshold_is_inclusive_and_scores_are_recorded():
    d = doc("a\nb\nc")
    decisions = decide(d, [0.5, 0.49, 0.7], 0.5)
    assert [x.keep for x in decisions] == [True, False, True]
    assert [x.score for x in decisions] == [0.5, 0.49, 0.7]


def test_render_keeps_order_and_form_and_removes_tag_residue():
    d = doc("Head\n\nPutin,<strong></strong> right, smiles.\n\nJunk\n\n  Indented story line.")
    decisions = decide(d, [0.9, 0.9, 0.1, 0.9], 0.5)
    assert render(d, decisions) == "Head\n\nPutin, right, smiles.\n\nIndented story line.\n"
    line_doc = doc("One.\nTwo.\nThree.")
    assert render(line_doc, decide(line_doc, [0.9, 0.1, 0.9], 0.5)) == "One.\nThree.\n"
    assert render(line_doc, decide(line_doc, [0.1, 0.1, 0.1], 0.5)) == ""
