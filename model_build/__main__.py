"""`python -m model_build` is the same as `edge-build`."""

import sys

from model_build.cli import main

sys.exit(main())
