"""Paragraph features: what the model sees of each paragraph, computed a batch of documents at a time.

``ParagraphFeatures`` is a scikit-learn transformer from a list of segmented Documents
to one sparse row per paragraph, in document order::

    [ dense shallow and context features (DENSE_NAMES) | hashed content n-grams ]

Column 0 is ``is_first``: it marks where each document starts, which the context stage
of the model (``context.py``) relies on.

* Content: word unigrams and bigrams for space-delimited scripts, character unigrams
  and bigrams for Chinese, Japanese and Thai, from one compiled regex; digits are folded
  to 0 so "CT26A" and "MG7" share a shape. Hashed, so the vocabulary is open. The opening
  word and pair are hashed again at a fixed weight ("Read also:", "Photo:").
* Shallow, in the spirit of jusText and boilerpipe: length, shares of digits, punctuation
  and upper case, scripts, terminal punctuation, bullets, stopword density in the
  document's language, URLs, e-mails, phone numbers, prices, dates, counters, copyright,
  a short label and a colon opening the line, the share of its words the story also uses.
* Context: position, blank lines around, runs of short lines, distance to the nearest
  long paragraph, the line ending in a colon that leads a list, repeats, and the
  neighbours' main features.
"""
from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32
from sklearn.preprocessing import normalize

from . import charclass, stopwords
from .documents import Document

#: Width of the hashed n-gram block.
N_HASHED = 2**18
#: Scale of the (L2-normalised) n-gram block against the dense features: below 1 it regularises
#: the n-grams more than the shallow and context features. Tried at 0.35 and 0.6: the benchmark
#: did not move, and junk vocabulary (cookie banners, breadcrumbs) got through, so it stays 1.
NGRAM_WEIGHT = 1.0
#: Weight of a paragraph's opening word and opening word pair (see ``_hashed``).
OPENER_WEIGHT = 0.5
#: A paragraph this long (characters, CJK counted thrice) is prose-sized.
LONG_PARAGRAPH = 150
#: A paragraph with at most this many tokens is a "short line" (menus, labels).
SHORT_TOKENS = 4

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)*|[^\w\s]")
_DIGITS = str.maketrans("123456789", "000000000")

#: Literal-led patterns, cheap to scan for.
_URL = re.compile(r"https?://|www\.|\.(?:com|net|org|info|io|co|cn|de|ru|uk|fr|jp|kr|in|br|es|it|nl|pl|tr|id|gov|edu)\b")
_EMAIL = re.compile(r"@[\w-]+\.\w|\[email")
#: Runs of digits with their separators: each run is then told apart as a date, time,
#: phone number, price or counter by the characters in and around it.
_NUMBER = re.compile(r"\d[\d.,:/\-]*\d|\d")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_TIME = re.compile(r"\d{1,2}:\d\d")
_PHONE = re.compile(r"\d{2,5}-\d{3,}|\d{9,}|\d{3}[.-]\d{3}[.-]\d{4}")
_CURRENCY_BEFORE = frozenset("$€£¥₩₹₽")
_CURRENCY_AFTER = ("元", "円", "원", "€", "usd", "eur", "руб", "₽", "zł", "tl", "₺", "万元", "亿")
_DATE_AFTER = ("年", "月", "日")
#: Tokens that, beside a number, make a view or comment counter ("点击:328", "1,204 views").
COUNTER_WORDS = frozenset("""views view reads comments likes shares clicks 击 阅 览 閲 조회 조회수 просмотров
    просмотры просмотр aufrufe visualizações visualizzazioni vues""".split())
_COPYRIGHT = re.compile(r"©|copyright|版权|版權|著作権|rights reserved|무단|защищены|réservés|reservados|riservati|vorbehalten")
#: A counter's number sits this many tokens from its word at most (CJK characters are tokens:
#: "浏览次数：1562" puts it four away).
COUNTER_REACH = 4
#: Counters are short lines; a longer paragraph with a counter word and a number is prose.
COUNTER_MAX_WORDS = 40
_WORD, _NUMBER_TOKEN, _COUNTER = 1 << 32, 1 << 33, 1 << 34
_HASH_MASK = (1 << 32) - 1


