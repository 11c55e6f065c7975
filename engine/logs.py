"""Log lines of the CLI and the service: timestamped text or one JSON object a line.

`PEERCLAIMS_LOG_FORMAT` (`text`, the default, or `json`) chooses. `logging_config(fmt)` is one
`logging.config.dictConfig` document for both: the CLI applies it (`configure`) and `peerclaims
serve` hands it to uvicorn, so uvicorn's own lines and its access log (`--access-log`) look like
the service's. JSON is written by python-json-logger: `timestamp` (UTC, ISO 8601), `level`,
`logger`, `message`, and for an access line `client`, `method`, `path` and `status`.

No line carries claim content. The service logs ids, counts, route templates and codes (see
api/problems.py and api/service.py); pyx12's logger, which quotes segment values, is silenced by
the reader. The access log is the one place a client's own text could appear: it keeps the path
and drops the query string (`QuerylessAccess`), which is where a search for a member would go.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any, Literal

LogFormat = Literal["text", "json"]
FORMATS: tuple[LogFormat, ...] = ("text", "json")

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""ISO 8601 with the UTC offset of the machine's time zone (text lines)."""
TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ACCESS_TEXT = (
    '%(asctime)s %(levelname)s %(name)s: %(client_addr)s "%(request_line)s" %(status_code)s'
)
JSON_FIELDS = "%(levelname)s %(name)s %(message)s"
JSON_RENAMES = {"levelname": "level", "name": "logger"}
_ACCESS_ARGS = 5  # uvicorn's access line: client, method, path with query, HTTP version, status


class QuerylessAccess(logging.Filter):
    """uvicorn's access records without the query string, and with their parts as fields.

    uvicorn logs `'%s - "%s %s HTTP/%s" %d'` with (client, method, path?query, version, status);
    the query goes, and `client`, `method`, `path` and `status` are set on the record so the
    JSON formatter writes them as fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Cut the query off the path argument; never drops a record."""
        args = record.args
        if isinstance(args, tuple) and len(args) == _ACCESS_ARGS:
            client, method, full_path, version, status = args
            path = str(full_path).split("?", 1)[0]
            record.args = (client, method, path, version, status)
            record.client, record.method, record.path, record.status = client, method, path, status
        return True


def logging_config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """The dictConfig document: handlers `default` (stderr) and `access` (stdout), the loggers
    `peerclaims` and uvicorn's at `level`, every line in `log_format`."""
    if log_format == "json":
        json_formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAMES,
            "timestamp": True,
        }
        formatters: dict[str, Any] = {"default": json_formatter, "access": json_formatter}
    else:
        formatters = {
            "default": {"format": TEXT, "datefmt": DATE_FORMAT},
            "access": {
                "()": "uvicorn.logging.AccessFormatter",
                "fmt": ACCESS_TEXT,
                "datefmt": DATE_FORMAT,
                "use_colors": False,
            },
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "filters": {"queryless": {"()": QuerylessAccess}},
        "handlers": {
            "default": {
                "formatter": "default",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "formatter": "access",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["queryless"],
            },
        },
        "loggers": {
            "peerclaims": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["access"], "level": level, "propagate": False},
        },
    }


def configure(log_format: LogFormat, level: str = "WARNING") -> None:
    """The CLI's logging: logger `peerclaims` on stderr, warnings and errors only, in
    `log_format` (uvicorn's loggers are left alone: the CLI does not import uvicorn)."""
    document = logging_config(log_format, level)
    document["formatters"].pop("access")
    document["filters"] = {}
    document["handlers"].pop("access")
    document["loggers"] = {"peerclaims": document["loggers"]["peerclaims"]}
    logging.config.dictConfig(document)
