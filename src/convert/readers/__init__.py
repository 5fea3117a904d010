"""Readers: input formats → article trees. Plain text (wire copy) is the one reader so far."""
