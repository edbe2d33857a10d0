"""Time and peak memory of cleaning pathological inputs (not a test: it prints figures).

    python benchmarks/hostile.py

Each case runs in a fresh process with the shipped model: a 100 MB single line, two million
two-character lines, and 20,000 nested <div>s through the full-page HTML reader.
"""
from __future__ import annotations

import subprocess
import sys

CASES = {
    "100 MB single line": "text = ('word ' * 20_000_000)[:100_000_000]",
    "2,000,000 tiny lines": "text = 'ab\\n' * 2_000_000",
    "20,000 nested divs (full HTML)": "from junkfilter.html_text import visible_text\n"
                                      "text = visible_text('<div>' * 20_000 + 'deep text' + '</div>' * 20_000)",
}
PROBE = """
import resource, time
from junkfilter import load_model, clean_text
model = load_model()
{setup}
start = time.perf_counter()
out = clean_text(text, model)
seconds = time.perf_counter() - start
print(f"{{len(text):>11,}} chars in, {{len(out):>11,}} out, {{seconds:6.1f}} s, "
      f"peak {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,}} MB")
"""


def main() -> None:
    for name, setup in CASES.items():
        result = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)], capture_output=True, text=True,
                                timeout=600)
        line = result.stdout.strip() or f"failed: {result.stderr.strip().splitlines()[-1:]}"
        print(f"{name:<32} {line}")


if __name__ == "__main__":
    main()
