"""Demo state for the attendance app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