class _Vocabulary(dict):
    """Lower-cased token → a small id, and per id two numbers: ``info``, the 32-bit hash of
    the token's digit-folded form plus flags (word, number, counter word), and ``stop``, its
    bit mask of stopword languages. Each distinct token is hashed and looked up once per
    process, so a batch costs one dict lookup a token; ``reset_if_full`` empties the table
    once it has grown to ``limit``, so memory stays flat however large the vocabulary of a run."""

    limit = 250_000

    def __init__(self):
        super().__init__()
        self._info: list[int] = []
        self._stop: list[int] = []
        self.info = np.zeros(0, dtype=np.int64)
        self.stop = np.zeros(0, dtype=np.uint64)

    def reset_if_full(self) -> None:
        if len(self) >= self.limit:
            self.clear()
            self._info.clear()
            self._stop.clear()
            self.info, self.stop = self.info[:0], self.stop[:0]

    def __missing__(self, token: str) -> int:
        self[token] = ident = len(self._info)
        self._info.append(token_info(token))
        self._stop.append(stopwords.lookup().get(token, 0))
        return ident

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``info`` and ``stop``, indexed by id (grown to cover every id handed out)."""
        if len(self.info) < len(self._info):
            k = len(self.info)
            self.info = np.append(self.info, np.array(self._info[k:], dtype=np.int64))
            self.stop = np.append(self.stop, np.array(self._stop[k:], dtype=np.uint64))
        return self.info, self.stop


def token_info(token: str) -> int:
    """The 32-bit hash of a (lower-cased) token's digit-folded form, plus its flags."""
    folded = token.translate(_DIGITS)
    value = murmurhash3_32(folded, seed=0, positive=True)
    if token.isalnum():
        value |= _WORD
        if folded[0] == "0":
            value |= _NUMBER_TOKEN
    if token in COUNTER_WORDS:
        value |= _COUNTER
    return value


def token_hash(token: str) -> int:
    """The hashed column of a token's unigram, before it is folded into the n-gram block."""
    return token_info(token) & _HASH_MASK


_VOCABULARY = _Vocabulary()
#: TOKEN, plus the newline that separates paragraphs in a batch's joined text.
_TOKEN_OR_BREAK = re.compile("\n|" + TOKEN.pattern)
PATTERNS = ("url", "email", "phone", "price", "date", "time", "counter", "copyright")


def _numbers(text: str, starts: np.ndarray, n: int) -> np.ndarray:
    """Dates, times, phone numbers and prices among the digit runs of a batch's joined text:
    an ``(n, 4)`` count per paragraph (paragraph i begins at ``starts[i]``)."""
    rows: list[int] = []
    kinds: list[int] = []
    date_match, time_match, phone_match = _DATE.match, _TIME.match, _PHONE.match
    for m in _NUMBER.finditer(text):
        run, s, e = m.group(), m.start(), m.end()
        after = text[e:e + 3]
        if "\n" in after:  # the window ends with the paragraph
            after = after[:after.index("\n")]
        after = after.lstrip().lower()
        kind = 0 if date_match(run) or after.startswith(_DATE_AFTER) else \
            1 if time_match(run) else 2 if phone_match(run) else -1
        if kind >= 0:
            rows.append(s)
            kinds.append(kind)
        before = text[max(s - 2, 0):s]
        if "\n" in before:  # the paragraph starts inside the window
            before = before[before.index("\n") + 1:]
        if (before and (before[-1] in _CURRENCY_BEFORE or before[0] in _CURRENCY_BEFORE)) \
                or after.startswith(_CURRENCY_AFTER):
            rows.append(s)
            kinds.append(3)
    para = np.searchsorted(starts, np.array(rows, dtype=np.int64), side="right") - 1
    return np.bincount(para * 4 + np.array(kinds, dtype=np.int64), minlength=4 * n).reshape(n, 4)


#: Characters that separate menu items, breadcrumbs and footer links.
_SEPARATOR_CODES = np.array([ord(c) for c in "|»›•·▪►▶→/>"], dtype=np.uint32)
_BULLET = re.compile(r"^\s*(?:[•·▪►▶*–—\-‣◦●■□✓]|\d{1,2}[.)]|[a-z][.)])\s")
_TERMINAL_CODES = np.array([ord(c) for c in ".!?。！？…:;\"'”’»」』)]"], dtype=np.uint32)
_COLON_CODES = np.array([ord(c) for c in ":：﹕"], dtype=np.uint32)
#: How far (in paragraphs) a line ending in a colon reaches as the lead of a list below it.
LIST_REACH = 12

