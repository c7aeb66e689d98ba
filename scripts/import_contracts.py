"""An import-linter contract type: no cycle among a package's modules (.importlinter).

import-linter's own ``acyclic_siblings`` looks at siblings (modules of one package, or packages of
one parent); this looks at every module at once, so a cycle through modules of two apps
(programs.views → facilities.selectors → programs.views) is caught too. Imports inside functions
count: grimp reads every import statement of a module.
"""

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class AcyclicModulesContract(Contract):
    type_name = "acyclic_modules"

    package = fields.StringField()

    def check(self, graph, verbose: bool) -> ContractCheck:
        modules = sorted(m for m in graph.modules if m.startswith(str(self.package)))
        cycles = [
            component
            for component in strongly_connected(modules, graph)
            if len(component) > 1
            or component[0] in graph.find_modules_directly_imported_by(component[0])
        ]
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for component in check.metadata["cycles"]:
            output.print_error(f"Modules that import each other: {', '.join(component)}")
            output.new_line()


def strongly_connected(modules: list[str], graph) -> list[list[str]]:
    """Tarjan's algorithm over the import graph, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    members = set(modules)
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & members)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child) & members
                    work.append((child, iter(sorted(imported))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components
