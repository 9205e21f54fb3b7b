"""Provides formats whose render functions fail: one raises, one returns bytes."""

from __future__ import annotations

from recommender import OutputFormat, Plan, RenderContext, hookimpl


def _raises(plan: Plan, context: RenderContext) -> str:
    raise RuntimeError("the template file is missing")


def _bytes(plan: Plan, context: RenderContext) -> str:
    return b"not text"  # type: ignore[return-value]


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    return (
        OutputFormat(name="boom", description="raises", suffix=".txt", render=_raises),
        OutputFormat(name="bytes", description="returns bytes", suffix=".txt", render=_bytes),
    )
