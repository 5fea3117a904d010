"""The `hang` test format (see failing_writers)."""

from failing_writers import hang as write  # noqa: F401
