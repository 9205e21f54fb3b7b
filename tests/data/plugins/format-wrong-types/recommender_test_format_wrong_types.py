"""A format with no description and no suffix (None where text belongs)."""

from __future__ import annotations

from recommender import OutputFormat, Plan, RenderContext, hookimpl


def render(plan: Plan, context: RenderContext) -> str:
    return "a plan\n"


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    return (OutputFormat(name="wrong-types", description=None, suffix=None, render=render),)  # type: ignore[arg-type]
