"""The one base class of the errors meant for the clerk, each carrying a whole message in Chinese (Qt-free)."""

from __future__ import annotations


class UserError(Exception):
    """A problem the clerk can act on; ``str()`` is the complete message in plain Chinese.

    Code that shows a message catches UserError, never ValueError: a genuine bug is not disguised as
    a wrong input, it reaches the error dialog and the log with its traceback.
    """
