"""Every test carries the markers of what it needs, so that
``pytest -m "not model and not shared and not browser and not slow"`` (the everyday loop)
never loads the spaCy model, reads ``../shared``, starts Chromium or waits on MiniLM.

The check reads the source (``ast``, no imports, well under a second). A test needs what its
own body needs, plus what the functions it calls (in ``tests/`` and ``benchmarks/``,
followed through imports) and the fixtures it requests (its arguments, ``usefixtures``,
autouse fixtures and ``request.getfixturevalue``, resolved through the module and its
``conftest.py`` files as pytest resolves them) need, transitively:

- ``model``: ``spacy.load``, backchannel's ``load``/``load_parser``, a ``Coder`` built
  without ``nlp=``, or the ``demo``/``ingest``/``extract`` command without ``--no-nlp``;
- ``shared``: anything from ``benchmarks._shared`` (``DATA``, ``SHARED``, ``data_path``),
  hence ``need``, ``shared_data``, the seeds and the floors' data digests;
- ``browser``: Playwright;
- ``slow``: the MiniLM finder (``attribution="minilm"``, ``--attribution minilm``), whose
  members take about 20 s to load. Other slow tests are marked from measurements
  (``pytest --durations``), which no reading of the source can replace.

A mark counts from the module's ``pytestmark``, the class or the function's decorators;
marks on single ``pytest.param`` cases do not count. The reading follows every branch, so a
test that calls a loader only to see it refuse is flagged too: such tests are listed in
``WAIVERS`` with the reason, and a waiver the check no longer needs fails.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: marks pytest and its plugins define; the project's own are registered in pyproject.toml
BUILTIN_MARKS = {
    "parametrize",
    "skip",
    "skipif",
    "xfail",
    "usefixtures",
    "filterwarnings",
    "timeout",
}
MODEL_LOADERS = {
    "spacy.load",
    "backchannel.nlp.load",
    "backchannel.nlp.pipeline.load",
    "backchannel.nlp.load_parser",
    "backchannel.nlp.pipeline.load_parser",
}
CODING_COMMANDS = {"demo", "ingest", "extract"}
SHARED_NAMES = {
    "benchmarks._shared.DATA",
    "benchmarks._shared.SHARED",
    "benchmarks._shared.data_path",
}

#: tests the reading flags for a marker they do not need: test id → marker → why not
WAIVERS = {
    "tests/nlp/test_attribution_model.py::test_load_rejects_an_unknown_finder": {
        "model": "load() checks the finder's name before it loads anything"
    },
    "tests/nlp/test_attribution_model.py::test_load_says_what_minilm_needs": {
        "model": "the embed extra is patched away, so load() refuses before it loads anything",
        "slow": "the embed extra is patched away, so no MiniLM member loads",
    },
    "tests/nlp/test_statements.py::test_seed_statements": {
        "slow": "only its minilm case is slow, marked on the finder_seed_records fixture's param"
    },
}
Needs = dict[str, str]  # marker → how the need arises ("fixture nlp → backchannel.nlp.load")


@dataclass
class Module:
    """One parsed file: its functions, fixtures, module-level names and imports."""

    name: str
    path: Path
    tree: ast.Module
    imports: dict[str, str] = field(default_factory=dict)  # local name → qualified origin

    def __post_init__(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for (
                    alias
                ) in node.names:  # ``import a.b`` binds ``a``; ``import a.b as c`` binds ``a.b``
                    origin = alias.name if alias.asname else alias.name.split(".")[0]
                    self.imports[alias.asname or origin] = origin

    @cached_property
    def functions(self) -> dict[str, ast.FunctionDef]:
        return {n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef)}

    @cached_property
    def constants(self) -> dict[str, ast.expr]:
        return {
            t.id: n.value
            for n in self.tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }

    @cached_property
    def fixtures(self) -> dict[str, tuple[Module, ast.FunctionDef]]:
        """Fixtures defined here or imported here from another parsed module."""
        own = {name: (self, f) for name, f in self.functions.items() if _fixture(f) is not None}
        for local, origin in self.imports.items():
            module, _, name = origin.rpartition(".")
            if module in MODULES and name in MODULES[module].fixtures:
                own.setdefault(local, MODULES[module].fixtures[name])
        return own

    @cached_property
    def marks(self) -> set[str]:
        return _marks_in(self.constants.get("pytestmark"))


def _fixture(function: ast.FunctionDef) -> ast.expr | None:
    """The ``pytest.fixture`` decorator of ``function``, if it has one."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in ("pytest.fixture", "fixture"):
            return decorator
    return None


