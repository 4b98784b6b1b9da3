"""The errors summix raises for problems a user can fix.

Each message is one line that names the bad value, the valid values where there are any, and the next
command to run. A message names the settings it is about as ``{setting}`` placeholders: the library shows
the setting's own name (``chunk_size``), the command line its flag (``--chunk-size``). The CLI maps each
error class to an exit code in one table; ``SUMMIX_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

from collections.abc import Callable


class SummixError(Exception):
    """Base class: a problem the user can fix, described in one line.

    ``message`` may name settings as ``{name}`` placeholders, one for each of ``settings``.
    """

    def __init__(self, message: str = "", *settings: str) -> None:
        self.template = message
        self.settings = settings
        super().__init__(self.naming(str))

    def naming(self, name: Callable[[str], str]) -> str:
        """The message with each setting written as ``name(setting)`` (the CLI passes its flag names)."""
        text = self.template
        for setting in self.settings:
            text = text.replace("{" + setting + "}", name(setting))
        return text


class SettingError(SummixError):
    """A setting has a bad value, or settings contradict each other."""


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
