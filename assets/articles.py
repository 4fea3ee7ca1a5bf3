"""articles: split each document into articles with their metadata lines."""
from .stage import stage_asset

articles = stage_asset(
    "articles", "documents",
    "Articles split out of each document, with title, source, editor, photographer and published date.",
)
