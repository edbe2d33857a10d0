"""One test per feature family: content n-grams, shallow, scripts, stopwords, patterns,
repeats, context."""
import numpy as np
import pytest

from junkfilter.documents import Document
from junkfilter.features import (DENSE_NAMES, LIST_REACH, N_DENSE, NGRAM_WEIGHT, OPENER_WEIGHT, _VOCABULARY,
                                 ParagraphFeatures, batch_features, document_features, tokens)
from junkfilter.segment import segment

NEWS = ("The regional parliament approved the new water law on Thursday after a debate that lasted "
        "more than nine hours, and the opposition said it would challenge it in court.")


def features(*paragraphs: str, sep: str = "\n") -> dict[str, np.ndarray]:
    text = sep.join(paragraphs)
    X, _ = document_features(Document("t", text, segment(text, "lines")))
    return {name: X[:, i] for i, name in enumerate(DENSE_NAMES)}


def test_tokens_fold_digits_split_cjk_and_keep_symbols():
    assert tokens("Model CT26A costs 1.8T") == ["model", "ct00a", "costs", "0", ".", "0t"]
    assert tokens("汽车音响CT26A") == ["汽", "车", "音", "响", "ct00a"]
    assert tokens("© Site | Home") == ["©", "site", "|", "home"]


def test_hashed_ngrams_follow_the_dense_block():
    text = "Home\n" + NEWS + "\nModel CT26A\nmodel ct38a\n汽车音响\n汽车"
    X = ParagraphFeatures(n_hashed=2**16).fit_transform([Document("t", text, segment(text))])
    assert X.shape == (6, N_DENSE + 2**16)
    hashed = X[:, N_DENSE:].toarray()
    openers = np.where(hashed == OPENER_WEIGHT * NGRAM_WEIGHT, hashed, 0)
    ngrams = hashed - openers
    assert np.allclose(np.linalg.norm(ngrams, axis=1), NGRAM_WEIGHT)  # L2-normalised, then scaled
    assert (ngrams[0] > 0).sum() == 1 and (openers[0] > 0).sum() == 1  # one unigram, no bigram; one opener
    assert (ngrams[1] > 0).sum() > 40 and (openers[1] > 0).sum() == 2  # opening word and opening pair
    assert np.array_equal(hashed[2], hashed[3])  # case and digits folded: same shape of model number
    assert (ngrams[4] > 0).sum() == 7  # 4 characters and 3 character bigrams
    assert ((ngrams[4] > 0) & (ngrams[5] > 0)).sum() == 3  # 汽, 车 and 汽车 shared
    assert ((openers[4] > 0) & (openers[5] > 0)).sum() == 2  # both open with 汽 then 车


def test_opening_words_weigh_the_same_however_long_the_line():
    text = "Read also: Council votes\nRead also: " + NEWS + "\nAlso read: Council votes"
    X = ParagraphFeatures(n_hashed=2**16).fit_transform([Document("t", text, segment(text))])
    hashed = X[:, N_DENSE:].toarray()
    shared = (hashed[0] > 0) & (hashed[1] > 0)
    # the opener columns keep their weight in the long teaser; its shared n-grams are diluted
    assert np.isclose(hashed[1][shared], OPENER_WEIGHT * NGRAM_WEIGHT).sum() == 2
    assert (hashed[1][shared] < hashed[0][shared]).sum() >= 2
    # "Also read" has the same words but not the same opening
    assert np.isclose(hashed[2][(hashed[0] > 0) & (hashed[2] > 0)], OPENER_WEIGHT * NGRAM_WEIGHT).sum() == 0


def test_length_digits_upper_and_terminal_punctuation():
    f = features("CONTACT 020-1234567", NEWS)
    assert f["log_chars"][1] > f["log_chars"][0]
    assert f["digit"][0] > 0.4 and f["digit"][1] == 0
    assert f["upper"][0] > 0.9 and f["upper"][1] < 0.1
    assert f["ends_terminal"].tolist() == [0, 1]


def test_scripts_and_script_mismatch_with_the_document():
    f = features(NEWS, "适用于本田雅阁前保险杠支架包邮", NEWS + " Again.")
    assert f["han"][1] == 1 and f["latin"][0] == 1
    assert f["script_mismatch"].tolist() == [0, 1, 0]
    g = features("北京市今天发布了新的交通管理办法，市民出行需要注意。", "Home")
    assert g["script_mismatch"].tolist() == [0, 1]


