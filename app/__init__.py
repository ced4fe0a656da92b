"""年报助手 core: the report format, rules, projects and exports. Qt-free by design."""

__version__ = "0.1.0"
APP_NAME = "年报助手"
