"""Cleaning a tree of files: plan the work, run it (in parallel), count everything.

Each input file is handled on its own — read, clean, write atomically — so a bad file
is reported and the rest go on, and results never depend on the number of workers.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from . import readers, writers
from .clean import CleanResult, clean_documents
from .documents import Document
from .model import Model, load

#: Documents cleaned per model call when streaming JSONL.
BATCH_DOCUMENTS = 256


@dataclass(frozen=True)
class Task:
    src: Path
    dst: Path
    fmt: str
    doc_id: str


@dataclass
class Counts:
    """What cleaning did, counted: for one file or a whole run."""

    documents: int = 0
    paragraphs: int = 0
    kept: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    errors: list[str] = field(default_factory=list)


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

    def line(self) -> str:
        skipped = f", {self.skipped} skipped (already done)" if self.skipped else ""
        return (f"{self.files} files{skipped}, {self.documents} documents: {self.paragraphs} paragraphs, "
                f"{self.kept} kept, {self.dropped} dropped; {len(self.errors)} errors "
                f"({self.seconds:.1f} s, {self.bytes_in / 1e6 / max(self.seconds, 1e-9):.1f} MB/s)")

    def report(self, **extra) -> dict:
        """The run report: counts, bytes, time and every error."""
        return {"files": self.files, "skipped": self.skipped, "documents": self.documents,
                "paragraphs": self.paragraphs, "kept": self.kept, "dropped": self.dropped,
                "bytes_in": self.bytes_in, "bytes_out": self.bytes_out, "seconds": round(self.seconds, 3),
                "errors": list(self.errors), **extra}


class PlanError(Exception):
    """The input or output path cannot be used as given."""


def plan(in_path: Path, out_path: Path) -> list[Task]:
    """One task per input file, sorted; OUT mirrors IN's tree (or is the output file)."""
    in_path, out_path = Path(in_path), Path(out_path)
    if not in_path.exists():
        raise PlanError(f"input {in_path} does not exist")
    if in_path.is_file():
        fmt = readers.detect_format(in_path)
        if out_path.is_dir():
            return [Task(in_path, writers.output_path(in_path, in_path, out_path, fmt), fmt, in_path.stem)]
        return [Task(in_path, out_path, fmt, in_path.stem)]
    if out_path.exists() and not out_path.is_dir():
        raise PlanError(f"output {out_path} is a file, but input {in_path} is a folder")
    in_real, out_real = in_path.resolve(), out_path.resolve()
    if in_real == out_real:
        raise PlanError("input and output are the same folder; cleaning would overwrite the inputs")
    tasks = []
    for root, dirs, files in os.walk(in_path, followlinks=False):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (root_path / d).resolve() != out_real)
        for name in sorted(files):
            src = root_path / name
            if name.startswith(".") or not src.is_file():
                continue
            fmt = readers.detect_format(src)
            rel = src.relative_to(in_path)
            tasks.append(Task(src, writers.output_path(src, in_path, out_path, fmt), fmt, rel.as_posix()))
    return tasks


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


def run_task(task: Task, model: Model, threshold: float | None = None, text_field: str = "text") -> FileReport:
    """Read, clean and write one file; every failure ends up in the report, none escapes."""
    return run_chunk([task], model, threshold, text_field)[0]


def run_chunk(tasks: list[Task], model: Model, threshold: float | None = None,
              text_field: str = "text") -> list[FileReport]:
    """Clean a chunk of files with one model call for all its text and HTML documents
    (JSONL files stream in batches of their own). One report per task, in order."""
    reports = [FileReport(src=str(t.src)) for t in tasks]
    pending: list[tuple[Task, FileReport, Document]] = []
    for task, report in zip(tasks, reports):
        with _guard(task, report):
            report.bytes_in = task.src.stat().st_size
            if task.fmt == "jsonl":
                _run_jsonl(task, report, model, threshold, text_field)
            else:
                read = readers.read_html if task.fmt == "html" else readers.read_text
                pending.append((task, report, read(task.src, task.doc_id)))
    if pending:
        results = clean_documents([doc for _, _, doc in pending], model, threshold)
        for (task, report, _), result in zip(pending, results):
            with _guard(task, report):
                _count(report, result)
                report.bytes_out = writers.write_text(task.dst, result)
    return reports


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


def _run_jsonl(task: Task, report: FileReport, model: Model, threshold: float | None, text_field: str) -> None:
    def results() -> Iterator[CleanResult]:
        for batch in _batches(readers.read_jsonl(task.src, text_field), BATCH_DOCUMENTS):
            report.errors.extend(str(x) for x in batch if isinstance(x, readers.ReadError))
            docs = [x for x in batch if not isinstance(x, readers.ReadError)]
            for result in clean_documents(docs, model, threshold):
                _count(report, result)
                yield result
    report.bytes_out = writers.write_jsonl(task.dst, results(), text_field, readers.is_gzip(task.dst))


def _count(report: FileReport, result: CleanResult) -> None:
    report.documents += 1
    report.paragraphs += len(result.decisions)
    report.kept += result.kept


#: Files cleaned together in one model call.
CHUNK_FILES = 64

_WORKER: dict = {}


def _init_worker(model_path: str | None, threshold: float | None, text_field: str) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # parallelism comes from processes; threads inside them only contend
    _WORKER.update(model=load(Path(model_path) if model_path else None), threshold=threshold, text_field=text_field)


def _run_in_worker(tasks: list[Task]) -> list[FileReport]:
    return run_chunk(tasks, _WORKER["model"], _WORKER["threshold"], _WORKER["text_field"])


def _chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def run(tasks: list[Task], model_path: Path | None = None, threshold: float | None = None, jobs: int = 1,
        text_field: str = "text", on_done: Callable[[FileReport], None] | None = None) -> Summary:
    """Run tasks with ``jobs`` processes (each loads the model once); reports come back in task order."""
    summary = Summary()
    start = time.perf_counter()
    size = max(1, min(CHUNK_FILES, len(tasks) // max(jobs * 4, 1)))
    chunks = _chunks(tasks, size)
    args = (str(model_path) if model_path else None, threshold, text_field)
    if jobs <= 1 or len(chunks) <= 1:
        _init_worker(*args)
        done = map(_run_in_worker, chunks)
        for reports in done:
            for report in reports:
                summary.add(report)
                if on_done:
                    on_done(report)
    else:
        # Not fork: the parent may hold threads (BLAS, OpenMP) whose locks a forked child inherits.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker, initargs=args) as pool:
            for reports in pool.map(_run_in_worker, chunks):
                for report in reports:
                    summary.add(report)
                    if on_done:
                        on_done(report)
    summary.seconds = time.perf_counter() - start
    return summary
