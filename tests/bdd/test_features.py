"""Binds every scenario of features/ (one folder per pack) to a pytest test.

The features folder is the `bdd_features_base_dir` ini setting when set (`run_features` sets
it), else features/ at the repository root.
"""

from __future__ import annotations

from pytest_bdd import scenarios
from pytest_bdd.scenario import get_from_ini

from .conftest import FEATURES

scenarios(".", features_base_dir=None if get_from_ini("bdd_features_base_dir") else str(FEATURES))
