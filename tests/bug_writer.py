"""The `bug` test format (see failing_writers)."""

from failing_writers import bug as write  # noqa: F401
