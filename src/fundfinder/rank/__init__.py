"""Ranking: the scorer, the bulk scorer for large databases, grant history, keyword
retrieval, and the measures of the quality benchmark."""
