"""junkfilter as a datatrove pipeline step.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from junkfilter.integrations.datatrove import JunkFilter

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), JunkFilter(), JsonlWriter("out/")], tasks=4).run()

Each document's text is replaced by its kept paragraphs, and ``metadata["junkfilter"]``
records what happened (paragraphs kept and dropped, share removed, flagged, and the spans
``[start, end, junk score]`` of every paragraph in the *original* text). A flagged document
(one that lost more than ``max_loss`` of its text) is kept cleaned, kept unchanged, or
dropped to the step's exclusion writer, as ``on_flagged`` says. The model loads once per
worker process, on its first batch, so the step pickles small and runs under datatrove's
local, Slurm and Ray executors alike.
"""
from __future__ import annotations

from datatrove.data import Document as DatatroveDocument
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..clean import clean_documents
from ..documents import Document
from ..writers import ON_FLAGGED, junkfilter_metadata, output_text
from .common import worker_model


class JunkFilter(BaseFilter):
    name = "🧹 junkfilter"

    def __init__(self, model_path: str | None = None, threshold: float | None = None, max_loss: float = 0.9,
                 on_flagged: str = "clean", spans: bool = True, trust_model: bool = False,
                 batch_size: int = 256, exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        if on_flagged not in ON_FLAGGED:
            raise ValueError(f"on_flagged must be one of {ON_FLAGGED}, not {on_flagged!r}")
        self.model_path, self.trust_model = model_path, trust_model
        self.threshold, self.max_loss, self.on_flagged, self.spans = threshold, max_loss, on_flagged, spans

    def filter(self, doc: DatatroveDocument) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[DatatroveDocument]) -> list[bool | tuple[bool, str]]:
        model = worker_model(self.model_path, self.trust_model)
        results = clean_documents([Document(str(d.id), d.text) for d in batch], model, self.threshold,
                                  max_loss=self.max_loss)
        verdicts: list[bool | tuple[bool, str]] = []
        for doc, result in zip(batch, results):
            meta = junkfilter_metadata(result, scores=False)
            if self.spans:
                meta["spans"] = [[s, e, round(1.0 - score, 4)] for s, e, score, _ in result.spans()]
            doc.metadata["junkfilter"] = meta
            self.stat_update("paragraphs_kept", value=result.kept)
            self.stat_update("paragraphs_dropped", value=result.dropped)
            text = output_text(result, self.on_flagged)
            if text is None:
                verdicts.append((False, "junkfilter_flagged"))
                continue
            if result.flagged:
                self.stat_update("flagged")
            doc.text = text
            verdicts.append(True)
        return verdicts
