"""Tests of the reference data: models, the YAML loader, the store and its settings."""
