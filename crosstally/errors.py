"""One small exception hierarchy; the CLI (crosstally/cli.py) turns these into one line,
``error: <message>``, and the exit status of the class (the table in README.md)."""


class CrosstallyError(Exception):
    """A domain error whose message is fit to show a user as is."""

    exit_code = 1


class ConfigError(CrosstallyError):
    """Settings, source files or command options that cannot be used."""

    exit_code = 2


class DatabaseNotReady(ConfigError):
    """The database is missing, empty, or at another schema revision than this crosstally's:
    ``crosstally init`` creates or upgrades it."""


class DatabaseUnavailable(ConfigError):
    """The database cannot be reached or opened (server down, wrong URL, no permission)."""


class InputError(CrosstallyError):
    """A file or record given to a command that cannot be read."""

    exit_code = 2


class ExtractionError(InputError):
    """A document the extractor cannot read (no text, a language that is not configured), or
    a configured language whose spaCy model is not installed."""


class NotFoundError(CrosstallyError):
    """A referenced row (document, claim, user, ...) does not exist."""

    exit_code = 3


class WorkerCrashed(CrosstallyError):
    """A worker process died (killed, out of memory, a crash in native code) before it
    reported; what it had in hand is still pending, nothing is marked failed."""

    exit_code = 1
