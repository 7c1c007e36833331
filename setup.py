"""Packaging that pyproject.toml cannot say: the default codebook.

`codebooks/cpc_peru.yaml` stays where people edit it (the project's
top-level codebooks/ folder) and is also the package `kiicode.codebooks`,
so a plain `pip install` carries it and `kiicode` finds it with
importlib.resources from any folder. One file, no copy to keep in step;
an editable install maps the package to the same folder."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["kiicode", "kiicode.*"],
                                          exclude=["*.__pycache__"]), "kiicode.codebooks"],
    package_dir={"kiicode.codebooks": "codebooks"},
    package_data={"kiicode": ["py.typed", "pii/data/*"], "kiicode.codebooks": ["*.yaml"]},
)