def _autouse(function: ast.FunctionDef) -> bool:
    decorator = _fixture(function)
    return isinstance(decorator, ast.Call) and any(
        k.arg == "autouse" and getattr(k.value, "value", False) is True for k in decorator.keywords
    )


def _mark_name(node: ast.expr | None) -> str | None:
    """``X`` for ``pytest.mark.X`` or ``pytest.mark.X(...)``."""
    target = node.func if isinstance(node, ast.Call) else node
    text = ast.unparse(target) if target is not None else ""
    return text.removeprefix("pytest.mark.") if text.startswith("pytest.mark.") else None


def _marks_in(value: ast.expr | None) -> set[str]:
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    return {name for item in items if (name := _mark_name(item))}


def _decorator_marks(node: ast.FunctionDef | ast.ClassDef) -> set[str]:
    return {name for d in node.decorator_list if (name := _mark_name(d))}


def _usefixtures(node: ast.FunctionDef | ast.ClassDef) -> list[str]:
    return [
        a.value
        for d in node.decorator_list
        if _mark_name(d) == "usefixtures"
        for a in d.args
        if isinstance(a, ast.Constant)
    ]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {
    _module_name(path): Module(
        _module_name(path), path, ast.parse(path.read_text(encoding="utf-8"))
    )
    for folder in ("tests", "benchmarks")
    for path in sorted((ROOT / folder).rglob("*.py"))
}


# --- what a function needs -----------------------------------------------------------------


