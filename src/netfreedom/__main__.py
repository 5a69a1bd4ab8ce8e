"""``python -m netfreedom``."""

import sys

from netfreedom.cli import main

sys.exit(main())