_BASE = [
    "is_first", "is_last", "rel_position", "chars_before", "doc_size", "blank_before", "blank_after",
    "log_chars", "log_tokens", "mean_word_len",
    "digit", "punct", "symbol", "upper",
    "latin", "han", "kana", "hangul", "cyrillic", "arabic", "indic", "other_script",
    "script_mismatch", "doc_script_share",
    "ends_terminal", "ends_colon", "label_prefix", "starts_upper", "bullet", "titlecase", "separators",
    *[f"n_{name}" for name in PATTERNS],
    "stop_doc", "stop_best", "lang_mismatch",
    "repeats", "is_repeat", "copy_gap", "first_copy", "self_repeat", "numbers",
    "short_run", "long_before", "long_after", "dist_prev_long", "dist_next_long", "window_len",
    "list_lead", "story_words",
]
#: Features of the neighbours at distance 1 and 2 on each side.
NEIGHBOUR_FEATURES = ["log_chars", "ends_terminal", "stop_doc", "script_mismatch", "digit", "short", "label_prefix"]
DENSE_NAMES: list[str] = _BASE + [
    f"{side}{d}_{name}" for d in (1, 2) for side in ("prev", "next") for name in NEIGHBOUR_FEATURES
]
N_DENSE = len(DENSE_NAMES)
_ZH, _JA = stopwords.LANGUAGES.index("zh"), stopwords.LANGUAGES.index("ja")
_COL = {name: i for i, name in enumerate(DENSE_NAMES)}


def tokens(text: str) -> list[str]:
    """Lower-cased tokens with digits folded: words, CJK characters, single symbols."""
    return TOKEN.findall(text.lower().translate(_DIGITS))


def _per_paragraph(pattern: re.Pattern, text: str, starts: np.ndarray, n: int) -> np.ndarray:
    hits = [m.start() for m in pattern.finditer(text)]
    if not hits:
        return np.zeros(n)
    return np.bincount(np.searchsorted(starts, hits, side="right") - 1, minlength=n).astype(float)


def _label_prefix(text: str) -> bool:
    """A line that opens with a short label and a colon, then goes on: "Read also: …",
    "Photo: …", "JM: …" (a comment), but also "Q: …" in an interview. A time ("12:35") is no
    label, nor is anything with a digit just before the colon ("Line 4: closed")."""
    i = text.find(":")
    j = text.find("：")
    i = j if i < 0 or 0 <= j < i else i
    if i <= 0 or i > 30 or i >= len(text) - 2 or text[i - 1].isdigit():
        return False
    return text.count(" ", 0, i) <= 3


