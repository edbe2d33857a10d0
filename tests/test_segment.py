from junkfilter.segment import duplicate_key, is_hard_wrapped, normalise, segment, separator, strip_tags


def test_offsets_slice_back_to_each_paragraph_in_lines_layout():
    text = "  Home\r\nFirst paragraph of the story.  \r\n\r\n\r\nSecond one\u2028Third\n"
    paragraphs = segment(text)
    assert [p.text for p in paragraphs] == ["Home", "First paragraph of the story.", "Second one", "Third"]
    for p in paragraphs:
        assert text[p.start:p.end] == p.text
    assert [p.blank_before for p in paragraphs] == [0, 0, 2, 0]


def test_blank_line_layout_counts_gaps():
    text = "\n\nTitle\n\nBody one.\n\n\n\nRelated link\n"
    paragraphs = segment(text)
    assert [p.blank_before for p in paragraphs] == [2, 1, 3]
    assert separator(paragraphs) == "\n\n"
    assert separator(segment("a\nb\nc")) == "\n"


def test_hard_wrapped_text_is_segmented_into_blocks():
    line = "word " * 14
    text = f"{line}\n{line}\n{line}\nend.\n\n{line}\n{line}\nend.\n\nShort line.\n"
    assert is_hard_wrapped(text)
    blocks = segment(text)
    assert len(blocks) == 3
    assert blocks[0].text.count("\n") == 3
    for p in blocks:
        assert text[p.start:p.end] == p.text
    # The same text forced into lines gives one paragraph per line.
    assert len(segment(text, layout="lines")) == 8


def test_long_lines_are_never_taken_for_wrapping():
    long = "A sentence that goes on. " * 10
    text = f"{long}\n{long}\n\n{long}\n{long}\n"
    assert not is_hard_wrapped(text)
    assert len(segment(text)) == 4


def test_empty_and_blank_texts_have_no_paragraphs():
    assert segment("") == []
    assert segment(" \n\t\n\u3000\n") == []


def test_tag_residue_is_removed_but_words_and_entities_stay():
    assert strip_tags("Putin,<strong></strong> right") == "Putin, right"
    assert strip_tags("in this <strong></strong>undated photo") == "in this undated photo"
    assert strip_tags("a <b>bold</b> move &amp; more") == "a bold move &amp; more"
    assert strip_tags("if a < b and c > d") == "if a < b and c > d"


def test_normalise_for_features_only():
    assert normalise("Ｆｕｌｌ\u00a0width <br/> &amp;  text ") == "Full width & text"
    assert duplicate_key("Putin,<strong></strong> right") == duplicate_key("PUTIN,  right")
