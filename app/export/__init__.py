"""PDF and Excel exports of the finished report (Qt-free)."""
