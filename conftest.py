"""Repository-wide pytest hooks, for the nbval runs of notebooks/ (see pyproject.toml)."""


def pytest_collectstart(collector):
    # TensorFlow writes machine-specific messages to stderr (fd 2) that nbval cannot
    # capture reliably, so notebook cells are compared on stdout and rich outputs only.
    if type(collector).__name__ == "IPyNbFile":
        collector.skip_compare = (*collector.skip_compare, "stderr")
