"""Commands: (to be written)."""


def register(group):
    pass
