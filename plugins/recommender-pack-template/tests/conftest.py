"""Fixtures: an engine with the built-ins and this plugin only, so nothing
else that happens to be installed changes the results."""

from __future__ import annotations

from recommender.testing import engine_fixture

import recommender_pack_template

engine = engine_fixture(recommender_pack_template)
