"""Demo state for the organisations app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
