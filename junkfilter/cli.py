"""The command line: ``junkfilter clean | score | train | evaluate`` — thin over the library."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .model import ModelError, load
from .train import CV_FOLDS, MEMBERS, SYNTHETIC_PER_DOCUMENT

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Remove junk paragraphs (navigation, spam, footers, boilerplate) from scraped text; keep the news.")

ModelOption = typer.Option(None, "--model", "-m", help="Model file (.joblib); default: the shipped model.")
TrustOption = typer.Option(False, "--trust-model", help="Load a model other than the shipped one (a joblib "
                           "file can run code when loaded: only for models you made or trust).")
ThresholdOption = typer.Option(None, "--threshold", "-t", min=0.0, max=1.0,
                               help="Keep paragraphs whose content probability is at least this; default: the model's.")
PresetOption = typer.Option(None, "--preset", help="An operating point of the model instead of a threshold: "
                            "precision (cleaner output), balanced (the default) or recall (keep more).")


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def _load(model: Optional[Path], trust: bool = False):
    try:
        return load(model, trust=trust)
    except ModelError as exc:
        _fail(str(exc))


def _threshold(loaded, threshold: Optional[float], preset: Optional[str]) -> Optional[float]:
    if preset is None:
        return threshold
    if threshold is not None:
        _fail("give --threshold or --preset, not both")
    try:
        return loaded.preset_threshold(preset)
    except ModelError as exc:
        _fail(str(exc))


def _choice(name: str, value: str, allowed) -> None:
    if value not in allowed:
        _fail(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"junkfilter {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    pass


@app.command()
def clean(
    input: Path = typer.Argument(..., help="A file, or a folder cleaned recursively; - for standard input."),
    output: Path = typer.Argument(..., help="Output folder mirroring INPUT's tree (or a file, if INPUT is a "
                                  "file); - for standard output."),
    model: Optional[Path] = ModelOption,
    trust_model: bool = TrustOption,
    threshold: Optional[float] = ThresholdOption,
    preset: Optional[str] = PresetOption,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes; 0 = one per core."),
    fmt: str = typer.Option("auto", "--format", help="Output format: auto (follow the input: text for .txt "
                            "and .html, JSONL for .jsonl and .warc), text (JSONL and WARC: a folder of one "
                            "file per document) or jsonl."),
    input_format: str = typer.Option("auto", "--input-format", help="auto (by file name; text for standard "
                                     "input), text, html, jsonl or warc."),
    emit: str = typer.Option("text", "--emit", help="text: the cleaned documents; spans: every paragraph's "
                             "offsets, junk score and decision in Dolma's attribute layout (JSONL)."),
    experiment: str = typer.Option("junkfilter", "--experiment", help="--emit spans: the attribute names' "
                                   "prefix, <experiment>__junkfilter__junk."),
    html_text: str = typer.Option("main", "--html-text", help="HTML and WARC: main (trafilatura's main text, "
                                  "then junkfilter) or full (every visible block; junkfilter alone)."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the field holding the text."),
    metadata: bool = typer.Option(False, "--metadata", help="JSONL output: add metadata.junkfilter "
                                  "(paragraphs kept and dropped, share of text removed, flagged)."),
    scores: bool = typer.Option(False, "--scores", help="JSONL output: also each paragraph's content score "
                                "(implies --metadata)."),
    max_loss: float = typer.Option(0.9, "--max-loss", min=0.0, max=1.0, help="Flag a document that loses "
                                   "more than this share of its text (all-junk pages, or a model gone wrong)."),
    on_flagged: str = typer.Option("clean", "--on-flagged", help="What a flagged document becomes: clean "
                                   "(what was kept, possibly empty), skip (not written) or original (unchanged). "
                                   "Flagged documents are counted and listed in the report whatever the choice."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-error lines."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="Leave inputs whose output already exists "
                                       "(outputs are written atomically, so an existing one is complete)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a JSON run report here."),
) -> None:
    """Clean every file under INPUT into OUTPUT: .txt (and any other name) as plain text, .html/.htm
    through trafilatura, .jsonl as documents, .warc as crawled pages; .gz is read through. Each output
    is written whole or not at all; bad files and records are reported and the rest go on (exit
    status 1 if anything failed)."""
    from . import readers, writers
    from .batch import Options, PlanError, Runner, one_stream, plan, split_collisions

    _choice("--format", fmt, ("auto", "text", "jsonl"))
    _choice("--input-format", input_format, ("auto",) + readers.FORMATS)
    _choice("--emit", emit, ("text", "spans"))
    _choice("--html-text", html_text, readers.HTML_TEXT)
    _choice("--on-flagged", on_flagged, writers.ON_FLAGGED)
    loaded = _load(model, trust_model)  # fail early and clearly, before any worker starts
    options = Options(threshold=_threshold(loaded, threshold, preset), text_field=text_field, output_format=fmt,
                      emit=emit, html_text=html_text, max_loss=max_loss, on_flagged=on_flagged,
                      metadata=metadata or scores, scores=scores, experiment=experiment)
    jobs = jobs or os.cpu_count() or 1
    if str(input) == "-" or str(output) == "-":
        raise typer.Exit(_clean_stream(input, output, model, trust_model, options, input_format, jobs, quiet))
    if input.is_file() and (input_format if input_format != "auto" else readers.detect_format(input)) \
            not in readers.STREAMED:
        jobs = 1  # one document: nothing to share out
    with Runner(model, options, jobs, trust_model) as runner:  # workers start while the tree is walked
        started = time.perf_counter()
        try:
            tasks, refused = plan(input, output, options, input_format)
        except PlanError as exc:
            _fail(str(exc))
        tasks, collisions = split_collisions(tasks)
        refused += collisions
        if output.is_dir():
            writers.sweep_temporaries(output)  # what a killed run left behind
        skipped = 0
        if skip_existing:
            todo = [t for t in tasks if not t.dst.exists()]
            skipped, tasks = len(tasks) - len(todo), todo
        progress = documents_bar = None
        if not quiet and sys.stderr.isatty():
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            if one_stream(tasks):  # one big file: count its documents
                progress = Progress("[progress.description]{task.description}", BarColumn(),
                                    TextColumn("{task.completed:,} documents"), TimeElapsedColumn(), transient=True)
                documents_bar = progress.add_task(f"cleaning {tasks[0].src.name}", total=None)
            else:
                progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                    TimeRemainingColumn(), transient=True)
            bar = progress.add_task("cleaning", total=len(tasks), visible=documents_bar is None)

        def on_done(file_report) -> None:
            if progress:
                progress.advance(bar)
            if not quiet:
                for err in file_report.errors:
                    typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)

        def on_documents(n: int) -> None:
            if documents_bar is not None:
                progress.advance(documents_bar, n)

        if progress:
            with progress:
                summary = runner.run(tasks, on_done, on_documents)
        else:
            summary = runner.run(tasks, on_done, on_documents)
        summary.seconds = time.perf_counter() - started
    for err in refused if not quiet else []:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    summary.files += len(refused)
    summary.errors.extend(refused)
    summary.skipped = skipped
    typer.echo(summary.line(), err=True)
    if report:
        _write_report(report, summary, loaded, options, input, output, model)
    raise typer.Exit(1 if summary.errors else 0)


def _write_report(path: Path, summary, loaded, options, input: Path, output: Path, model: Optional[Path]) -> None:
    card = loaded.card
    data = summary.report(input=str(input), output=str(output), junkfilter_version=__version__,
                          model=str(model) if model else "shipped", model_sha256=card.get("model_sha256"),
                          threshold=options.threshold if options.threshold is not None else card.get("threshold"),
                          max_loss=options.max_loss, on_flagged=options.on_flagged)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _clean_stream(input: Path, output: Path, model: Optional[Path], trust: bool, options, input_format: str,
                  jobs: int, quiet: bool) -> int:
    """One stream in, one stream out (standard input or a file, to standard output or a
    file): standard input is spooled to a temporary file and run like any input file, so
    every format and option behaves as for files (a JSONL or WARC stream's batches are
    cleaned by ``jobs`` workers), and memory stays flat."""
    import shutil
    import tempfile

    from . import readers
    from .batch import Runner, Task

    if str(input) != "-" and not Path(input).is_file():
        _fail(f"with - as OUTPUT, INPUT must be a file or -, not {input}")
    name = "stdin" if str(input) == "-" else Path(input).name
    fmt = input_format
    if fmt == "auto":
        fmt = "text" if str(input) == "-" else readers.detect_format(Path(input))
    with tempfile.TemporaryDirectory(prefix="junkfilter-") as tmp:
        src = Path(tmp) / name
        if str(input) == "-":
            with open(src, "wb") as fh:
                shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)
        else:
            src = Path(input)
        dst = Path(tmp) / "out" if str(output) == "-" else Path(output)
        task = Task(src, dst, fmt, Path(name).stem, options.kind(fmt))
        reports: list = []
        with Runner(model, options, jobs if fmt in readers.STREAMED else 1, trust) as runner:
            runner.run([task], reports.append)
        file_report = reports[0]
        if str(output) == "-" and dst.exists():
            with open(dst, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer, 1 << 20)
            sys.stdout.flush()
    for err in file_report.errors if not quiet else []:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    return 1 if file_report.errors else 0


@app.command()
def score(
    file: Path = typer.Argument(..., help="A text or HTML file."),
    model: Optional[Path] = ModelOption,
    trust_model: bool = TrustOption,
    threshold: Optional[float] = ThresholdOption,
    preset: Optional[str] = PresetOption,
    html_text: str = typer.Option("main", "--html-text", help="HTML: main (trafilatura) or full (every block)."),
    width: int = typer.Option(100, help="Characters of each paragraph to show."),
) -> None:
    """Show each paragraph of FILE with its content score and decision."""
    from . import readers
    from .clean import clean_document

    m = _load(model, trust_model)
    threshold = _threshold(m, threshold, preset)
    _choice("--html-text", html_text, readers.HTML_TEXT)
    try:
        fmt = readers.detect_format(file)
        doc = readers.read_html(file, file.stem, html_text) if fmt == "html" else readers.read_text(file, file.stem)
    except readers.ReadError as exc:
        _fail(str(exc), 1)
    result = clean_document(doc, m, threshold)
    colours = {"content": typer.colors.GREEN, "junk": typer.colors.RED, "duplicate": typer.colors.YELLOW}
    for i, (p, d) in enumerate(zip(result.document.paragraphs, result.decisions)):
        text = " ".join(p.text.split())
        text = text if len(text) <= width else text[:width - 1] + "…"
        mark = "KEEP" if d.keep else ("dup " if d.reason == "duplicate" else "drop")
        typer.echo(f"{i:4d} {d.score:5.3f} " + typer.style(mark, fg=colours[d.reason]) + f"  {text}")
    t = m.threshold if threshold is None else threshold
    typer.echo(f"{result.kept} kept, {result.dropped} dropped (threshold {t:.2f})", err=True)


@app.command()
def train(
    data: Path = typer.Option(Path("training_data/docs"), "--data", "-d", help="Folder of labelled documents."),
    out: Path = typer.Option(Path("models/junkfilter.joblib"), "--out", "-o", help="Where to write the model."),
    seed: int = typer.Option(0, help="Random seed; same data and seed give the same model."),
    folds: int = typer.Option(CV_FOLDS, min=2, help="Cross-validation folds, grouped by document."),
    synthetic: int = typer.Option(SYNTHETIC_PER_DOCUMENT, min=0, help="Synthetic documents composed per written one (0: none)."),
    members: int = typer.Option(MEMBERS, min=1, help="Classifiers averaged in the model, each fitted on its own "
                                "synthetic documents (1: a single one, faster to train and to clean with)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Members fitted side by side; 0 = one per core."),
    bench: Optional[Path] = typer.Option(Path("../shared/bench/scrapinghub"), "--bench", help="A labelled "
                                         "benchmark (labels.jsonl, raw/) to score the final model on for its "
                                         "card, if present; never trained on."),
) -> None:
    """Train a model on labelled documents (see training_data/README.md), print its cross-validated
    and held-out figures, and save it with its model card."""
    from .labelled import FormatError
    from .train import train as run_training

    if not data.is_dir():
        _fail(f"training data folder {data} does not exist")
    try:
        model = run_training(data, out, seed=seed, folds=folds, synthetic=synthetic,
                             progress=lambda m: typer.echo(m, err=True), bench=bench,
                             members=members, jobs=jobs or os.cpu_count() or 1)
    except FormatError as exc:
        _fail(str(exc))
    card = model.card
    cv, td = card["cross_validation"], card["training_data"]
    typer.echo(f"trained on {td['train_documents']} documents ({td['heldout_documents']} held out), "
               f"{len(td['languages'])} languages; {members} member(s); threshold {card['threshold']:.2f}")
    typer.echo(_figures(f"cross-validated ({cv['folds']} folds by document)", cv))
    if "heldout" in card:
        typer.echo(_figures("held-out documents", card["heldout"]))
        typer.echo(_figures("synthetic from held-out", card["heldout_synthetic"]))
    if "benchmark" in card:
        typer.echo(_figures(f"benchmark ({card['benchmark']['docs']} documents, evaluation only)",
                            card["benchmark"]) + f"  token F1 {card['benchmark']['token_f1']:.3f}")
    typer.echo(f"saved {out} and {out.with_suffix('.json')}")


def _figures(title: str, f: dict) -> str:
    return (f"{title}: keep P {f['keep_precision']:.3f}  R {f['keep_recall']:.3f}  F1 {f['keep_f1']:.3f}  "
            f"junk removed {f['junk_removed']:.3f}")


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", "-g", help="Labels: JSONL of {id, paragraphs, labels}."),
    raw: Optional[Path] = typer.Option(None, "--raw", help="Folder of the raw documents (<id>.txt); "
                                       "default: each document rebuilt from its paragraphs."),
    model: Optional[Path] = ModelOption,
    trust_model: bool = TrustOption,
    threshold: Optional[float] = ThresholdOption,
    preset: Optional[str] = PresetOption,
    per_doc: bool = typer.Option(False, "--per-doc", help="Also list the documents with errors."),
    against: Optional[Path] = typer.Option(
        None, "--against", help="Another model (.joblib, or 'shipped'): clean the same documents with it too (at "
        "its own threshold) and say how far apart the two keep F1s are, with a 95% interval from resampling "
        "the documents. Its file is loaded as --trust-model says."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Clean labelled documents and print keep precision, recall, F1, junk removed and token F1
    (the definitions of shared/tools/score.py)."""
    from .evaluate import evaluate_set, paired_bootstrap, result_counts

    m = _load(model, trust_model)
    threshold = _threshold(m, threshold, preset)
    other = None if against is None else _load(None if str(against) == "shipped" else against, trust_model)
    try:
        result = evaluate_set(m, gold, raw, threshold)
        if other is not None:
            theirs = evaluate_set(other, gold, raw, other.threshold)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    if other is not None:
        result["against"] = {"model": str(against), "keep_f1": theirs["keep_f1"],
                             **paired_bootstrap(result_counts(theirs), result_counts(result))}
    if as_json:
        if not per_doc:
            result.pop("per_doc")
        typer.echo(json.dumps(result))
        return
    if per_doc:
        for d in result["per_doc"]:
            if d["kept_wrong"] or d["dropped_wrong"]:
                typer.echo(f"  {d['id']}: kept wrongly {d['kept_wrong']}, dropped wrongly {d['dropped_wrong']}, "
                           f"junk left {d['junk_left']}, token F1 {d['token_f1']}")
    typer.echo(f"docs {result['docs']}  keep P {result['keep_precision']:.3f}  R {result['keep_recall']:.3f}  "
               f"F1 {result['keep_f1']:.3f}  junk removed {result['junk_removed']:.3f}  "
               f"token F1 {result['token_f1']:.3f}  exact docs {result['exact_docs']}/{result['docs']}")
    if other is not None:
        c = result["against"]
        typer.echo(f"against {against} (keep F1 {c['keep_f1']:.3f}): {c['difference']:+.4f} keep F1, 95% interval "
                   f"{c['low']:+.4f} to {c['high']:+.4f}; this model ahead in {c['better']:.0%} of resamplings")


if __name__ == "__main__":
    app()
