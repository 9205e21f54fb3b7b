"""Exercise packs shipped with recommender."""
