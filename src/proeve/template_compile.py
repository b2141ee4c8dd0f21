"""Page templates are compiled one at a time.

On Python 3.11, `ast.parse` is not safe in two threads at once: the C code that turns its
tree into Python objects keeps its recursion depth in state shared by all threads, and a
thread switch in between ends in `SystemError: AST constructor recursion depth mismatch`
(CPython gh-106905, fixed in later Pythons only). Chameleon parses every expression of a
template with it when the template is first compiled in a process. The steady-load soak
(benchmarks/soak.py) hit it right after a start: several waitress threads compiled the
dashboard and the toolbar at once and their pages answered 500. Compiling happens once per
template and process (later starts load it from CHAMELEON_CACHE), so one lock costs nothing
after the first requests.
"""

import threading


_compiling = threading.RLock()


def cook_one_at_a_time(self, body):
    with _compiling:
        return self._old_cook(body)
