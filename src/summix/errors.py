"""The errors summix raises for problems a user can fix.

Each message is one line that names the bad value, the valid values where there are any, and the next
command to run. The CLI prints ``str(exc)`` and exits non-zero; ``SUMMIX_DEBUG=1`` shows the traceback.
"""


class SummixError(Exception):
    """Base class: a problem the user can fix; the CLI prints str(exc) as one line."""


class InputError(SummixError):
    """The input document cannot be read or is empty."""


class LanguageError(SummixError):
    """An unknown or unsupported language code."""


class ModelNotFoundError(SummixError):
    """No installed model matches a name, or none serves a requested task or direction."""


class ModelError(SummixError):
    """A model folder exists but cannot be used (not a model, unsupported family, pickle weights)."""


class CoverageError(SummixError):
    """A model's output does not account for every input segment."""


class OutputError(SummixError):
    """An output file or folder cannot be written."""


class ItemError(SummixError):
    """One item of a batch cannot be translated; the message starts with its position."""
