"""The `crash` test format (see failing_writers)."""

from failing_writers import crash as write  # noqa: F401
