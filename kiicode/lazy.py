"""Public names of a package that load their module on first use (PEP 562).

`kiicode` and `kiicode.pii` both re-export names from heavy submodules (the
pipeline brings numpy and the ranker; the PII scan compiles every pattern and
loads the name gazetteer). Importing those at `import kiicode` would make every
command, `--help` included, pay for them; this module gives a package the
`__getattr__` and `__dir__` that import them only when a name is first used."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_names(package: str, names: dict[str, str], namespace: dict
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module-level `__getattr__` and `__dir__` for `package`, whose public
    `names` map to the submodule (relative to it) that defines each one;
    `namespace` is the package's globals(), where a loaded name is kept so later
    look-ups skip the hook."""
    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
