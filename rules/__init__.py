"""The rule packs shipped with peerclaims (YAML, Gherkin): package data, found by `rules_root()`.

A regular package (this file), so a plain `pip install -e .` finds it: setuptools' editable finder
maps only packages with an `__init__.py`.
"""
