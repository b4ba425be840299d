"""Demo state for the courses app (called by load_demo in dependency order)."""


def load(stdout) -> None:
    pass
