"""The canned query library: ``.rq`` files with a comment header, run by name.

Header lines: ``# title:``, ``# description:``, ``# param: NAME = DEFAULT ; HELP``,
``# example:``. Parameters appear in the body as ``$NAME`` and are replaced by a
correctly escaped RDF term of the default's kind, so a value can never change the
query's structure.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError

_HEADER = re.compile(r"^#\s*(title|description|param|example)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>.+?)\s*(?:;\s*(?P<help>.*))?$")
_VARIABLE = re.compile(r"\$([A-Za-z_]\w*)")
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def queries_dir() -> Path:
    """The folder of canned queries: ``queries/`` of the source tree, shipped as package data."""
    packaged = Path(__file__).parent / "queries"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "queries"


@dataclass(frozen=True)
class Parameter:
    name: str
    default: ox.NamedNode | ox.Literal
    help: str = ""

    def bind(self, value: str) -> ox.NamedNode | ox.Literal:
        """The value as a term of the default's kind; a bad IRI or number is an input error."""
        try:
            if isinstance(self.default, ox.NamedNode):
                return ox.NamedNode(value)
            if self.default.datatype.value.endswith("#integer"):
                return ox.Literal(str(int(value)), datatype=self.default.datatype)
            return ox.Literal(value)
        except ValueError:
            kind = "an IRI" if isinstance(self.default, ox.NamedNode) else "an integer"
            raise InputError(f"--param {self.name}={value!r}: expected {kind}") from None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    example: str = ""
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def example_values(self) -> dict[str, str]:
        """The ``--param NAME=VALUE`` pairs of the ``# example:`` command line (shell-quoted)."""
        words = shlex.split(self.example)
        pairs = [value.partition("=") for flag, value in zip(words, words[1:]) if flag == "--param"]
        return {name: value for name, _, value in pairs}

    def render(self, values: dict[str, str]) -> str:
        """The query text with every ``$param`` replaced by its bound, escaped term."""
        known = {p.name: p for p in self.parameters}
        unknown = set(values) - set(known)
        if unknown:
            allowed = ", ".join(sorted(known)) or "none"
            raise InputError(f"{self.name}: unknown parameter {', '.join(sorted(unknown))} (allowed: {allowed})")
        terms = {name: (p.bind(values[name]) if name in values else p.default) for name, p in known.items()}
        return _substitute(self.text, terms)


def _substitute(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Replace ``$name`` outside comments, strings and IRIs with the N-Triples form of its term."""
    out, i = [], 0
    pattern = re.compile(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>|\$([A-Za-z_]\w*)')
    for match in pattern.finditer(text):
        out.append(text[i : match.start()])
        name = match.group(1)
        out.append(str(terms[name]) if name and name in terms else match.group(0))
        i = match.end()
    out.append(text[i:])
    return "".join(out)


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise InputError(f"{path}: bad parameter line {value!r} (expected NAME = DEFAULT ; HELP)")
            parameters.append(Parameter(param["name"], _parse_term(param["default"], path), param["help"] or ""))
        else:
            header[key] = value.strip()
    return CannedQuery(path.stem, path, text, header.get("title", path.stem), header.get("description", ""),
                       header.get("example", ""), tuple(parameters))


def _parse_term(text: str, path: Path) -> ox.NamedNode | ox.Literal:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    if _STRING_LITERAL.fullmatch(text):
        return ox.Literal(text[1:-1].replace('\\"', '"').replace("\\\\", "\\"))
    if re.fullmatch(r"-?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    raise InputError(f"{path}: parameter default {text!r} is not a string literal, an <IRI> or an integer")


def list_queries(folder: Path | None = None) -> list[CannedQuery]:
    return [parse_query_file(p) for p in sorted((folder or queries_dir()).glob("*.rq"))]


def find_query(name_or_path: str, folder: Path | None = None) -> CannedQuery:
    """A canned query by name, or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    candidate = (folder or queries_dir()) / f"{name_or_path}.rq"
    if candidate.exists():
        return parse_query_file(candidate)
    names = ", ".join(q.name for q in list_queries(folder))
    raise InputError(f"{name_or_path}: no such query (canned queries: {names}; or give a path to a .rq file)")
