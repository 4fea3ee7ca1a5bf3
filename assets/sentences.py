"""sentences: split each article into sentences traceable to raw bytes."""
from .stage import stage_asset

sentences = stage_asset(
    "sentences", "articles",
    "Sentences of each article with paragraph type and offsets into the article text and the raw bytes.",
)
