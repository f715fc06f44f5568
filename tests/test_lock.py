"""requirements.lock pins every dependency of pyproject.toml (and the test extra) at a version
that pyproject.toml allows, so the Dockerfile, the systemd install and CI install what was tested."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[canonicalize_name(name.split("[", 1)[0])] = version.strip()
    return found


def test_every_dependency_is_locked_at_an_allowed_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = pins()
    command = "see the header of requirements.lock for the command that regenerates it"
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in requirements.lock; {command}"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock has {requirement.name}=={locked[name]}, outside {requirement.specifier}; {command}"
        )


def test_the_lock_pins_only_what_the_project_needs() -> None:
    """Every pin is a dependency of pyproject.toml's, or of one of those, on this platform: an
    extra dropped from pyproject.toml (PTB's rate-limiter, whose aiolimiter nothing used) leaves
    nothing behind on the servers."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed: set[str] = set()
    waiting = [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    while waiting:
        requirement = waiting.pop()
        name = canonicalize_name(requirement.name)
        if name in needed:
            continue
        needed.add(name)
        for text in metadata.distribution(name).requires or []:
            wanted = Requirement(text)
            extras = [{"extra": extra} for extra in requirement.extras] or [{"extra": ""}]
            if wanted.marker is None or any(wanted.marker.evaluate(extra) for extra in extras):
                waiting.append(wanted)
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        pin, _, marker = line.split("#", 1)[0].partition(";")
        if "==" in pin and (not marker.strip() or Marker(marker).evaluate()):
            name = canonicalize_name(pin.split("==", 1)[0].split("[", 1)[0])
            assert name in needed, f"requirements.lock pins {name}, which nothing needs; remove it"


# Why each extra of python-telegram-bot is asked for: what the bot's code uses of it.
TELEGRAM_EXTRAS = {"job-queue": ".job_queue"}


def test_every_extra_of_the_telegram_library_is_used() -> None:
    """Not rate-limiter: its AIORateLimiter never ran, the bot paces its sends itself
    (handlers/plumbing/rate_limits.py), and its aiolimiter was installed for nothing."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (telegram,) = [Requirement(text) for text in project["dependencies"] if text.startswith("python-telegram-bot")]
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("bot", "handlers", "storage")
        for path in (ROOT / folder).rglob("*.py")
    )
    for extra in telegram.extras:
        assert extra in TELEGRAM_EXTRAS, f"python-telegram-bot[{extra}]: nothing in the bot uses it; drop it"
        assert TELEGRAM_EXTRAS[extra] in code, f"python-telegram-bot[{extra}]: nothing in the bot uses it; drop it"
