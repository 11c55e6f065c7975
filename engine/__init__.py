"""peerclaims engine: reads X12 837P claims and checks them against the rule packs."""
