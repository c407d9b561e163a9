"""``python -m redqueen.cli``: the ``redqueen`` command (how Ray jobs and tests start it)."""

import sys

from redqueen.cli import main

sys.exit(main())
