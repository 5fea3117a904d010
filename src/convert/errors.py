"""The errors copydesk raises: each carries one line saying what is wrong and what to do."""


class CopydeskError(Exception):
    """A problem with the user's input or environment, reported as one line (no traceback)."""


class InputError(CopydeskError):
    """The input cannot be read: empty, binary, undecodable, or not well-formed XML."""


class InvalidDocument(CopydeskError):
    """An article document breaks the schema or a rule checked in code."""

    def __init__(self, problems, name="<document>"):
        self.problems = list(problems)
        self.name = name
        super().__init__("\n".join(f"{name}:{p}" for p in self.problems))


class OutputError(CopydeskError):
    """An output cannot be written (it exists and --force was not given, or a format is unknown)."""


class UsageError(CopydeskError):
    """The command line asks for something that cannot be done or is ambiguous (exit status 2)."""


class MissingHandler(Exception):
    """A writer met a node it has no handler for: a bug in copydesk (validated input never has one),
    so it is an internal error with a traceback under -v, not a CopydeskError."""