def _self_repeat(text: str) -> float:
    """1 if the paragraph opens by repeating its own first words, as some widgets print titles."""
    first = text.split(" ", 1)[0]  # ``text`` is normalised: single spaces, none at the ends
    if text.find(f" {first} ", len(first)) < 0:  # the first word never comes back: the common case
        return 0.0
    words = text.split()
    if len(words) < 6:
        return 0.0
    for k in range(3, len(words) // 2 + 1):
        if words[k] == first and words[:k] == words[k:2 * k]:
            return 1.0
    return 0.0


class _Layout:
    """Where each paragraph of a batch sits: its document, its index in it, the document's size.

    Every per-document operation (sums, shifts, runs, distances) is done for the whole
    batch at once with these arrays; documents are contiguous runs of rows.
    """

    def __init__(self, sizes: np.ndarray):
        self.sizes = sizes
        self.starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
        self.doc = np.repeat(np.arange(len(sizes)), sizes)
        self.n = int(sizes.sum())
        self.pos = np.arange(self.n) - self.starts[self.doc]
        self.size = sizes[self.doc]
        self._shift_rows: dict[int, np.ndarray] = {}  # rows that have a neighbour ``by`` away

    def doc_sum(self, values: np.ndarray) -> np.ndarray:
        """Per document sums (of rows, or of the rows of a 2-D array)."""
        return np.add.reduceat(values, self.starts, axis=0)

    def cumsum_before(self, values: np.ndarray) -> np.ndarray:
        """Sum of the values before each row within its document."""
        cs = np.cumsum(values) - values
        return cs - cs[self.starts][self.doc]

    def cumsum_after(self, values: np.ndarray) -> np.ndarray:
        return self.doc_sum(values)[self.doc] - self.cumsum_before(values) - values

    def shift(self, values: np.ndarray, by: int, fill: float = -1.0) -> np.ndarray:
        """The value ``by`` rows back (positive) or ahead (negative) in the same document."""
        out = np.full(self.n, fill, dtype=float)
        if by not in self._shift_rows:
            self._shift_rows[by] = np.flatnonzero(self.pos >= by) if by > 0 else np.flatnonzero(self.pos < self.size + by)
        rows = self._shift_rows[by]
        out[rows] = values[rows - by]
        return out

    def run_lengths(self, flags: np.ndarray) -> np.ndarray:
        """Length of the run of flagged rows each flagged row sits in (0 elsewhere)."""
        if not self.n:
            return np.zeros(0)
        change = np.r_[True, (flags[1:] != flags[:-1]) | (self.pos[1:] == 0)]
        run = np.cumsum(change) - 1
        return np.bincount(run)[run] * flags

    def distance(self, flags: np.ndarray, ahead: bool) -> np.ndarray:
        """Rows to the nearest flagged row behind (or ahead) in the document; size + 1 if none."""
        idx = np.arange(self.n)
        if ahead:
            nearest = np.minimum.accumulate(np.where(flags, idx, self.n + 10**9)[::-1])[::-1]
            nearest = np.r_[nearest[1:], self.n + 10**9]
            ok = nearest < self.starts[self.doc] + self.size
        else:
            nearest = np.maximum.accumulate(np.where(flags, idx, -1))
            nearest = np.r_[-1, nearest[:-1]]
            ok = nearest >= self.starts[self.doc]
        return np.where(ok, np.abs(nearest - idx), self.size + 1).astype(float)


def document_features(doc: Document, n_hashed: int = N_HASHED) -> tuple[np.ndarray, sp.csr_matrix]:
    """Dense features (n × N_DENSE) and hashed n-grams of one segmented document."""
    return batch_features([doc], n_hashed)


def batch_features(docs: list[Document], n_hashed: int = N_HASHED) -> tuple[np.ndarray, sp.csr_matrix]:
    """Dense features and the hashed n-gram block for every paragraph of a batch, in order."""
    batch = _Batch([d for d in docs if d.paragraphs])  # a document without paragraphs has no rows
    if batch.n == 0:
        return batch.X, sp.csr_matrix((0, n_hashed))
    batch.characters()
    hashed = batch.tokens(n_hashed)
    batch.position()
    batch.shape()
    batch.repeats()
    batch.structure()
    return batch.X, hashed


_CID = {c: i for i, c in enumerate(charclass.CLASSES)}


class _Batch:
    """The paragraphs of a batch of documents, normalised and joined into one text, and the
    dense feature matrix ``X`` that each family of features fills in turn (in this order:
    characters, tokens, position, shape, repeats, structure — later families read earlier ones)."""

    def __init__(self, docs: list[Document]):
        self.docs = docs
        self.lay = _Layout(np.array([len(d.paragraphs) for d in docs], dtype=np.int64))
        self.n = self.lay.n
        self.X = np.zeros((self.n, N_DENSE), order="F")  # filled a column at a time
        self.paras = [p for d in docs for p in d.paragraphs]
        self.norms = [p.norm for p in self.paras]
        self.joined = "\n".join(self.norms)
        self.lengths = np.array([len(t) for t in self.norms], dtype=float)
        self.starts = np.r_[0, np.cumsum(self.lengths + 1)[:-1]].astype(np.int64)

    def col(self, name: str, values) -> None:
        self.X[:, _COL[name]] = values

    def characters(self) -> None:
        """Shares of character classes and scripts, script against the document's, case, ends."""
        col, n, lengths, starts = self.col, self.n, self.lengths, self.starts
        chars = self.chars = charclass.Classified(self.joined, starts)
        counts = chars.counts().astype(float)
        counts[:-1, _CID["space"]] -= 1  # the joining newline
        self.counts = counts
        self.visible = np.maximum(lengths - counts[:, _CID["space"]], 1.0)
        script_counts = counts[:, [_CID[s] for s in charclass.SCRIPTS]]
        letters = np.maximum(script_counts.sum(axis=1), 1.0)
        for name in ("digit", "punct", "symbol"):
            col(name, counts[:, _CID[name]] / self.visible)
        col("upper", counts[:, charclass.UPPER] / letters)
        for name in ("latin", "han", "kana", "hangul", "cyrillic", "arabic", "indic"):
            col(name, counts[:, _CID[name]] / letters)
        col("other_script", (counts[:, _CID["greek"]] + counts[:, _CID["hebrew"]] + counts[:, _CID["thai"]]
                             + counts[:, _CID["other_letter"]]) / letters)
        main_script = script_counts.argmax(axis=1)
        doc_script = self.lay.doc_sum(script_counts).argmax(axis=1)[self.lay.doc]
        has_letters = script_counts.sum(axis=1) >= 3
        col("script_mismatch", has_letters & (main_script != doc_script))
        col("doc_script_share", script_counts[np.arange(n), doc_script] / letters)
        self.cjk = counts[:, _CID["han"]] + counts[:, _CID["kana"]]
        self.weighted = lengths + 2 * self.cjk
        self.long = self.weighted >= LONG_PARAGRAPH  # prose-sized
        words, capitalised = chars.words()
        col("titlecase", capitalised / np.maximum(words, 1))
        nonempty = lengths > 0
        last = chars.codes[(starts + lengths - 1)[nonempty].astype(np.int64)]
        self.X[nonempty, _COL["ends_terminal"]] = np.isin(last, _TERMINAL_CODES)
        self.X[nonempty, _COL["ends_colon"]] = np.isin(last, _COLON_CODES)
        self.X[nonempty, _COL["starts_upper"]] = chars.upper[starts[nonempty]] | (
            chars.cls[starts[nonempty]] == _CID["digit"])

    def tokens(self, n_hashed: int) -> sp.csr_matrix:
        """Token counts, numbers, counters, stopword density in the document's language; returns
        the hashed n-grams. One regex pass and one dict lookup a token, the rest in numpy."""
        col, n, lay, counts = self.col, self.n, self.lay, self.counts
        vocab = _VOCABULARY
        vocab.reset_if_full()
        lowered = self.lowered = self.joined.lower()
        # One pass of the regex over the whole batch; the newlines it also matches mark
        # where each paragraph's tokens end (no token contains a newline).
        found = _TOKEN_OR_BREAK.findall(lowered)
        ids = np.fromiter(map(vocab.__getitem__, found), dtype=np.int64, count=len(found))
        info, stop_masks = vocab.arrays()
        is_break = ids == vocab["\n"]
        token_para = np.cumsum(is_break)[~is_break]
        ids = ids[~is_break]
        values_arr = info[ids]
        n_tokens = np.bincount(token_para, weights=(values_arr & _WORD) > 0, minlength=n)
        self.n_tokens = n_tokens
        denom = np.maximum(n_tokens, 1)
        col("numbers", np.bincount(token_para, weights=(values_arr & _NUMBER_TOKEN) > 0, minlength=n) / denom)
        self.counter_hits = _counter_hits(values_arr, token_para, n_tokens, n)
        stop = _stop_counts(stop_masks[ids], token_para, n)
        doc_stop = lay.doc_sum(stop)
        doc_lang = doc_stop.argmax(axis=1)
        doc_cjk, doc_kana = lay.doc_sum(self.cjk), lay.doc_sum(counts[:, _CID["kana"]])
        east = (doc_stop.sum(axis=1) == 0) | (doc_cjk > 0.3 * lay.doc_sum(self.lengths))
        doc_lang = np.where(east, np.where(doc_kana > 0.1 * doc_cjk, _JA, _ZH), doc_lang)[lay.doc]
        own = stop[np.arange(n), doc_lang]
        col("stop_doc", np.minimum(own / denom, 1))
        best = stop.max(axis=1)
        col("stop_best", np.minimum(best / denom, 1))
        col("lang_mismatch", (n_tokens >= 4) & (best >= 2) & (own < 0.5 * best))
        col("mean_word_len", np.minimum(
            (self.visible - counts[:, _CID["punct"]] - counts[:, _CID["symbol"]]) / denom, 20) / 10)
        col("self_repeat", [_self_repeat(t) if k >= 6 else 0.0 for t, k in zip(self.norms, n_tokens)])
        words = ((values_arr & _WORD) > 0) & ((values_arr & _NUMBER_TOKEN) == 0) & (stop_masks[ids] == 0)
        col("story_words", self.story_words(ids[words], token_para[words]))
        col("label_prefix", [_label_prefix(t) if ":" in t or "：" in t else False for t in self.norms])
        return _hashed(values_arr & _HASH_MASK, token_para, n, n_hashed)

    def story_words(self, ids: np.ndarray, para: np.ndarray) -> np.ndarray:
        """Share of each paragraph's words (no stopwords, no numbers) that the document's long
        paragraphs, itself left out, also use. A headline, a subheading or a caption takes its
        words from the story; a menu, a spam listing or another story's teaser mostly does not."""
        n = self.n
        if not len(ids):
            return np.zeros(n)
        in_long = self.long[para]
        span = np.int64(ids.max() + 1)
        doc_key = self.lay.doc[para] * span + ids
        long_keys, long_counts = np.unique(doc_key[in_long], return_counts=True)
        at = np.minimum(np.searchsorted(long_keys, doc_key), max(len(long_keys) - 1, 0))
        in_story = np.where(long_keys[at] == doc_key, long_counts[at], 0) if len(long_keys) else np.zeros(len(ids))
        _, inverse, own = np.unique(para * span + ids, return_inverse=True, return_counts=True)
        elsewhere = in_story - np.where(in_long, own[inverse], 0)
        hits = np.bincount(para, weights=elsewhere > 0, minlength=n)
        return hits / np.maximum(np.bincount(para, minlength=n), 1)

    def position(self) -> None:
        """Size and position in the document, blank lines around, length."""
        col, lay = self.col, self.lay
        col("is_first", lay.pos == 0)
        col("is_last", lay.pos == lay.size - 1)
        col("rel_position", lay.pos / np.maximum(lay.size - 1, 1))
        col("chars_before", lay.cumsum_before(self.weighted) / np.maximum(lay.doc_sum(self.weighted)[lay.doc], 1.0))
        col("doc_size", np.log1p(lay.size) / 5)
        blank = np.array([p.blank_before for p in self.paras], dtype=float)
        col("blank_before", np.minimum(blank, 3) / 3)
        col("blank_after", np.minimum(lay.shift(blank, -1, 0.0), 3) / 3)
        self.log_chars = np.log1p(self.weighted) / 6
        col("log_chars", self.log_chars)
        col("log_tokens", np.log1p(self.n_tokens) / 5)

    def shape(self) -> None:
        """Bullets, separators, and URLs, e-mails, phones, prices, dates, times, counters, copyright."""
        col, n, joined, starts = self.col, self.n, self.joined, self.starts
        col("bullet", [bool(_BULLET.match(p.text)) for p in self.paras])
        separators = np.bincount(self.chars.para[np.isin(self.chars.codes, _SEPARATOR_CODES)], minlength=n)
        col("separators", np.log1p(separators) / 3)
        found = np.zeros((n, len(PATTERNS)))
        found[:, [PATTERNS.index(name) for name in ("date", "time", "phone", "price")]] = _numbers(joined, starts, n)
        found[:, PATTERNS.index("url")] = _per_paragraph(_URL, joined, starts, n)
        if "@" in joined or "[email" in joined:
            found[:, PATTERNS.index("email")] = _per_paragraph(_EMAIL, joined, starts, n)
        found[:, PATTERNS.index("counter")] = self.counter_hits
        # lower() can change a text's length ("İ"), so the lowered text has its own offsets.
        lowered = self.lowered
        lowered_starts = starts if len(lowered) == len(joined) else \
            np.r_[0, np.cumsum([len(t) + 1 for t in lowered.split("\n")])[:-1]].astype(np.int64)
        found[:, PATTERNS.index("copyright")] = _per_paragraph(_COPYRIGHT, lowered, lowered_starts, n)
        for j, name in enumerate(PATTERNS):
            col(f"n_{name}", np.log1p(found[:, j]))

    def repeats(self) -> None:
        """Repeats of an earlier paragraph of the same document, copies to come, and how near the
        nearest other copy is (1 next door, 1/k k paragraphs away, 0 for a paragraph with no copy):
        a title or caption printed twice sits next to its copy, the question an interview puts to
        each guest recurs far apart. ``first_copy`` is 1/k for a repeat whose first copy is k
        paragraphs back (0 otherwise), so that the context stages can read how the first copy
        scored: a plan's "Lunch" in its second week is what it was in the first."""
        is_repeat = np.zeros(self.n)
        repeats = np.zeros(self.n)
        gap = np.zeros(self.n)
        first_copy = np.zeros(self.n)
        row = 0
        for d in self.docs:
            keys = [t.casefold() for t in self.norms[row:row + len(d.paragraphs)]]
            seen: dict[str, int] = {}
            first: dict[str, int] = {}
            last: dict[str, int] = {}
            for i, k in enumerate(keys, row):
                is_repeat[i] = k in seen
                seen[k] = seen.get(k, 0) + 1
                if k in last:  # this copy's nearest is the one before; that one's may be further back
                    gap[i] = 1 / (i - last[k])
                    gap[last[k]] = max(gap[last[k]], gap[i])
                    first_copy[i] = 1 / (i - first[k])
                else:
                    first[k] = i
                last[k] = i
            repeats[row:row + len(keys)] = [seen[k] - 1 for k in keys]
            row += len(keys)
        self.col("is_repeat", is_repeat)
        self.col("repeats", np.minimum(repeats, 3) / 3)
        self.col("copy_gap", gap)
        self.col("first_copy", first_copy)

    def structure(self) -> None:
        """Runs of short lines, long paragraphs around, and the neighbours' main features."""
        col, lay, X = self.col, self.lay, self.X
        short = ((self.n_tokens <= SHORT_TOKENS) & (self.weighted < 40)).astype(float)
        long = self.long.astype(float)
        col("short_run", np.log1p(lay.run_lengths(short)) / 3)
        col("long_before", np.log1p(lay.cumsum_before(long)) / 3)
        col("long_after", np.log1p(lay.cumsum_after(long)) / 3)
        for name, ahead, count in (("prev", False, lay.cumsum_before(long)), ("next", True, lay.cumsum_after(long))):
            # Distance to the nearest long paragraph on that side; 0 where there is none (see long_before/after).
            col(f"dist_{name}_long", np.where(count > 0, np.log1p(lay.distance(long > 0, ahead=ahead)) / 4, 0.0))
        # A list hangs from the line ending in a colon above it ("Residents are asked to:",
        # but also "Follow us:"); its items are the lines after it, up to the next long paragraph.
        colon = X[:, _COL["ends_colon"]] > 0
        to_colon = lay.distance(colon, ahead=False)
        in_list = (lay.cumsum_before(colon.astype(float)) > 0) & (to_colon <= LIST_REACH) \
            & (to_colon <= lay.distance(long > 0, ahead=False)) & (long == 0)
        col("list_lead", np.where(in_list, to_colon / LIST_REACH, 0.0))
        log_chars = self.log_chars
        col("window_len", (log_chars + sum(lay.shift(log_chars, by, 0.0) for by in (1, 2, -1, -2))) / 5)
        base = {"log_chars": log_chars, "ends_terminal": X[:, _COL["ends_terminal"]],
                "stop_doc": X[:, _COL["stop_doc"]], "script_mismatch": X[:, _COL["script_mismatch"]],
                "digit": X[:, _COL["digit"]], "short": short, "label_prefix": X[:, _COL["label_prefix"]]}
        for d in (1, 2):
            for side, by in (("prev", d), ("next", -d)):
                for name in NEIGHBOUR_FEATURES:
                    col(f"{side}{d}_{name}", lay.shift(base[name], by, 0.0))


def _hashed(hashes: np.ndarray, para: np.ndarray, n: int, width: int) -> sp.csr_matrix:
    """Unigrams and bigrams of token hashes → an L2-normalised count matrix ``n × width``.
    A bigram's hash mixes its two tokens' hashes; bigrams never span two paragraphs.

    Each paragraph's opening word and opening pair are hashed once more as openers, added at
    weight ``OPENER_WEIGHT`` after normalising: "Read also:", "Tags:", "By", "Photo:" mark a
    line whatever follows them, and a long teaser would otherwise dilute them to nothing."""
    h = hashes.astype(np.uint64)
    same = para[1:] == para[:-1]
    mixed = (h[:-1] * np.uint64(0x9E3779B1) + h[1:] * np.uint64(0x85EBCA77)) >> np.uint64(20)
    mask = np.uint64(width - 1)
    cols = np.concatenate([h & mask, (mixed & mask)[same]]).astype(np.int64)
    rows = np.concatenate([para, para[1:][same]])
    matrix = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n, width))
    matrix.sum_duplicates()
    matrix = normalize(matrix)
    if not len(h):
        return matrix
    first = np.flatnonzero(np.r_[True, ~same])  # each paragraph's first token
    pair = first[(first + 1 < len(h))]
    pair = pair[para[pair + 1] == para[pair]]
    opener = ((h[first] * np.uint64(0xC2B2AE35) + np.uint64(0x27D4EB2F)) >> np.uint64(8)) & mask
    opening_pair = ((mixed[pair] * np.uint64(0x165667B1) + np.uint64(0x61C88647)) >> np.uint64(4)) & mask
    extra = sp.csr_matrix((np.full(len(first) + len(pair), OPENER_WEIGHT),
                           (np.r_[para[first], para[pair]], np.r_[opener, opening_pair].astype(np.int64))),
                          shape=(n, width))
    return matrix + extra


