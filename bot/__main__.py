"""`python -m bot ...`: the staff command line."""

import os

from bot.cli import main

os.umask(0o077)  # a database or export it creates holds patients' data: owner-only
raise SystemExit(main())
