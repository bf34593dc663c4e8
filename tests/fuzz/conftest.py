"""Prints how many fuzz cases ran and how many ended in a traceback."""


def pytest_terminal_summary(terminalreporter, config):
    counts = getattr(config, "fuzz_counts", None)
    if counts:
        terminalreporter.write_line("fuzz: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
