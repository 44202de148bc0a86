"""ClusterDesk entry point: no arguments start the GUI, a sub-command runs headless."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