def _qualified(module: Module, node: ast.expr) -> str | None:
    """The origin of a name or a dotted attribute (``events_eval.evaluate`` →
    ``benchmarks.events_eval.evaluate``), or None."""
    if isinstance(node, ast.Name):
        if node.id in module.functions or node.id in module.constants:
            return f"{module.name}.{node.id}"
        return module.imports.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _qualified(module, node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _strings(call: ast.Call) -> set[str]:
    """The string constants among a call's positional arguments, inside lists too."""
    return {
        n.value
        for a in call.args
        for n in ast.walk(a)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _spells_the_cli(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and n.value == "backchannel.cli" for n in ast.walk(tree))


def _runs_the_cli(call: ast.Call, target: tuple[Module, ast.FunctionDef] | None) -> bool:
    """A CliRunner's ``invoke``, or a call of a helper that runs ``python -m backchannel.cli``."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "invoke":
        return True
    return target is not None and _spells_the_cli(target[1])


def _cli_needs(words: set[str]) -> Needs:
    """What a command line of these words needs."""
    needs = {}
    if words & CODING_COMMANDS and "--no-nlp" not in words:
        needs["model"] = f"the {'/'.join(sorted(words & CODING_COMMANDS))} command"
    if "minilm" in words:
        needs["slow"] = "the MiniLM finder"
    return needs


def _owner(module: Module, origin: str | None) -> tuple[Module, str] | None:
    """The parsed module that defines ``origin``, and the name there."""
    owner, _, name = (origin or "").rpartition(".")
    if owner == module.name:
        return module, name
    return (MODULES[owner], name) if owner in MODULES else None


def _function(module: Module, origin: str | None) -> tuple[Module, ast.FunctionDef] | None:
    found = _owner(module, origin)
    if found and found[1] in found[0].functions:
        return found[0], found[0].functions[found[1]]
    return None


def _call_needs(module: Module, call: ast.Call, seen: set) -> Needs:
    origin = _qualified(module, call.func)
    needs: Needs = {}
    if origin in MODEL_LOADERS:
        needs["model"] = origin
    if origin and origin.startswith("backchannel.") and origin.endswith(".Coder"):
        if not any(k.arg == "nlp" for k in call.keywords):
            needs["model"] = "Coder() without nlp="
    if any(
        k.arg == "attribution" and getattr(k.value, "value", None) == "minilm"
        for k in call.keywords
    ):
        needs["slow"] = "the MiniLM finder"
    target = _function(module, origin)
    if _runs_the_cli(call, target):
        needs |= _cli_needs(_strings(call))
    if target is not None:
        needs = _via(origin, _body_needs(*target, seen)) | needs
    return needs


def _name_needs(module: Module, node: ast.Name, seen: set) -> Needs:
    origin = _qualified(module, node) or ""
    if origin in SHARED_NAMES:
        return {"shared": origin}
    if "playwright" in origin:
        return {"browser": origin}
    found = _owner(module, origin)
    if found and found[1] in found[0].constants and (found[0].name, found[1]) not in seen:
        seen.add((found[0].name, found[1]))
        return _via(origin, _expression_needs(found[0], found[0].constants[found[1]], seen))
    return {}


def _expression_needs(module: Module, tree: ast.AST, seen: set) -> Needs:
    needs: Needs = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            needs = _call_needs(module, node, seen) | needs
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            needs = _name_needs(module, node, seen) | needs
        elif isinstance(node, (ast.List, ast.Tuple)) and _spells_the_cli(node):
            words = {
                n.value
                for n in node.elts
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
            needs = _cli_needs(words) | needs
        elif isinstance(node, ast.Constant) and str(node.value).startswith("playwright"):
            needs.setdefault("browser", "Playwright")
    return needs


def _body_needs(module: Module, function: ast.FunctionDef, seen: set) -> Needs:
    """What the statements of ``function`` need, decorators and fixtures aside."""
    if (module.name, function.name) in seen:
        return {}
    seen.add((module.name, function.name))
    return _expression_needs(module, ast.Module(body=function.body, type_ignores=[]), seen)


def _via(step: str, needs: Needs) -> Needs:
    return {marker: f"{step.rpartition('.')[2]} → {why}" for marker, why in needs.items()}


# --- fixtures, resolved as pytest resolves them --------------------------------------------


def _scopes(module: Module) -> list[Module]:
    """The module, then the ``conftest.py`` of its folder and of each folder above it."""
    folders = [module.path.parent, *module.path.parent.parents]
    conftests = [
        _module_name(f / "conftest.py")
        for f in folders
        if (f / "conftest.py").exists() and f.is_relative_to(ROOT / "tests")
    ]
    return [module, *(MODULES[name] for name in conftests)]


def _requested(function: ast.FunctionDef, module: Module, scopes: list[Module]) -> list[str]:
    names = [a.arg for a in function.args.args if a.arg not in ("self", "cls")]
    names += _usefixtures(function)
    calls = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "getfixturevalue"
    ]
    if calls:  # a name built at run time: take every fixture name the function spells
        known = {name for scope in scopes for name in scope.fixtures}
        names += [
            n.value for n in ast.walk(function) if isinstance(n, ast.Constant) and n.value in known
        ]
    return names


def _fixture_needs(name: str, scopes: list[Module], skip: int, seen: set) -> Needs:
    for index, scope in enumerate(scopes[skip:], start=skip):
        if name in scope.fixtures:
            module, function = scope.fixtures[name]
            key = ("fixture", name, index)
            if key in seen:
                return {}
            seen.add(key)
            needs = _body_needs(module, function, set())
            for requested in _requested(function, module, scopes):
                needs = _fixture_needs(requested, scopes, index + (requested == name), seen) | needs
            return _via(f"fixture {name}", needs)
    return {}


@dataclass(frozen=True)
class Case:
    """One test function and the markers it carries."""

    module: Module
    function: ast.FunctionDef
    marks: frozenset[str]
    usefixtures: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.module.path.relative_to(ROOT).as_posix()}::{self.function.name}"

    def needs(self) -> Needs:
        scopes = _scopes(self.module)
        autouse = [n for scope in scopes for n, (_, f) in scope.fixtures.items() if _autouse(f)]
        needs = _body_needs(self.module, self.function, set())
        seen: set = set()
        for name in [*_requested(self.function, self.module, scopes), *self.usefixtures, *autouse]:
            needs = _fixture_needs(name, scopes, 0, seen) | needs
        return needs


def _cases(module: Module) -> list[Case]:
    cases = []
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            cases.append(Case(module, node, frozenset(module.marks | _decorator_marks(node)), ()))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            inner = {
                t.id: n.value
                for n in node.body
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
            marks = module.marks | _decorator_marks(node) | _marks_in(inner.get("pytestmark"))
            cases += [
                Case(module, f, frozenset(marks | _decorator_marks(f)), tuple(_usefixtures(node)))
                for f in node.body
                if isinstance(f, ast.FunctionDef) and f.name.startswith("test")
            ]
    return cases


CASES = [
    case
    for name, module in MODULES.items()
    if name.startswith("tests.") and module.path.name.startswith("test_")
    for case in _cases(module)
]


@cache
def _unmarked() -> dict[str, Needs]:
    """Each test id → the needs its marks lack."""
    found: dict[str, Needs] = {}
    for case in CASES:
        needs = sorted(case.needs().items())
        found.setdefault(case.id, {}).update({m: why for m, why in needs if m not in case.marks})
    return found


def test_every_test_carries_the_markers_of_what_it_needs():
    missing = [
        f"{test}: {marker} ({why})"
        for test, needs in _unmarked().items()
        for marker, why in needs.items()
        if marker not in WAIVERS.get(test, {})
    ]
    assert not missing, "add these markers:\n" + "\n".join(missing)


def test_every_mark_is_registered():
    """A misspelt mark (``pytest.mark.modle``) would deselect nothing and warn only once."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    registered = {
        line.split(":")[0].strip() for line in config["tool"]["pytest"]["ini_options"]["markers"]
    }
    unknown = {
        f"{case.id}: {mark}" for case in CASES for mark in case.marks - registered - BUILTIN_MARKS
    }
    assert not unknown, "\n".join(sorted(unknown))


def test_every_waiver_is_still_needed():
    flagged = _unmarked()
    stale = [
        f"{test}: {marker}"
        for test, markers in WAIVERS.items()
        for marker in markers
        if marker not in flagged.get(test, {})
    ]
    assert not stale, "drop these waivers:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "source, needs",
    [
        ("def test_x(nlp): pass", {"model"}),
        ("def test_x(seed_records): pass", {"model", "shared"}),
        ("def test_x(minilm_seed_records): pass", {"model", "shared", "slow"}),
        ("def test_x(shared_data): pass", {"shared"}),
        ("from tests.conftest import need\ndef test_x(): need('geo')", {"shared"}),
        (
            "from backchannel.nlp import load\ndef _nlp(): return load()\ndef test_x(): _nlp()",
            {"model"},
        ),
        (
            "import spacy\nimport pytest\n@pytest.fixture\n"
            "def p(): return spacy.load('x')\ndef test_x(p): pass",
            {"model"},
        ),
        ("from backchannel.ingest.coder import Coder\ndef test_x(nlp2): Coder(nlp=nlp2)", set()),
        ("from backchannel.ingest.coder import Coder\ndef test_x(): Coder()", {"model"}),
        (
            "import subprocess\n"
            "def test_x(): subprocess.run(['python', '-m', 'backchannel.cli', 'ingest', 'x'])",
            {"model"},
        ),
        (
            "import subprocess\ndef test_x():\n"
            "    subprocess.run(['python', '-m', 'backchannel.cli', 'ingest', '--no-nlp'])",
            set(),
        ),
        ("def test_x(request): request.getfixturevalue('nlp')", {"model"}),
        ("def test_x(page): pass", {"browser"}),
        ("def test_x(tmp_path): pass", set()),
    ],
    ids=[
        "nlp",
        "seed-records",
        "minilm-seeds",
        "shared-data",
        "need",
        "helper-loads",
        "fixture-loads",
        "coder-with-nlp",
        "coder-alone",
        "cli-ingest",
        "cli-without-nlp",
        "getfixturevalue",
        "browser",
        "none",
    ],
)
def test_the_check_sees_each_kind_of_need(source, needs):
    path = ROOT / "tests" / "web" / "test_probe.py"
    module = Module("tests.web.test_probe", path, ast.parse(source))
    (case,) = _cases(module)
    assert set(case.needs()) == needs


def test_the_check_reads_marks_where_pytest_does():
    source = (
        "import pytest\npytestmark = [pytest.mark.model]\n@pytest.mark.shared\nclass TestX:\n"
        "    pytestmark = pytest.mark.slow\n    @pytest.mark.browser\n    def test_y(self): pass\n"
        "@pytest.mark.parametrize('a', [pytest.param(1, marks=pytest.mark.slow)])\n"
        "def test_z(a): pass\n"
    )
    module = Module("tests.test_probe", ROOT / "tests" / "test_probe.py", ast.parse(source))
    assert {c.function.name: set(c.marks) for c in _cases(module)} == {
        "test_y": {"model", "shared", "slow", "browser"},
        "test_z": {"model", "parametrize"},
    }
