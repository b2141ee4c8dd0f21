"""The structure the exam rules' single home asks for, read from the code's own imports:
content holds data and does not import the process; pages and exports do not import the
REST services; no module imports itself back through others."""

from pathlib import Path
import ast


SOURCE = Path(__file__).resolve().parents[1] / "src"


def module_name(path):
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports():
    """{module: set of proeve modules it imports (at the top or inside a function)}."""
    modules = {module_name(p): p for p in (SOURCE / "proeve").rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        graph[name] = found
    return graph


def test_content_does_not_import_the_process():
    offenders = {
        (m, t)
        for m, targets in imports().items()
        if m.startswith("proeve.content")
        for t in targets
        if t.startswith("proeve.process")
    }
    assert offenders == set()


def test_pages_and_exports_do_not_import_the_services():
    offenders = {
        (m, t)
        for m, targets in imports().items()
        if m.startswith(("proeve.browser", "proeve.retention", "proeve.process", "proeve.bulk"))
        for t in targets
        if t.startswith("proeve.services")
    }
    assert offenders == set()


def test_no_import_circles():
    graph = {m: {t for t in ts if not graph_package_of(t, m)} for m, ts in imports().items()}
    circles = []
    index, low, stack, on_stack = {}, {}, [], set()

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []


def graph_package_of(target, module):
    """A package's __init__ that a module of the package imports (its face) is no circle."""
    return module.startswith(f"{target}.")
