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
class FileReport:
    src: str
    documents: int = 0
    paragraphs: int = 0
    kept: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    paragraphs: int = 0
    kept: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    errors: list[str] = field(default_factory=list)
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
        return (f"{self.files} files, {self.documents} documents: {self.paragraphs} paragraphs, "
                f"{self.kept} kept, {self.dropped} dropped; {len(self.errors)} errors "
                f"({self.seconds:.1f} s, {self.bytes_in / 1e6 / max(self.seconds, 1e-9):.1f} MB/s)")


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


def _batches(docs: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(docs, size)):
        yield batch


def run_task(task: Task, model: Model, threshold: float | None = None, text_field: str = "text") -> FileReport:
    """Read, clean and write one file; every failure ends up in the report, none escapes."""
    report = FileReport(str(task.src))
    try:
        report.bytes_in = task.src.stat().st_size
        if task.fmt == "jsonl":
            def results() -> Iterator[CleanResult]:
                for batch in _batches(readers.read_jsonl(task.src, text_field), BATCH_DOCUMENTS):
                    report.errors.extend(str(x) for x in batch if isinstance(x, readers.ReadError))
                    docs = [x for x in batch if not isinstance(x, readers.ReadError)]
                    for result in clean_documents(docs, model, threshold):
                        _count(report, result)
                        yield result
            report.bytes_out = writers.write_jsonl(task.dst, results(), text_field, readers.is_gzip(task.dst))
        else:
            read = readers.read_html if task.fmt == "html" else readers.read_text
            result = clean_documents([read(task.src, task.doc_id)], model, threshold)[0]
            _count(report, result)
            report.bytes_out = writers.write_text(task.dst, result)
    except readers.ReadError as exc:
        report.errors.append(str(exc))
    except OSError as exc:
        report.errors.append(f"{task.src}: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop a batch of millions; report it loudly instead
        report.errors.append(f"{task.src}: unexpected {type(exc).__name__}: {exc}")
    return report


def _count(report: FileReport, result: CleanResult) -> None:
    report.documents += 1
    report.paragraphs += len(result.decisions)
    report.kept += result.kept


_WORKER: dict = {}


def _init_worker(model_path: str | None, threshold: float | None, text_field: str) -> None:
    _WORKER.update(model=load(Path(model_path) if model_path else None), threshold=threshold, text_field=text_field)


def _run_in_worker(task: Task) -> FileReport:
    return run_task(task, _WORKER["model"], _WORKER["threshold"], _WORKER["text_field"])


def run(tasks: list[Task], model_path: Path | None = None, threshold: float | None = None, jobs: int = 1,
        text_field: str = "text", on_done: Callable[[FileReport], None] | None = None) -> Summary:
    """Run tasks with ``jobs`` processes (each loads the model once); reports come back in task order."""
    summary = Summary()
    start = time.perf_counter()
    if jobs <= 1 or len(tasks) <= 1:
        _init_worker(str(model_path) if model_path else None, threshold, text_field)
        reports = map(_run_in_worker, tasks)
        for report in reports:
            summary.add(report)
            if on_done:
                on_done(report)
    else:
        # Not fork: the parent may hold threads (BLAS, OpenMP) whose locks a forked child inherits.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker,
                                 initargs=(str(model_path) if model_path else None, threshold, text_field)) as pool:
            for report in pool.map(_run_in_worker, tasks, chunksize=max(1, min(64, len(tasks) // (jobs * 8)))):
                summary.add(report)
                if on_done:
                    on_done(report)
    summary.seconds = time.perf_counter() - start
    return summary
