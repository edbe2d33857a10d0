"""The shipped model (``junkfilter.joblib``) and its card (``junkfilter.json``)."""
