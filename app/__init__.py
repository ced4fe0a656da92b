"""年报助手 core: the report format, rules, projects and exports. Qt-free by design.

Modules log through ``logging.getLogger(__name__)`` (loggers under "app"). The library stays silent
unless its host configures logging: the window sends these records to its log file (ui/errors.py);
the command line prints only its own messages.
"""

import logging

# Without a handler of its own, a warning would reach logging's last-resort handler and print on stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
APP_NAME = "年报助手"
