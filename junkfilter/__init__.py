"""junkfilter: remove junk paragraphs from scraped text, keep the news.

    >>> from junkfilter import load_model, clean_text
    >>> model = load_model()
    >>> cleaned = clean_text("Home\\nNews\\nThe council approved the budget on Monday.", model)
"""
__version__ = "0.1.0"

from .clean import CleanResult, clean_document, clean_text, score_paragraphs  # noqa: E402
from .documents import Decision, Document, Paragraph  # noqa: E402
from .model import Model, ModelError, load as load_model  # noqa: E402

__all__ = ["CleanResult", "Decision", "Document", "Model", "ModelError", "Paragraph", "__version__",
           "clean_document", "clean_text", "load_model", "score_paragraphs"]