def test_stopword_density_in_the_documents_language():
    german = ("Die Stadt hat am Montag beschlossen, dass die Busse in der Nacht wieder fahren "
              "und die Preise für Schüler nicht steigen werden.")
    f = features(german, "Impressum Datenschutz Kontakt", german + " Das ist neu.")
    assert f["stop_doc"][0] > 0.3
    assert f["stop_doc"][1] == 0
    e = features(NEWS, "Wir verwenden Cookies und die Daten werden nicht an Dritte weitergegeben, wenn Sie das nicht wollen.", NEWS + ".")
    assert e["lang_mismatch"].tolist() == [0, 1, 0]


@pytest.mark.parametrize("line, name", [
    ("Visit https://example.com for more", "n_url"),
    ("邮箱:[email protected]", "n_email"),
    ("Write to desk@example.org today", "n_email"),
    ("电话:020-123456789", "n_phone"),
    ("Now only $19.99 with free shipping", "n_price"),
    ("售价 2999元 包邮", "n_price"),
    ("2024-11-02 09:13:36", "n_date"),
    ("2024-11-02 09:13:36", "n_time"),
    ("2024年11月2日", "n_date"),
    ("点击:328", "n_counter"),
    ("1,204 views", "n_counter"),
    ("Copyright © 2024 Site. All rights reserved.", "n_copyright"),
    ("版权所有 网站地图", "n_copyright"),
])
def test_patterns(line, name):
    f = features(NEWS, line)
    assert f[name][1] > 0, f"{name} not found in {line!r}"
    assert f[name][0] == 0


def test_bullets_and_separators():
    f = features("  • Wheat: $6.81", "About us | Contact | Careers", NEWS)
    assert f["bullet"].tolist() == [1, 0, 0]
    assert f["separators"][1] > f["separators"][2]


def test_repeats_of_earlier_paragraphs_and_of_itself():
    title = "Storm closes the northern ports"
    f = features(title, NEWS, title, "Storm hits coast again Storm hits coast again 2024-01-12 08:05 |")
    assert f["is_repeat"].tolist() == [0, 0, 1, 0]
    assert f["repeats"][0] > 0 and f["repeats"][1] == 0
    assert f["self_repeat"].tolist() == [0, 0, 0, 1]
    assert f["copy_gap"].tolist() == [0.5, 0, 0.5, 0]  # both copies, two paragraphs apart


def test_copy_gap_is_the_nearest_copy_either_way():
    f = features("Q?", "a.", "b.", "c.", "Q?", "Q?", "d.")
    assert f["copy_gap"].tolist() == [0.25, 0, 0, 0, 1, 1, 0]
    assert f["first_copy"].tolist() == [0, 0, 0, 0, 0.25, 0.2, 0]  # both repeats point at the first copy


def test_context_position_runs_and_neighbours():
    f = features("Home", "News", "Sport", "Weather", "Council approves budget", NEWS, NEWS + " More.", "Share")
    assert f["is_first"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0]
    assert f["is_last"][-1] == 1
    assert f["short_run"][0] == f["short_run"][3] > 0
    assert f["short_run"][5] == 0
    assert f["dist_next_long"][4] < f["dist_next_long"][0]  # the headline sits right above the story
    assert f["long_before"][7] > f["long_before"][4]
    assert f["prev1_log_chars"][0] == 0  # nothing before the first paragraph
    assert f["next1_log_chars"][4] == pytest.approx(f["log_chars"][5])


def test_blank_lines_around_paragraphs():
    text = "Title\n\nBody text.\n\n\n\nRelated"
    X, _ = document_features(Document("t", text, segment(text)))
    blank = X[:, DENSE_NAMES.index("blank_before")]
    assert blank[2] > blank[1] > blank[0]


def test_documents_stack_in_order_with_boundaries():
    docs = [Document(str(i), t, segment(t)) for i, t in enumerate(["a\nb\nc", "d", "e\nf"])]
    X = ParagraphFeatures(n_hashed=64).fit_transform(docs)
    assert X.shape[0] == 6
    assert X[:, 0].toarray().ravel().tolist() == [1, 0, 0, 1, 1, 0]


