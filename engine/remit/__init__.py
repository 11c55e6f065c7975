"""Remittances (835) and claim acknowledgments (277CA) in: read, match, measure, record, draft.

`read` turns a file into `RemitFile` (through pyx12, engine/x12/remit_walk.py); `match` pairs each
835 claim with the prediction it answers (a result document or the recorded history); `accuracy`
counts how often the rules were right; `history` makes paid lines history and undoes reversals;
`drafts` writes scenario and rule stubs for the denials the rules missed.
"""
