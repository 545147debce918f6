"""One small exception hierarchy; the CLI turns these into a clean message and exit status."""


class CrosstallyError(Exception):
    """A domain error whose message is fit to show a user as is."""

    exit_code = 1


class ConfigError(CrosstallyError):
    """Settings, source files or command options that cannot be used."""

    exit_code = 2


class InputError(CrosstallyError):
    """A file or record given to a command that cannot be read."""

    exit_code = 2


class NotFoundError(CrosstallyError):
    """A referenced row (document, claim, user, ...) does not exist."""

    exit_code = 3