def test_a_batch_gives_each_document_the_features_it_gets_alone():
    texts = ["Prices in €\n5 people came\n2024\n年 later", "İSTANBUL © 2024\n" + NEWS, "$\n9 pm", "汽车 ¥\n12 元"]
    docs = [Document(str(i), t, segment(t, "lines")) for i, t in enumerate(texts)]
    X, H = batch_features(docs)
    row = 0
    for doc in docs:
        x, h = document_features(doc)
        assert np.array_equal(X[row:row + len(x)], x), doc.text
        assert (H[row:row + len(x)] != h).nnz == 0
        row += len(x)
    f = features("Prices in €", "5 people came", "2024", "年 later")
    assert f["n_price"][1] == 0  # the currency sign ends the paragraph before
    assert f["n_date"][2] == 0   # 年 starts the next paragraph


def test_the_vocabulary_stays_bounded_and_gives_the_same_features(monkeypatch):
    text = "\n".join([NEWS, "Model CT26A 汽车音响 $19.99", "Home | News"])
    doc = Document("t", text, segment(text))
    X, H = document_features(doc)
    monkeypatch.setattr(_VOCABULARY, "limit", 5)
    for _ in range(3):
        X2, H2 = document_features(doc)
        assert len(_VOCABULARY) < 5 + 100
        assert np.array_equal(X, X2) and (H != H2).nnz == 0


def test_list_lead_points_back_to_the_line_ending_in_a_colon():
    long = NEWS + " " + NEWS
    f = features("Headline", long[:-1] + ":", "water", "blankets", long, "Follow us：", "Twitter", "Facebook")
    assert list(f["ends_colon"]) == [0, 1, 0, 0, 0, 1, 0, 0]
    # rows back to the lead, ÷ LIST_REACH; a long paragraph ends the list (and is no item itself)
    assert list(np.rint(f["list_lead"] * LIST_REACH)) == [0, 0, 1, 2, 0, 0, 1, 2]
    # no colon line above: no list, however short the document
    assert not features("Home", "News", "Sport").get("list_lead").any()
    far = features("Needed:", *[f"item {i}" for i in range(LIST_REACH + 2)])["list_lead"]
    assert np.rint(far[LIST_REACH] * LIST_REACH) == LIST_REACH and far[LIST_REACH + 1] == 0


def test_label_prefix_marks_lines_that_open_with_a_short_label_and_a_colon():
    f = features("Read also: Council votes to close the pool", "JM: Fair play to the farmer", "12:35 Water rises",
                 "Needed most:", "The mayor said the plan, which has cost the town a great deal: approved",
                 "ゆき母さん：助成はありがたいです")
    assert list(f["label_prefix"]) == [1, 1, 0, 0, 0, 1]
    assert list(f["next1_label_prefix"][:2]) == [1, 0] and f["prev1_label_prefix"][1] == 1


def test_story_words_share_of_a_line_that_the_story_also_uses():
    other = ("Organisers said the festival now draws twenty thousand visitors, up from three hundred in "
             "its first year, and the island council has doubled its grant for the next edition.")
    story = ("The island film festival opened its tenth edition on Friday with a record audience, "
             "organisers said, as ferries brought visitors from the mainland all weekend long.")
    f = features("Home", "Island film festival draws record audience", story, other,
                 "Cheap watches online best price", "Festival")
    words = f["story_words"]
    assert words[0] == 0 and words[4] == 0  # a menu item, spam: none of the story's words
    assert words[1] == 1.0 and words[5] == 1.0  # the headline, a subheading: all of them
    # a long paragraph is measured against the other long ones only, never against itself
    assert 0 < words[2] < 0.5
    alone = features("Island film festival draws record audience", story)["story_words"]
    assert alone[1] == 0 and alone[0] > 0.5  # one long paragraph: nothing else to measure it against


@pytest.mark.parametrize("line", [
    "阅读量：12,407",
    "2024-07-16 07:52  来源：江河日报  浏览次数：1562",
    "Comments 12 · 3,401 views",
])
def test_counter_lines(line):
    assert features(NEWS, line)["n_counter"][1] > 0


@pytest.mark.parametrize("line", [
    # a counter word and a number in one story paragraph are no counter
    "Harbour Freight said on Tuesday that a pension fund would take a 30 per cent stake, buying new "
    "shares worth £41 million, and that 120 jobs at its depot in Kestrel Bay would go by the spring. "
    "The union called the plan a betrayal of the workers who kept the port open through the floods.",
    "The dashboard has an 8-inch touchscreen, and the parking camera gives a top-down view of the car.",
    "Shares in the shipping group rose 4 percent",  # the number is six tokens from the word
])
def test_counter_words_in_prose_are_not_counters(line):
    assert features(NEWS, line)["n_counter"][1] == 0
