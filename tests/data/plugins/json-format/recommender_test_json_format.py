"""Provides a format named 'json', which the built-in formats already use."""

from __future__ import annotations

from recommender import OutputFormat, Plan, RenderContext, hookimpl


def _render(plan: Plan, context: RenderContext) -> str:
    return "{}"


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    return (OutputFormat(name="json", description="not the real JSON", suffix=".json", render=_render),)
