# peerclaims service: `docker compose up` (compose.yaml) runs it beside PostgreSQL.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY peerclaims ./peerclaims
COPY engine ./engine
COPY api ./api
COPY rules ./rules
COPY features ./features
COPY tests/bdd ./tests/bdd
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data --create-home peerclaims
COPY fixtures/reference ./fixtures/reference

USER peerclaims
ENV PEERCLAIMS_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["peerclaims", "serve", "--host", "0.0.0.0", "--port", "8000"]
