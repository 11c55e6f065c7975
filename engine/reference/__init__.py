"""Reference data the rules look things up in: payers, providers, members, authorizations, contracts
and paid history, read from a YAML directory (`loader`) or kept in a database (`store`).
"""
