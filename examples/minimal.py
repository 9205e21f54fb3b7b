"""The smallest useful embedding: load a profile, plan, print a summary."""

from __future__ import annotations

from pathlib import Path

from recommender import Engine, load_profile

HERE = Path(__file__).resolve().parent


def main() -> None:
    engine = Engine(plugins=False)  # built-in pack only: same result on every machine
    profile = load_profile(HERE / "me.toml")
    plan = engine.recommend(profile)
    first = plan.weeks[0]
    print(f"{len(plan.weeks)} weeks, {len(first.sessions)} sessions a week")
    for session in first.sessions:
        names = ", ".join(e.name for e in session.exercises)
        print(f"{session.day} {session.date}: {names}")
    print(f"notices: {', '.join(n.rule for n in plan.notices)}")


if __name__ == "__main__":
    main()
