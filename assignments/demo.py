"""Demo state for the assignments app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
