"""`python -m app.cli`: the command line without the window's launcher."""

import sys

from app.cli import main

sys.exit(main())
