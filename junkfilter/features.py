"""Paragraph features: what the model sees of each paragraph, computed a document at a time.

``ParagraphFeatures`` is a scikit-learn transformer from a list of segmented Documents
to one sparse row per paragraph, in document order::

    [ dense shallow and context features (DENSE_NAMES) | hashed content n-grams ]

Column 0 is ``is_first``: it marks where each document starts, which the context stage
of the model (``context.py``) relies on.

* Content: word unigrams and bigrams for space-delimited scripts, character unigrams
  and bigrams for Chinese, Japanese and Thai, from one compiled regex; digits are folded
  to 0 so "CT26A" and "MG7" share a shape. Hashed, so the vocabulary is open.
* Shallow, in the spirit of jusText and boilerpipe: length, shares of digits, punctuation
  and upper case, scripts, terminal punctuation, bullets, stopword density in the
  document's language, URLs, e-mails, phone numbers, prices, dates, counters, copyright.
* Context: position, blank lines around, runs of short lines, distance to the nearest
  long paragraph, repeats, and the neighbours' main features.
"""
from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize

from . import charclass, stopwords
from .documents import Document
from .segment import duplicate_key, normalise

#: Width of the hashed n-gram block.
N_HASHED = 2**18
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
COUNTER_WORDS = frozenset(["点 击", "阅 读", "浏 览", "评 论", "閲 覧"] + """views view reads read comments comment likes shares clicks 点击 阅读 浏览 评论 次
    閲覧 조회 조회수 просмотров просмотры просмотр aufrufe visualizações visualizzazioni vues""".split())
COPYRIGHT_TOKENS = frozenset(["©", "copyright", "版 权", "版 權", "著 作", "rights reserved", "무단전재", "защищены", "droits réservés",
                              "derechos reservados", "diritti riservati", "direitos reservados", "rechte vorbehalten"])
PATTERNS = ("url", "email", "phone", "price", "date", "time", "counter", "copyright")


def _numbers(text: str) -> dict[str, int]:
    """Count dates, times, phone numbers and prices among the digit runs of a paragraph."""
    found = {"date": 0, "time": 0, "phone": 0, "price": 0}
    for m in _NUMBER.finditer(text):
        run, s, e = m.group(), m.start(), m.end()
        after = text[e:e + 3].lstrip().lower()
        if _DATE.match(run) or after.startswith(_DATE_AFTER):
            found["date"] += 1
        elif _TIME.match(run):
            found["time"] += 1
        elif _PHONE.match(run):
            found["phone"] += 1
        if (s and text[s - 1] in _CURRENCY_BEFORE) or (s > 1 and text[s - 2] in _CURRENCY_BEFORE) \
                or after.startswith(_CURRENCY_AFTER):
            found["price"] += 1
    return found


_SEPARATORS = re.compile(r"[|»›•·▪►▶→/]")
_BULLET = re.compile(r"^\s*(?:[•·▪►▶*–—\-‣◦●■□✓]|\d{1,2}[.)]|[a-z][.)])\s")
_TERMINAL = frozenset(".!?。！？…:;\"'”’»」』)]")

_BASE = [
    "is_first", "is_last", "rel_position", "chars_before", "doc_size", "blank_before", "blank_after",
    "log_chars", "log_tokens", "mean_word_len",
    "digit", "punct", "symbol", "upper",
    "latin", "han", "kana", "hangul", "cyrillic", "arabic", "indic", "other_script",
    "script_mismatch", "doc_script_share",
    "ends_terminal", "starts_upper", "bullet", "titlecase", "separators",
    *[f"n_{name}" for name in PATTERNS],
    "stop_doc", "stop_best", "lang_mismatch",
    "repeats", "is_repeat", "self_repeat", "numbers",
    "short_run", "long_before", "long_after", "dist_prev_long", "dist_next_long", "window_len",
]
#: Features of the neighbours at distance 1 and 2 on each side.
NEIGHBOUR_FEATURES = ["log_chars", "ends_terminal", "stop_doc", "script_mismatch", "digit", "short"]
DENSE_NAMES: list[str] = _BASE + [
    f"{side}{d}_{name}" for d in (1, 2) for side in ("prev", "next") for name in NEIGHBOUR_FEATURES
]
N_DENSE = len(DENSE_NAMES)
_COL = {name: i for i, name in enumerate(DENSE_NAMES)}


def tokens(text: str) -> list[str]:
    """Lower-cased tokens with digits folded: words, CJK characters, single symbols."""
    return TOKEN.findall(text.lower().translate(_DIGITS))


def ngrams(toks: list[str]) -> list[str]:
    return toks + [a + " " + b for a, b in zip(toks, toks[1:])]


