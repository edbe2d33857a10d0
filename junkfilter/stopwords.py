"""Stopword lists for many languages, as one lookup: word → bit mask of languages.

The lists are jusText's (installed with trafilatura), plus short lists of function
characters for Chinese and Japanese, whose text has no spaces and which jusText lacks.
Stopword density is the classic boilerplate signal: running prose is full of "the",
"und", "的"; menus, listings and footers are not.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

#: ISO 639-1 code → jusText stoplist name. At most 62 languages (two more are ours).
JUSTEXT_LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
    "ar": "Arabic", "hi": "Hindi", "tr": "Turkish", "id": "Indonesian", "ko": "Korean",
    "sv": "Swedish", "da": "Danish", "nb": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech",
    "sk": "Slovak", "ro": "Romanian", "hu": "Hungarian", "el": "Greek", "he": "Hebrew",
    "fa": "Persian", "ur": "Urdu", "bn": "Bengali", "vi": "Vietnamese", "ms": "Malay",
    "ca": "Catalan", "bg": "Bulgarian", "sr": "Serbian", "hr": "Croatian", "sl": "Slovenian",
    "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "tl": "Tagalog", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "mr": "Marathi", "gl": "Galician", "eu": "Basque",
}
OWN_LISTS = {
    "zh": "的 了 是 在 和 也 这 那 他 她 我 们 为 与 对 将 等 于 以 不 就 都 而 及 被 从 到 说 并 但 其 已 让 把 着 过 还 要 会 能 可 之 所 该 由 向 此 个 地 得 却 又 很 最",
    "ja": "の に は を が で と た し て も な い か ら れ さ る こ う す だ ま そ や へ よ り ど",
}
LANGUAGES: tuple[str, ...] = tuple(JUSTEXT_LANGUAGES) + tuple(OWN_LISTS)


@lru_cache(maxsize=1)
def lookup() -> dict[str, int]:
    """word (lower case) → bit mask over ``LANGUAGES``."""
    import justext  # a dependency of trafilatura

    masks: dict[str, int] = {}
    for bit, code in enumerate(LANGUAGES):
        words = OWN_LISTS[code].split() if code in OWN_LISTS else justext.get_stoplist(JUSTEXT_LANGUAGES[code])
        for word in words:
            masks[word.lower()] = masks.get(word.lower(), 0) | (1 << bit)
    return masks


_BITS = np.arange(len(LANGUAGES), dtype=np.uint64)


def count_by_language(masks: list[int], rows: list[int], n_rows: int) -> np.ndarray:
    """Sum stopword hits per row and language: ``masks[k]`` is a hit in row ``rows[k]``."""
    out = np.zeros((n_rows, len(LANGUAGES)), dtype=np.int64)
    if masks:
        bits = (np.array(masks, dtype=np.uint64)[:, None] >> _BITS) & np.uint64(1)
        np.add.at(out, np.array(rows), bits.astype(np.int64))
    return out
