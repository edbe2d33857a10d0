"""junkfilter inside the engines people already run: datatrove, Spark and Dolma.

Each module imports its engine lazily, so junkfilter itself never depends on them.
"""
