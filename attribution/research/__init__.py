"""Research tools: corpus backends (processes, Dask), groups of articles, evaluation against gold."""
