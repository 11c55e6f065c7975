"""Gherkin features bound to pytest: the shared step vocabulary and the scenario tests."""
