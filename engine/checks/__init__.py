"""Rule checks: rule files, check kinds, the claim views they read, evaluation and pricing."""
