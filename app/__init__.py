"""ClusterDesk: the workbench of SPRI's Cluster Liaison Officers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clusterdesk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

APP_NAME = "ClusterDesk"
APP_AUTHOR = "SPRI"
