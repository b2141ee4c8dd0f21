"""Run benchmark scenarios inside a Proeve test site (in-memory ZODB, no HTTP)."""

from contextlib import contextmanager
from statistics import median
import time


def _set_up(layer, done):
    for base in layer.__bases__:
        _set_up(base, done)
    if layer not in done:
        layer.setUp()
        done.append(layer)


@contextmanager
def proeve_site():
    """The test site with the demo data, as Manager; commits are allowed."""
    from plone.app.testing import FunctionalTesting
    from plone.app.testing import setRoles
    from plone.app.testing import TEST_USER_ID
    from proeve.testing import PROEVE_FIXTURE
    import proeve.process.notify

    # No mail in benchmarks: nothing listens, and it is not what is measured.
    proeve.process.notify.send = lambda *args, **kwargs: 0
    # Functional: commits are real (into a DemoStorage), as in a running site.
    layer = FunctionalTesting(bases=(PROEVE_FIXTURE,), name="Proeve:Benchmark")

    done = []
    _set_up(layer, done)
    for each in done:  # bases first, as the test runner does
        if hasattr(each, "testSetUp"):
            each.testSetUp()
    portal = layer["portal"]
    setRoles(portal, TEST_USER_ID, ["Manager"])
    try:
        yield portal
    finally:
        for each in reversed(done):
            if hasattr(each, "testTearDown"):
                each.testTearDown()
        for each in reversed(done):
            each.tearDown()


def timed(func, repeat):
    """Median wall time of func() in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)
