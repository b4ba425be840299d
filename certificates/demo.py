"""Demo state for the certificates app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
