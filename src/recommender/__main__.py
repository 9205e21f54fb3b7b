"""``python -m recommender``: the same as the ``recommend`` command."""

from recommender.cli import entry_point

entry_point()
