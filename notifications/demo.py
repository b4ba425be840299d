"""Demo state for the notifications app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
