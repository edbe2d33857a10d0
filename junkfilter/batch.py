"""Cleaning a tree of files: plan the work, run it (in parallel), count everything.

Each input file is handled on its own — read, clean, write atomically — so a bad file
is reported and the rest go on, and results never depend on the number of workers.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from . import readers, writers
from .clean import CleanResult, clean_documents
from .documents import Document
from .model import Model, load

#: Documents cleaned per model call when streaming JSONL or WARC.
BATCH_DOCUMENTS = 128


@dataclass(frozen=True)
class Options:
    """Everything about a run besides its files and model."""

    threshold: float | None = None
    text_field: str = "text"
    output_format: str = "auto"  # auto (follow the input), text or jsonl
    emit: str = "text"  # text (cleaned documents) or spans (Dolma attributes)
    html_text: str = "main"  # main (trafilatura's extraction) or full (every visible block)
    max_loss: float = 1.0  # flag documents that lose more than this share of their text
    on_flagged: str = "clean"  # clean, skip or original (see writers)
    metadata: bool = False
    scores: bool = False
    experiment: str = "junkfilter"

    def output(self) -> writers.OutputOptions:
        return writers.OutputOptions(self.text_field, self.metadata, self.scores, self.on_flagged, self.experiment)

    def kind(self, fmt: str) -> str:
        """The output kind for an input format."""
        if self.emit == "spans":
            return "spans"
        if self.output_format == "jsonl":
            return "jsonl"
        streamed = fmt in readers.STREAMED
        if self.output_format == "text":
            return "folder" if streamed else "text"
        return "jsonl" if streamed else "text"


@dataclass(frozen=True)
class Task:
    src: Path
    dst: Path
    fmt: str
    doc_id: str
    kind: str = "text"


@dataclass
class Counts:
    """What cleaning did, counted: for one file or a whole run."""

    documents: int = 0
    paragraphs: int = 0
    kept: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    errors: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # ids of documents that lost more than max_loss
    withheld: list[str] = field(default_factory=list)  # ids of flagged documents not written (skip)


@dataclass
class FileReport(Counts):
    src: str = ""


@dataclass
class Summary(Counts):
    files: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def dropped(self) -> int:
        return self.paragraphs - self.kept

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.documents += report.documents
        self.paragraphs += report.paragraphs
        self.kept += report.kept
        self.bytes_in += report.bytes_in
        self.bytes_out += report.bytes_out
        self.errors.extend(report.errors)
        self.flagged.extend(report.flagged)
        self.withheld.extend(report.withheld)

    def line(self) -> str:
        skipped = f", {self.skipped} skipped (already done)" if self.skipped else ""
        flagged = f", {len(self.flagged)} flagged" if self.flagged else ""
        withheld = f" ({len(self.withheld)} not written)" if self.withheld else ""
        return (f"{self.files} files{skipped}, {self.documents} documents{flagged}{withheld}: "
                f"{self.paragraphs} paragraphs, {self.kept} kept, {self.dropped} dropped; {len(self.errors)} errors "
                f"({self.seconds:.1f} s, {self.bytes_in / 1e6 / max(self.seconds, 1e-9):.1f} MB/s)")

    def report(self, **extra) -> dict:
        """The run report: counts, bytes, time, every error and every flagged document."""
        return {"files": self.files, "skipped": self.skipped, "documents": self.documents,
                "paragraphs": self.paragraphs, "kept": self.kept, "dropped": self.dropped,
                "bytes_in": self.bytes_in, "bytes_out": self.bytes_out, "seconds": round(self.seconds, 3),
                "errors": list(self.errors), "flagged": list(self.flagged), "withheld": list(self.withheld),
                **extra}


class PlanError(Exception):
    """The input or output path cannot be used as given."""


def plan(in_path: Path, out_path: Path, options: Options = Options(),
         input_format: str = "auto") -> tuple[list[Task], list[str]]:
    """One task per input file, sorted, and an error for each file that cannot be a task.
    Each file is read as ``input_format``, or as its name says when that is ``auto``.
    OUT mirrors IN's tree (or is the output, when IN is a file). Symlinked folders are not
    followed (no loops); a symlinked file pointing outside IN, or an output that would land
    outside OUT through a symlink, is refused."""
    in_path, out_path = Path(in_path), Path(out_path)

    def detect(path: Path) -> str:
        return readers.detect_format(path) if input_format == "auto" else input_format

    if not in_path.exists():
        raise PlanError(f"input {in_path} does not exist")
    if in_path.is_file():
        fmt = detect(in_path)
        kind = options.kind(fmt)
        dst = writers.output_path(Path(in_path.name), out_path, fmt, kind) if out_path.is_dir() else out_path
        return [Task(in_path, dst, fmt, in_path.stem, kind)], []
    if out_path.exists() and not out_path.is_dir():
        raise PlanError(f"output {out_path} is a file, but input {in_path} is a folder")
    in_real, out_real = in_path.resolve(), out_path.resolve()
    if in_real == out_real:
        raise PlanError("input and output are the same folder; cleaning would overwrite the inputs")
    tasks, errors = [], []
    lands_inside: dict[Path, bool] = {}  # per output folder: resolving is a system call a component
    for root, dirs, files in os.walk(in_path, followlinks=False):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (root_path / d).resolve() != out_real)
        for name in sorted(files):
            src = root_path / name
            if name.startswith(".") or not src.is_file():
                continue
            if src.is_symlink() and not writers.inside(src, in_real):
                errors.append(f"{src}: a symlink to a file outside the input folder; not followed")
                continue
            fmt = detect(src)
            rel = src.relative_to(in_path)
            kind = options.kind(fmt)
            dst = writers.output_path(rel, out_path, fmt, kind)
            if dst.parent not in lands_inside:
                lands_inside[dst.parent] = writers.inside(dst.parent, out_real)
            if not lands_inside[dst.parent]:
                errors.append(f"{src}: its output {dst} would land outside {out_path} (a symlink?); refused")
                continue
            tasks.append(Task(src, dst, fmt, rel.as_posix(), kind))
    return tasks, errors


def split_collisions(tasks: list[Task]) -> tuple[list[Task], list[str]]:
    """Tasks whose outputs are distinct, and an error for each input whose output another
    input already claims (``page.html`` and ``page.txt`` both become ``page.txt``)."""
    seen: dict[Path, Path] = {}
    kept, errors = [], []
    for task in tasks:
        if task.dst in seen:
            errors.append(f"{task.src}: its output {task.dst} is already written from {seen[task.dst]}; rename one")
        else:
            seen[task.dst] = task.src
            kept.append(task)
    return kept, errors


def _batches(docs: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(docs, size)):
        yield batch


def run_task(task: Task, model: Model, options: Options = Options()) -> FileReport:
    """Read, clean and write one file; every failure ends up in the report, none escapes."""
    return run_chunk([task], model, options)[0]


def run_chunk(tasks: list[Task], model: Model | None, options: Options = Options(),
              pool: ProcessPoolExecutor | None = None, in_flight: int = 0,
              on_documents: Callable[[int], None] | None = None) -> list[FileReport]:
    """Clean a chunk of files with one model call for all its one-document files (text and
    HTML); JSONL and WARC files stream in batches of their own, cleaned by ``pool``'s workers
    (at most ``in_flight`` batches waiting) when one is given, ``on_documents`` told how many
    documents each written batch held. One report per task, in order."""
    reports = [FileReport(src=str(t.src)) for t in tasks]
    pending: list[tuple[Task, FileReport, Document]] = []
    for task, report in zip(tasks, reports):
        with _guard(task, report):
            report.bytes_in = task.src.stat().st_size
            if task.fmt in readers.STREAMED:
                _run_stream(task, report, model, options, pool, in_flight, on_documents)
            else:
                doc = next(readers.read_documents(task.src, task.fmt, task.doc_id, options.text_field,
                                                  options.html_text))
                pending.append((task, report, doc))
    if pending:
        results = _clean([doc for _, _, doc in pending], model, options)
        for (task, report, _), result in zip(pending, results):
            with _guard(task, report):
                with writers.Sink(task.dst, task.kind, options.output()) as sink:
                    _write(sink, report, writers.render(result, task.kind, options.output()))
                report.bytes_out = sink.bytes
    return reports


def _clean(docs: list[Document], model: Model, options: Options) -> list[CleanResult]:
    return clean_documents(docs, model, options.threshold, max_loss=options.max_loss)


def _clean_and_render(docs: list[Document], model: Model, options: Options, kind: str) -> list[writers.Rendered]:
    output = options.output()
    return [writers.render(result, kind, output) for result in _clean(docs, model, options)]


def _write(sink: writers.Sink, report: FileReport, rendered: writers.Rendered) -> None:
    report.documents += 1
    report.paragraphs += rendered.paragraphs
    report.kept += rendered.kept
    if rendered.flagged:
        report.flagged.append(rendered.id)
    if not sink.emit(rendered):
        report.withheld.append(rendered.id)


class _guard:
    """Turn any failure while handling a file into an error line of its report."""

    def __init__(self, task: Task, report: FileReport):
        self.task, self.report = task, report

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            return False
        if issubclass(exc_type, readers.ReadError):
            self.report.errors.append(str(exc))
        elif issubclass(exc_type, OSError):
            self.report.errors.append(f"{self.task.src}: {exc.strerror or exc}")
        elif issubclass(exc_type, Exception):  # a bug must not stop a batch of millions; report it loudly
            self.report.errors.append(f"{self.task.src}: unexpected {exc_type.__name__}: {exc}")
        else:
            return False
        return True


def _run_stream(task: Task, report: FileReport, model: Model | None, options: Options,
                pool: ProcessPoolExecutor | None = None, in_flight: int = 0,
                on_documents: Callable[[int], None] | None = None) -> None:
    """A many-document file, streamed in batches: memory stays flat whatever its size.
    Bad records are reported and skipped; the output holds every good one, in order.
    With a pool, this process reads and writes while the workers clean the batches; at most
    ``in_flight`` cleaned batches wait to be written, so memory stays flat there too."""
    docs = readers.read_documents(task.src, task.fmt, task.doc_id, options.text_field, options.html_text)
    waiting: deque[Future] = deque()
    with writers.Sink(task.dst, task.kind, options.output()) as sink:

        def write_all(rendered_batch: list[writers.Rendered]) -> None:
            for rendered in rendered_batch:
                _write(sink, report, rendered)
            if on_documents:
                on_documents(len(rendered_batch))

        def write_until(left: int) -> None:
            while len(waiting) > left:
                write_all(waiting.popleft().result())

        for batch in _batches(docs, BATCH_DOCUMENTS):
            report.errors.extend(str(x) for x in batch if isinstance(x, readers.ReadError))
            good = [x for x in batch if not isinstance(x, readers.ReadError)]
            if pool is None:
                write_all(_clean_and_render(good, model, options, task.kind))
            else:
                waiting.append(pool.submit(_clean_in_worker, good, task.kind))
                write_until(in_flight)
        write_until(0)
    report.bytes_out = sink.bytes


#: Files cleaned together in one model call.
CHUNK_FILES = 64

_WORKER: dict = {}


def _init_worker(model_path: str | None, options: Options, trust: bool) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # parallelism comes from processes; threads inside them only contend
    _WORKER.update(model=load(Path(model_path) if model_path else None, trust=trust), options=options)


def _run_in_worker(tasks: list[Task]) -> list[FileReport]:
    return run_chunk(tasks, _WORKER["model"], _WORKER["options"])


def _clean_in_worker(docs: list[Document], kind: str) -> list[writers.Rendered]:
    """A batch of one big file, cleaned and rendered here: only output bytes travel back."""
    return _clean_and_render(docs, _WORKER["model"], _WORKER["options"], kind)


def one_stream(tasks: list[Task]) -> bool:
    """True when the run is one JSONL or WARC file: this process streams it and the workers,
    if any, clean its batches (progress then counts documents, not files)."""
    return len(tasks) == 1 and tasks[0].fmt in readers.STREAMED


def _chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _ready() -> None:
    """A no-op: submitted once per worker so that workers start (and import) right away."""


class Runner:
    """Workers for a run, started on entering: in a pipeline the CLI enters first and plans
    the tasks while the workers import their libraries, so their start costs no wall time."""

    def __init__(self, model_path: Path | None = None, options: Options = Options(), jobs: int = 1,
                 trust: bool = False):
        self.args = (str(model_path) if model_path else None, options, trust)
        self.jobs = max(1, jobs)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Runner":
        if self.jobs > 1:
            # Not fork: the parent may hold threads (BLAS, OpenMP) whose locks a forked child inherits.
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(method),
                                            initializer=_init_worker, initargs=self.args)
            for _ in range(self.jobs):
                self.pool.submit(_ready)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def run(self, tasks: list[Task], on_done: Callable[[FileReport], None] | None = None,
            on_documents: Callable[[int], None] | None = None) -> Summary:
        """Clean the tasks; reports come back in task order. When the run is one JSONL or WARC
        file, ``on_documents`` hears how many documents each written batch held."""
        summary = Summary()
        start = time.perf_counter()
        size = max(1, min(CHUNK_FILES, len(tasks) // (self.jobs * 4)))
        chunks = _chunks(tasks, size)
        if one_stream(tasks):
            model = None
            if self.pool is None:
                _init_worker(*self.args)
                model = _WORKER["model"]
            done = iter([run_chunk(tasks, model, self.args[1], self.pool, 2 * self.jobs, on_documents)])
        elif self.pool is None:
            _init_worker(*self.args)
            done = map(_run_in_worker, chunks)
        else:
            done = self.pool.map(_run_in_worker, chunks)
        for reports in done:
            for report in reports:
                summary.add(report)
                if on_done:
                    on_done(report)
        summary.seconds = time.perf_counter() - start
        return summary


def run(tasks: list[Task], model_path: Path | None = None, options: Options = Options(), jobs: int = 1,
        on_done: Callable[[FileReport], None] | None = None, trust: bool = False) -> Summary:
    """Run tasks with ``jobs`` processes (each loads the model once); reports come back in task order."""
    with Runner(model_path, options, jobs if len(tasks) > 1 or one_stream(tasks) else 1, trust) as runner:
        return runner.run(tasks, on_done)
