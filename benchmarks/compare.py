"""junkfilter beside the anchors on a labelled set of pages, in one run, one table.

    python benchmarks/compare.py [--bench ../shared/bench/scrapinghub] [--per-doc] [--misses]

The set is a folder with ``labels.jsonl`` ({id, paragraphs, labels}), ``raw/<id>.txt``
(the text a naive scraper leaves) and, optionally, ``html/<id>.html.gz``. Systems:

* keep everything (the raw text);
* datatrove's C4 quality filter used as a line filter (its line rules; no minimum
  number of sentences, a document it rejects whole counts as empty);
* jusText on the text, each line given to it as a <p>, English stoplist;
* jusText and trafilatura on the HTML, where the set has it;
* junkfilter on the raw text with the shipped model (or --model), and on the HTML the way
  `junkfilter clean` reads .html files: trafilatura's text (favouring recall), then junkfilter.

Figures use junkfilter.evaluate.score_outputs (the definitions of shared/tools/score.py);
MB/s is input megabytes (text or HTML, as the system reads) per second, one process.
--misses says why junkfilter (on the text) missed the story paragraphs it missed: repeats
that the duplicate rule drops, or scores below the threshold, and where those sit.
The anchors need `pip install datatrove spacy` (see the README); a missing one is skipped.
"""
from __future__ import annotations

import argparse
import gzip
import html
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from junkfilter.clean import clean_documents  # noqa: E402
from junkfilter.documents import Document  # noqa: E402
from junkfilter.evaluate import norm, read_gold, score_outputs  # noqa: E402
from junkfilter.model import load  # noqa: E402
from junkfilter.readers import html_to_text  # noqa: E402


def c4_lines() -> Callable[[str], str]:
    from datatrove.data import Document as DtDocument
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter(min_num_sentences=-1)

    def run(text: str) -> str:
        doc = DtDocument(text=text, id="x")
        return doc.text if c4.filter(doc) is True else ""
    return run


def justext_text() -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(text: str) -> str:
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
        return "\n".join(p.text for p in justext.justext(page + "</body></html>", stoplist) if not p.is_boilerplate)
    return run


def justext_html() -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda page: "\n".join(p.text for p in justext.justext(page, stoplist) if not p.is_boilerplate)


def trafilatura_html() -> Callable[[str], str]:
    import trafilatura

    return lambda page: trafilatura.extract(page) or ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    ap.add_argument("--model", type=Path, help="junkfilter model (default: the shipped one)")
    ap.add_argument("--per-doc", action="store_true", help="list junkfilter's errors per document")
    ap.add_argument("--misses", action="store_true", help="say why junkfilter missed the story paragraphs it missed")
    args = ap.parse_args()
    gold = read_gold(args.bench / "labels.jsonl")
    texts = {g["id"]: (args.bench / "raw" / f"{g['id']}.txt").read_text(encoding="utf-8") for g in gold}
    pages = {}
    for g in gold:
        page = args.bench / "html" / f"{g['id']}.html.gz"
        if page.is_file():
            pages[g["id"]] = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
    model = load(args.model, trust=args.model is not None)  # a model named here is trusted by the one running this

    def junkfilter_run(items: dict[str, str]) -> dict[str, str]:
        docs = [Document(doc_id, text) for doc_id, text in items.items()]
        return {r.document.id: r.text for r in clean_documents(docs, model)}

    junkfilter_run({"warm-up": "Loading the stopword lists\nand the character tables."})  # one-time costs, not timed

    systems: list[tuple[str, str, Callable]] = [
        ("keep everything", "text", lambda items: dict(items)),
        ("C4 line filter (datatrove)", "text", c4_lines),
        ("jusText, lines as <p>", "text", justext_text),
        ("jusText", "html", justext_html),
        ("trafilatura", "html", trafilatura_html),
        ("junkfilter", "text", lambda items: junkfilter_run(items)),
        ("junkfilter (trafilatura's text, then junkfilter)", "html",
         lambda items: junkfilter_run({k: html_to_text(v) for k, v in items.items()})),
    ]
    median = sorted(len(g["paragraphs"]) for g in gold)[len(gold) // 2] if gold else 0
    print(f"{len(gold)} pages from {args.bench} (median {median} paragraphs a page)")
    if args.misses:
        print(misses(gold, clean_documents([Document(k, v) for k, v in texts.items()], model)))
    print("| system | input | keep P | keep R | keep F1 | junk removed | token F1 | MB/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, kind, make in systems:
        items = texts if kind == "text" else pages
        if not items:
            continue
        size = sum(len(t.encode("utf-8")) for t in items.values())
        try:
            if name.startswith(("keep everything", "junkfilter")):
                start = time.perf_counter()
                outputs = make(items)
            else:
                run = make()
                start = time.perf_counter()
                outputs = {k: run(v) for k, v in items.items()}
        except ImportError as exc:
            print(f"| {name} | {kind} | skipped: {exc} |||||| ")
            continue
        seconds = time.perf_counter() - start
        r = score_outputs(gold, outputs)
        print(f"| {name} | {kind} | {r['keep_precision']:.3f} | {r['keep_recall']:.3f} | {r['keep_f1']:.3f} | "
              f"{r['junk_removed']:.3f} | {r['token_f1']:.3f} | {size / 1e6 / seconds:.2f} |")
        if name.startswith("junkfilter") and args.per_doc:
            for d in r["per_doc"]:
                if d["kept_wrong"] or d["dropped_wrong"]:
                    print(f"    {d['id'][:16]}: kept wrongly {d['kept_wrong']}, dropped wrongly {d['dropped_wrong']}, "
                          f"token F1 {d['token_f1']}")


def misses(gold: list[dict], results) -> str:
    """Story paragraphs junkfilter dropped, by the cleaner's reason, and where the low scores sit."""
    by_id = {r.document.id: r for r in results}
    repeats = low = inside = short = 0
    for doc in gold:
        label = {norm(p): lab for p, lab in zip(doc["paragraphs"], doc["labels"])}
        result = by_id[str(doc["id"])]
        labels = [label.get(norm(p.text)) for p in result.document.paragraphs]
        for i, (p, d) in enumerate(zip(result.document.paragraphs, result.decisions)):
            if labels[i] != 1 or d.keep:
                continue
            if d.reason == "duplicate":
                repeats += 1
                continue
            low += 1
            short += len(p.text) < 60
            inside += 0 < i < len(labels) - 1 and labels[i - 1] == 1 and labels[i + 1] == 1
    return (f"junkfilter missed {repeats + low} story paragraphs: {repeats} repeats of an earlier paragraph "
            f"(the duplicate rule), {low} scored below the threshold ({short} of them under 60 characters, "
            f"{inside} between two story paragraphs)")


if __name__ == "__main__":
    main()
