"""``python -m xxgk`` is the ``xxgk`` command."""
import sys

from xxgk.cli import main

sys.exit(main())
