"""Character classes and scripts, counted per paragraph with numpy.

A table maps every code point of the Basic Multilingual Plane to one class; a whole
document is classified in one vectorised pass and counted per paragraph with
``bincount``, which is what keeps the shallow features fast.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

#: Column order of ``count_classes``. Letters are split by script; ``upper`` is
#: counted separately (an upper-case letter also counts in its script).
CLASSES = (
    "space", "digit", "punct", "symbol", "latin", "han", "kana", "hangul", "cyrillic",
    "arabic", "indic", "greek", "hebrew", "thai", "other_letter", "other",
)
SCRIPTS = CLASSES[4:15]
_ID = {name: i for i, name in enumerate(CLASSES)}
UPPER = len(CLASSES)  # extra column: upper-case letters

_SCRIPT_RANGES = {
    "latin": [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)],
    "greek": [(0x370, 0x3FF), (0x1F00, 0x1FFF)],
    "cyrillic": [(0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "hebrew": [(0x590, 0x5FF), (0xFB1D, 0xFB4F)],
    "arabic": [(0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "indic": [(0x900, 0xDFF)],
    "thai": [(0xE00, 0xE7F)],
    "hangul": [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)],
    "kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)],
    "han": [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)],
}


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    script = np.zeros(0x10000, dtype=np.int64)
    for name, ranges in _SCRIPT_RANGES.items():
        for lo, hi in ranges:
            script[lo:hi + 1] = _ID[name]
    cls = np.full(0x10000, _ID["other"], dtype=np.int64)
    upper = np.zeros(0x10000, dtype=bool)
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        first = cat[0]
        if first == "L" or cat in ("Mn", "Mc"):
            cls[cp] = script[cp] if script[cp] else _ID["other_letter"]
            upper[cp] = cat == "Lu"
        elif cat == "Nd":
            cls[cp] = _ID["digit"]
        elif first == "Z" or cp in (9, 10, 11, 12, 13):
            cls[cp] = _ID["space"]
        elif first == "P":
            cls[cp] = _ID["punct"]
        elif first == "S":
            cls[cp] = _ID["symbol"]
        elif first == "N":
            cls[cp] = _ID["digit"]
    return cls, upper


class Classified:
    """The characters of a text classified: ``cls`` and ``upper`` per character, and
    ``para``, the paragraph each character belongs to (paragraph i starts at ``starts[i]``)."""

    def __init__(self, text: str, starts: np.ndarray):
        cls_table, upper_table = _tables()
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bmp = np.minimum(codes, 0xFFFF)
        self.codes = codes
        self.cls = cls_table[bmp]
        astral = codes > 0xFFFF
        if astral.any():
            self.cls[astral] = np.where((codes[astral] >= 0x20000) & (codes[astral] < 0x323B0), _ID["han"], _ID["other"])
        self.upper = upper_table[bmp] & ~astral
        spans = np.diff(np.r_[starts, len(codes)])  # paragraph i and its joining newline
        self.para = np.repeat(np.arange(len(starts)), spans)
        self.n = len(starts)

    def counts(self) -> np.ndarray:
        """``(n, len(CLASSES) + 1)`` counts per paragraph; the last column counts upper-case letters."""
        width = len(CLASSES) + 1
        counts = np.bincount(self.para * width + self.cls, minlength=self.n * width).reshape(self.n, width)
        counts[:, UPPER] = np.bincount(self.para[self.upper], minlength=self.n)
        return counts

    def words(self) -> tuple[np.ndarray, np.ndarray]:
        """Per paragraph: whitespace-separated words, and those that begin with a capital."""
        space = self.cls == _ID["space"]
        start = ~space & np.r_[True, space[:-1]]
        return (np.bincount(self.para[start], minlength=self.n),
                np.bincount(self.para[start & self.upper], minlength=self.n))


def count_classes(text: str, starts: np.ndarray, n: int) -> np.ndarray:
    """Count classes per paragraph of ``text``: paragraph i spans from ``starts[i]``.

    Returns an ``(n, len(CLASSES) + 1)`` array whose last column counts upper-case letters.
    """
    if not text or n == 0:
        return np.zeros((n, len(CLASSES) + 1), dtype=np.int64)
    return Classified(text, np.asarray(starts)).counts()
