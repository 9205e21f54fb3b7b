"""The docs stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import recommender

ROOT = Path(__file__).resolve().parent.parent


def test_api_doc_covers_the_public_api() -> None:
    """docs/api.md mentions every public name."""
    text = (ROOT / "docs" / "api.md").read_text()
    missing = [n for n in recommender.__all__ if f"`{n}" not in text and f"{n}(" not in text and f" {n}," not in text]
    assert missing == []


def test_api_doc_documents_nothing_private() -> None:
    """Every `from recommender import ...` in docs/api.md names public API only."""
    text = (ROOT / "docs" / "api.md").read_text()
    imported = {n.strip() for m in re.findall(r"from recommender import ([^\n]+)", text) for n in m.split(",")}
    assert imported <= set(recommender.__all__)


def test_readme_links_every_doc() -> None:
    """The README links every document in docs/."""
    readme = (ROOT / "README.md").read_text()
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{doc.name}" in readme, doc.name


def test_readme_names_every_profile_key() -> None:
    """Every key a profile may hold, the screening answers included, is
    named in the README, where docs/api.md sends readers for them."""
    import attrs

    from recommender.profile import Profile, Screening

    readme = (ROOT / "README.md").read_text()
    keys = [a.name for a in attrs.fields(Profile)] + [a.name for a in attrs.fields(Screening)]
    assert [k for k in keys if not re.search(rf"\b{k}\b", readme)] == []
