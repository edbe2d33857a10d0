"""The command line: ``junkfilter clean | score | train | evaluate`` — thin over the library."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .model import ModelError, load

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Remove junk paragraphs (navigation, spam, footers, boilerplate) from scraped text; keep the news.")

ModelOption = typer.Option(None, "--model", "-m", help="Model file (.joblib); default: the shipped model.")
ThresholdOption = typer.Option(None, "--threshold", "-t", min=0.0, max=1.0,
                               help="Keep paragraphs whose content probability is at least this; default: the model's.")


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def _load(model: Optional[Path]):
    try:
        return load(model)
    except ModelError as exc:
        _fail(str(exc))


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
    input: Path = typer.Argument(..., help="A file, or a folder cleaned recursively."),
    output: Path = typer.Argument(..., help="Output folder mirroring INPUT's tree (or a file, if INPUT is a file)."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes; 0 = one per core."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the field holding the text."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-error lines."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="Leave inputs whose output already exists "
                                       "(outputs are written atomically, so an existing one is complete)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a JSON run report here."),
    fmt: str = typer.Option("auto", "--format", help="How to read standard input or a single file: "
                            "auto (by name; text for standard input), text, html or jsonl."),
) -> None:
    """Clean every file under INPUT into OUTPUT: .txt (and any other name) as plain text, .html/.htm
    through trafilatura, .jsonl as documents; .gz is read through. Each file is written whole or not at
    all; bad files are reported and the rest go on (exit status 1 if any failed). INPUT or OUTPUT may
    be - for standard input or output (one stream, e.g. in a Unix pipe)."""
    from .batch import PlanError, plan, run, split_collisions

    if fmt not in ("auto", "text", "html", "jsonl"):
        _fail(f"--format must be auto, text, html or jsonl, not {fmt!r}")
    loaded = _load(model)  # fail early and clearly, before any worker starts
    if str(input) == "-" or str(output) == "-":
        raise typer.Exit(_clean_stream(input, output, loaded, threshold, fmt, text_field, quiet))
    try:
        tasks = plan(input, output)
    except PlanError as exc:
        _fail(str(exc))
    tasks, collisions = split_collisions(tasks)
    skipped = 0
    if skip_existing:
        todo = [t for t in tasks if not t.dst.exists()]
        skipped, tasks = len(tasks) - len(todo), todo
    jobs = jobs or os.cpu_count() or 1
    show = not quiet and sys.stderr.isatty()
    progress = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), transient=True, console=None)
        bar = progress.add_task("cleaning", total=len(tasks))
    def on_done(report) -> None:
        if progress:
            progress.advance(bar)
        if not quiet:
            for err in report.errors:
                typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    if progress:
        with progress:
            summary = run(tasks, model, threshold, jobs, text_field, on_done)
    else:
        summary = run(tasks, model, threshold, jobs, text_field, on_done)
    for err in collisions:
        if not quiet:
            typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    summary.files += len(collisions)
    summary.errors.extend(collisions)
    summary.skipped = skipped
    typer.echo(summary.line(), err=True)
    if report:
        card = loaded.card
        data = summary.report(input=str(input), output=str(output), junkfilter_version=__version__,
                              model=str(model) if model else "shipped", model_sha256=card.get("model_sha256"),
                              threshold=threshold if threshold is not None else card.get("threshold"))
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    raise typer.Exit(1 if summary.errors else 0)


def _clean_stream(input: Path, output: Path, model, threshold: Optional[float], fmt: str, text_field: str,
                  quiet: bool) -> int:
    """One stream in, one stream out: standard input or a file, to standard output or a file."""
    import io

    from . import readers, writers
    from .clean import clean_documents
    from .documents import Document

    if str(input) != "-" and not Path(input).is_file():
        _fail(f"with - as OUTPUT, INPUT must be a file or -, not {input}")
    name = "stdin" if str(input) == "-" else Path(input).name
    if fmt == "auto":
        fmt = "text" if str(input) == "-" else readers.detect_format(Path(input))
    raw = sys.stdin.buffer.read() if str(input) == "-" else readers.read_bytes(Path(input))
    errors: list[str] = []
    out = io.BytesIO()
    if fmt == "jsonl":
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(readers.decode(line, f"{name}:{n}"))
                if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
                    raise readers.ReadError(f"{name}:{n}: expected an object with a string field {text_field!r}")
            except (readers.ReadError, ValueError) as exc:
                errors.append(str(exc) if isinstance(exc, readers.ReadError) else f"{name}:{n}: not valid JSON: {exc}")
                continue
            result = clean_documents([Document(str(record.get("id", n)), record[text_field], metadata=record)],
                                     model, threshold)[0]
            out.write(writers.jsonl_record(result, text_field))
    else:
        try:
            text = readers.decode(raw, name)
        except readers.ReadError as exc:
            _fail(str(exc), 1)
        if fmt == "html":
            text = readers.html_to_text(text)
        out.write(clean_documents([Document(name, text)], model, threshold)[0].text.encode("utf-8"))
    if str(output) == "-":
        sys.stdout.buffer.write(out.getvalue())
        sys.stdout.flush()
    else:
        with writers.AtomicWriter(Path(output)) as fh:
            fh.write(out.getvalue())
    for err in errors if not quiet else []:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    return 1 if errors else 0


@app.command()
def score(
    file: Path = typer.Argument(..., help="A text or HTML file."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    width: int = typer.Option(100, help="Characters of each paragraph to show."),
) -> None:
    """Show each paragraph of FILE with its content score and decision."""
    from . import readers
    from .clean import clean_document

    m = _load(model)
    try:
        fmt = readers.detect_format(file)
        doc = (readers.read_html if fmt == "html" else readers.read_text)(file, file.stem)
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
    folds: int = typer.Option(5, min=2, help="Cross-validation folds, grouped by document."),
    synthetic: int = typer.Option(3, min=0, help="Synthetic documents composed per written one (0: none)."),
) -> None:
    """Train a model on labelled documents (see training_data/README.md), print its cross-validated
    and held-out figures, and save it with its model card."""
    from .labelled import FormatError
    from .train import train as run_training

    if not data.is_dir():
        _fail(f"training data folder {data} does not exist")
    try:
        model = run_training(data, out, seed=seed, folds=folds, synthetic=synthetic,
                             progress=lambda m: typer.echo(m, err=True))
    except FormatError as exc:
        _fail(str(exc))
    card = model.card
    cv, td = card["cross_validation"], card["training_data"]
    typer.echo(f"trained on {td['train_documents']} documents ({td['heldout_documents']} held out), "
               f"{len(td['languages'])} languages; threshold {card['threshold']:.2f}")
    typer.echo(_figures(f"cross-validated ({cv['folds']} folds by document)", cv))
    if "heldout" in card:
        typer.echo(_figures("held-out documents", card["heldout"]))
        typer.echo(_figures("synthetic from held-out", card["heldout_synthetic"]))
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
    threshold: Optional[float] = ThresholdOption,
    per_doc: bool = typer.Option(False, "--per-doc", help="Also list the documents with errors."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Clean labelled documents and print keep precision, recall, F1, junk removed and token F1
    (the definitions of shared/tools/score.py)."""
    from . import readers
    from .clean import clean_documents
    from .documents import Document
    from .evaluate import read_gold, score_outputs

    m = _load(model)
    try:
        docs_gold = read_gold(gold)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    docs = []
    for g in docs_gold:
        path = raw / f"{g['id']}.txt" if raw else None
        if path is not None and path.is_file():
            docs.append(readers.read_text(path, str(g["id"])))
        else:
            docs.append(Document(str(g["id"]), "\n\n".join(g["paragraphs"])))
    outputs = {r.document.id: r.text for r in clean_documents(docs, m, threshold)}
    result = score_outputs(docs_gold, outputs)
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


if __name__ == "__main__":
    app()
