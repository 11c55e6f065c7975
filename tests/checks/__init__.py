"""Tests of the rules stage's internals (engine/checks/)."""
