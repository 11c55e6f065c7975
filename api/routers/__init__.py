"""HTTP routers of the peerclaims service, one module per resource."""
