"""peerclaims HTTP service (FastAPI); assembled in `peerclaims.api.main`."""
