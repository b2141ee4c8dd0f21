"""Page templates are compiled one at a time (proeve.template_compile): on Python 3.11 two
threads compiling at once can fail with "AST constructor recursion depth mismatch", which
the steady-load soak hit right after a start (500 on the dashboard)."""

from chameleon import PageTemplate
import threading
import time


def test_templates_are_compiled_one_at_a_time(portal):
    lock = threading.Lock()
    active, most = [0], [0]

    class Watched(PageTemplate):
        def _cook(self, body, name, builtins):
            with lock:
                active[0] += 1
                most[0] = max(most[0], active[0])
            time.sleep(0.05)  # a thread switch in the middle of compiling
            try:
                return super()._cook(body, name, builtins)
            finally:
                with lock:
                    active[0] -= 1

    made = []
    threads = [
        threading.Thread(target=lambda i=i: made.append(Watched(f"<p>${{{i} + 1}}</p>")))
        for i in range(4)
    ]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    assert sorted(t() for t in made) == ["<p>1</p>", "<p>2</p>", "<p>3</p>", "<p>4</p>"]
    assert most[0] == 1
