"""``python -m genrebook.cli``: the command line."""

import sys

from genrebook.cli import main

sys.exit(main())
