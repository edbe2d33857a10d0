import pytest

from junkfilter.labelled import FormatError, parse, render


def test_parse_labels_kinds_and_verbatim_text():
    d = parse("# lang: de\n# topic: x\n-[nav] Start\n+[headline] Titel\n+   • Punkt eins\n? Unklar\n", "a")
    assert d.lang == "de" and d.meta["topic"] == "x"
    assert d.labels == [0, 1, 1, -1]
    assert d.kinds == ["nav", "headline", None, None]
    assert d.paragraphs[2] == "  • Punkt eins"


@pytest.mark.parametrize("text, message", [
    ("+ no language header\n", "missing '# lang"),
    ("# lang: en\n* wrong marker\n", "expected"),
    ("# lang: en\n-[nonsense] x\n", "unknown kind"),
    ("# lang: en\n+[nav] content cannot be navigation\n", "unknown kind"),
    ("# lang: en\n", "no paragraphs"),
])
def test_format_errors_name_the_problem(text, message):
    with pytest.raises(FormatError, match=message):
        parse(text, "doc")


def test_render_in_both_layouts():
    d = parse("# lang: en\n+ A\n- B\n", "x")
    assert render(d, "lines") == "A\nB\n"
    assert render(d, "blocks") == "A\n\nB\n"