def _per_paragraph(pattern: re.Pattern, text: str, starts: np.ndarray, n: int) -> np.ndarray:
    hits = [m.start() for m in pattern.finditer(text)]
    if not hits:
        return np.zeros(n)
    return np.bincount(np.searchsorted(starts, hits, side="right") - 1, minlength=n).astype(float)


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of equal flags it sits in (0 where False)."""
    n = len(flags)
    out = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and flags[j] == flags[i]:
            j += 1
        if flags[i]:
            out[i:j] = j - i
        i = j
    return out


def _distance(flags: np.ndarray, forward: bool) -> np.ndarray:
    """Paragraphs to the nearest flagged paragraph behind (or ahead); n+1 if none."""
    n = len(flags)
    out = np.full(n, n + 1.0)
    last = None
    order = range(n - 1, -1, -1) if forward else range(n)
    for i in order:
        if last is not None:
            out[i] = abs(last - i)
        if flags[i]:
            last = i
    return out


def _shift(values: np.ndarray, by: int, fill: float = -1.0) -> np.ndarray:
    out = np.full_like(values, fill)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def document_features(doc: Document) -> tuple[np.ndarray, list[list[str]]]:
    """Dense features (n × N_DENSE) and n-gram lists of one segmented document."""
    paras = doc.paragraphs
    n = len(paras)
    if n == 0:
        return np.zeros((0, N_DENSE)), []
    norms = [normalise(p.text) for p in paras]
    joined = "\n".join(norms)
    lengths = np.array([len(t) for t in norms], dtype=float)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    X = np.zeros((n, N_DENSE))

    def col(name: str, values) -> None:
        X[:, _COL[name]] = values

    # Classes of characters and scripts.
    counts = charclass.count_classes(joined, starts, n).astype(float)
    cid = {c: i for i, c in enumerate(charclass.CLASSES)}
    visible = np.maximum(lengths - counts[:, cid["space"]] + (np.arange(n) < n - 1), 1.0)
    script_counts = counts[:, [cid[s] for s in charclass.SCRIPTS]]
    letters = np.maximum(script_counts.sum(axis=1), 1.0)
    for name in ("digit", "punct", "symbol"):
        col(name, counts[:, cid[name]] / visible)
    col("upper", counts[:, charclass.UPPER] / letters)
    for name in ("latin", "han", "kana", "hangul", "cyrillic", "arabic", "indic"):
        col(name, counts[:, cid[name]] / letters)
    col("other_script", (counts[:, cid["greek"]] + counts[:, cid["hebrew"]] + counts[:, cid["thai"]]
                         + counts[:, cid["other_letter"]]) / letters)
    main_script = script_counts.argmax(axis=1)
    doc_script = script_counts.sum(axis=0).argmax()
    has_letters = script_counts.sum(axis=1) >= 3
    col("script_mismatch", (has_letters & (main_script != doc_script)).astype(float))
    col("doc_script_share", script_counts[:, doc_script] / letters)
    cjk = counts[:, cid["han"]] + counts[:, cid["kana"]]
    weighted = lengths + 2 * cjk

    # Tokens, stopwords, n-grams.
    lookup = stopwords.lookup()
    grams, masks, rows = [], [], []
    n_tokens = np.zeros(n)
    word_len = np.zeros(n)
    titlecase = np.zeros(n)
    numbers = np.zeros(n)
    counter_hits = np.zeros(n)
    copyright_hits = np.zeros(n)
    for i, text in enumerate(norms):
        toks = tokens(text)
        g = ngrams(toks)
        grams.append(g)
        gset = set(g)
        copyright_hits[i] = len(gset & COPYRIGHT_TOKENS)
        if gset & COUNTER_WORDS and "0" in text.translate(_DIGITS):
            counter_hits[i] = 1
        words = [t for t in toks if t.isalnum()]
        n_tokens[i] = len(words)
        if words:
            word_len[i] = sum(map(len, words)) / len(words)
            numbers[i] = sum(t[0] == "0" for t in words) / len(words)
            for t in words:
                m = lookup.get(t)
                if m:
                    masks.append(m)
                    rows.append(i)
        raw_words = text.split()
        if raw_words:
            titlecase[i] = sum(w[:1].isupper() for w in raw_words) / len(raw_words)
    stop = stopwords.count_by_language(masks, rows, n).astype(float)
    doc_lang = stop.sum(axis=0).argmax()
    if stop.sum() == 0 or (cjk.sum() > 0.3 * lengths.sum()):
        doc_lang = stopwords.LANGUAGES.index("ja" if counts[:, cid["kana"]].sum() > 0.1 * cjk.sum() else "zh")
    denom = np.maximum(n_tokens, 1)
    col("stop_doc", np.minimum(stop[:, doc_lang] / denom, 1))
    best = stop.max(axis=1)
    col("stop_best", np.minimum(best / denom, 1))
    col("lang_mismatch", ((n_tokens >= 4) & (best >= 2) & (stop[:, doc_lang] < 0.5 * best)).astype(float))

    # Size and position.
    idx = np.arange(n, dtype=float)
    col("is_first", idx == 0)
    col("is_last", idx == n - 1)
    col("rel_position", idx / max(n - 1, 1))
    total = max(weighted.sum(), 1.0)
    col("chars_before", (np.cumsum(weighted) - weighted) / total)
    col("doc_size", np.log1p(n) / 5)
    blank = np.array([p.blank_before for p in paras], dtype=float)
    col("blank_before", np.minimum(blank, 3) / 3)
    col("blank_after", np.minimum(_shift(blank, -1, 0.0), 3) / 3)
    log_chars = np.log1p(weighted) / 6
    col("log_chars", log_chars)
    col("log_tokens", np.log1p(n_tokens) / 5)
    col("mean_word_len", np.minimum(word_len, 20) / 10)
    col("titlecase", titlecase)
    col("numbers", numbers)

    # Shape of the paragraph.
    col("ends_terminal", [bool(t) and (t[-1] in _TERMINAL) for t in norms])
    col("starts_upper", [bool(t) and (t[0].isupper() or t[0].isdigit()) for t in norms])
    col("bullet", [bool(_BULLET.match(p.text)) for p in paras])
    col("separators", np.log1p(_per_paragraph(_SEPARATORS, joined, starts, n)) / 3)
    found = np.zeros((n, len(PATTERNS)))
    has_digits = counts[:, cid["digit"]] > 0
    for i, text in enumerate(norms):
        if has_digits[i]:
            for name, k in _numbers(text).items():
                found[i, PATTERNS.index(name)] = k
    found[:, PATTERNS.index("url")] = _per_paragraph(_URL, joined, starts, n)
    found[:, PATTERNS.index("email")] = _per_paragraph(_EMAIL, joined, starts, n) if "@" in joined or "[email" in joined else 0
    found[:, PATTERNS.index("counter")] = counter_hits
    found[:, PATTERNS.index("copyright")] = copyright_hits
    for j, name in enumerate(PATTERNS):
        col(f"n_{name}", np.log1p(found[:, j]))

    # Repeats: of an earlier paragraph, or of itself (a widget printing a title twice).
    keys = [duplicate_key(t) for t in norms]
    seen: dict[str, int] = {}
    is_repeat = np.zeros(n)
    for i, k in enumerate(keys):
        is_repeat[i] = k in seen
        seen[k] = seen.get(k, 0) + 1
    col("is_repeat", is_repeat)
    col("repeats", np.minimum([seen[k] - 1 for k in keys], 3) / 3)
    col("self_repeat", [_self_repeat(t) for t in norms])

    # Structure around the paragraph.
    short = (n_tokens <= SHORT_TOKENS) & (weighted < 40)
    long = weighted >= LONG_PARAGRAPH
    col("short_run", np.log1p(_run_lengths(short)) / 3)
    col("long_before", np.log1p(np.cumsum(long) - long) / 3)
    col("long_after", np.log1p(np.cumsum(long[::-1])[::-1] - long) / 3)
    col("dist_prev_long", np.log1p(_distance(long, forward=False)) / 4)
    col("dist_next_long", np.log1p(_distance(long, forward=True)) / 4)
    padded = np.concatenate([[0, 0], log_chars, [0, 0]])
    col("window_len", np.convolve(padded, np.ones(5) / 5, mode="valid"))
    base = {"log_chars": log_chars, "ends_terminal": X[:, _COL["ends_terminal"]], "stop_doc": X[:, _COL["stop_doc"]],
            "script_mismatch": X[:, _COL["script_mismatch"]], "digit": X[:, _COL["digit"]], "short": short.astype(float)}
    for d in (1, 2):
        for side, by in (("prev", d), ("next", -d)):
            for name in NEIGHBOUR_FEATURES:
                col(f"{side}{d}_{name}", _shift(base[name], by))
    return X, grams


def _self_repeat(text: str) -> float:
    """1 if the paragraph opens by repeating its own first words, as some widgets print titles."""
    words = text.split()
    if len(words) < 6:
        return 0.0
    for size in range(3, len(words) // 2 + 1):
        if words[:size] == words[size:2 * size]:
            return 1.0
    return 0.0


class ParagraphFeatures(TransformerMixin, BaseEstimator):
    """Documents → one sparse feature row per paragraph (see module docstring)."""

    def __init__(self, n_hashed: int = N_HASHED):
        self.n_hashed = n_hashed

    def fit(self, docs, y=None):
        self.n_dense_ = N_DENSE
        return self

    def transform(self, docs) -> sp.csr_matrix:
        dense, grams = [], []
        for doc in docs:
            d, g = document_features(doc)
            dense.append(d)
            grams.extend(g)
        dense_block = sp.csr_matrix(np.vstack(dense) if dense else np.zeros((0, N_DENSE)))
        hasher = FeatureHasher(n_features=self.n_hashed, input_type="string", alternate_sign=False)
        hashed = normalize(hasher.transform(grams)) if grams else sp.csr_matrix((0, self.n_hashed))
        return sp.hstack([dense_block, hashed], format="csr")

    def get_feature_names_out(self, input_features=None):
        return np.array(DENSE_NAMES + [f"ngram_{i}" for i in range(self.n_hashed)], dtype=object)
