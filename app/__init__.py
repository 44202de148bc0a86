"""ClusterDesk: the workbench of SPRI's Cluster Liaison Officers."""

from importlib.metadata import PackageNotFoundError, version


def _version() -> str:
    try:
        return version("clusterdesk")
    except PackageNotFoundError:  # a source tree that was not installed: read pyproject.toml
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            with pyproject.open("rb") as fh:
                return str(tomllib.load(fh)["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


__version__ = _version()

APP_NAME = "ClusterDesk"
APP_AUTHOR = "SPRI"
