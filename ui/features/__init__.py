"""The main window's features: each owns its actions, menu items, docks and status-bar widgets."""