def _counter_hits(values: np.ndarray, para: np.ndarray, n_tokens: np.ndarray, n: int) -> np.ndarray:
    """1 for a paragraph that reads as a counter: a counter word with a number at most
    ``COUNTER_REACH`` tokens away ("1,204 views", "阅读量：12,407"), in a line of at most
    ``COUNTER_MAX_WORDS`` words. A story paragraph with a counter word somewhere and a number
    somewhere ("… buying new shares worth £41 million, and … 120 jobs …") is no counter."""
    number = (values & _NUMBER_TOKEN) > 0
    near = np.zeros(len(values), dtype=bool)
    for d in range(1, COUNTER_REACH + 1):
        same = para[d:] == para[:-d]
        near[d:] |= number[:-d] & same
        near[:-d] |= number[d:] & same
    hits = np.bincount(para, weights=((values & _COUNTER) > 0) & near, minlength=n) > 0
    return hits & (n_tokens <= COUNTER_MAX_WORDS)


def _stop_counts(masks: np.ndarray, para: np.ndarray, n: int) -> np.ndarray:
    """Stopword hits per paragraph and language, from each token's language bit mask."""
    hit = masks != 0
    if not hit.any():
        return np.zeros((n, len(stopwords.LANGUAGES)))
    bits = np.unpackbits(masks[hit].view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    bits = bits[:, :len(stopwords.LANGUAGES)].astype(np.float64)
    m = int(hit.sum())
    by_para = sp.csr_matrix((np.ones(m), (para[hit], np.arange(m))), shape=(n, m))
    return np.asarray(by_para @ bits)


class ParagraphFeatures(TransformerMixin, BaseEstimator):
    """Documents → one sparse feature row per paragraph (see module docstring)."""

    def __init__(self, n_hashed: int = N_HASHED, ngram_weight: float = NGRAM_WEIGHT):
        self.n_hashed = n_hashed
        self.ngram_weight = ngram_weight

    def fit(self, docs, y=None):
        self.n_dense_ = N_DENSE
        return self

    def transform(self, docs) -> sp.csr_matrix:
        dense, hashed = batch_features(list(docs), self.n_hashed)
        return sp.hstack([sp.csr_matrix(dense), hashed * self.ngram_weight], format="csr")

    def get_feature_names_out(self, input_features=None):
        return np.array(DENSE_NAMES + [f"ngram_{i}" for i in range(self.n_hashed)], dtype=object)
