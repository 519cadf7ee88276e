"""Online Wikidata: look names up, fetch items and their facts from a SPARQL endpoint.

Every query is plain SPARQL 1.1 over Wikidata-shaped RDF (``rdfs:label``/``skos:altLabel``/
``schema:description`` with language tags, ``wdt:`` truthy claims on ``wd:`` items): no
``wikibase:label`` SERVICE and no Blazegraph hints, so the same queries run on
query.wikidata.org, QLever, or any store loaded with a Wikidata slice.

Wikimedia's rules are kept: a descriptive User-Agent, one request at a time (per endpoint in
this process, and per cache folder across processes), 429/503 answers retried after the
``Retry-After`` they ask for (up to :data:`kg.retry.MAX_RETRY_AFTER`; a longer wait is an error,
not a nap), and every answer cached on disk so a query is asked once.

:class:`OnlineLinker` is the linker with a fallback: a name the offline KB does not know is
looked up online and the candidates found join the KB with a lower prior (:data:`ONLINE_PRIOR`),
so ``kg build --online`` links what the shipped KB lacks, still only when one candidate is clear.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import SPARQLWrapper as sparqlwrapper_module
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg import __version__
from kg.errors import EndpointError, InputError
from kg.kb import ENTITY_KINDS, KBItem, KnowledgeBase
from kg.link import Link, Linker
from kg.rdf.vocab import WIKIDATA_ENTITY
from kg.retry import MAX_RETRY_AFTER, Failure, endpoint_words, failure_of, with_retries

log = logging.getLogger("kg")

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WDT = "http://www.wikidata.org/prop/direct/"
GEO_WKT_LITERAL = "http://www.opengis.net/ont/geosparql#wktLiteral"
EARTH = WIKIDATA_ENTITY + "Q2"  # the globe of ordinary coordinates in Wikidata's JSON

USER_AGENT = (f"kg/{__version__} (https://w3id.org/newskg; news knowledge-graph pipeline) "
              f"SPARQLWrapper/{sparqlwrapper_module.__version__}")
BACKOFF = 1.0  # seconds before the first retry when the server gives no Retry-After; doubles each time
DEFAULT_MAX_AGE = 30 * 24 * 3600.0  # cached answers older than this are asked again
ONLINE_PRIOR = 0.7  # above the linker's 0.6 floor: a sole online candidate links, a verified item wins a tie
LOOKUP_LIMIT = 50
CHUNK = 200  # QIDs per VALUES block
FACT_PROPERTIES = ("P17", "P39", "P625")  # country, position held, coordinate location

# Our kinds from P31 (instance of). Only classes verified in kg/data/verified.tsv (the test checks it);
# an item of any other class gets kind "" and is not linkable. No verified class QID for military
# exercises yet, so "exercise" never comes from here.
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "person": ("Q5",),  # human
    "organization": ("Q43229", "Q245065", "Q484652", "Q1127126", "Q192283", "Q20901295"),
    # organization, intergovernmental org., international org., military alliance, news agency,
    # foreign affairs ministry
    "place": ("Q6256", "Q3624078", "Q515", "Q165", "Q34763"),  # country, sovereign state, city, sea, peninsula
    "event": ("Q1072326", "Q43109"),  # summit, referendum
    "exercise": (),
}

PREFIXES = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wd: <{WIKIDATA_ENTITY}>
PREFIX wdt: <{WDT}>
"""

# Names: English, and Wikidata's "mul" (default for all languages, used since 2024 for names that
# do not change between languages, e.g. many people's): English falls back to it, so do we.
NAME_LANGUAGES = ("en", "mul")

# One row per item: English (else mul) label, aliases (tab-separated), description and P31 classes.
_ITEMS = PREFIXES + """SELECT ?item (SAMPLE(?l) AS ?label) (SAMPLE(?m) AS ?mulLabel)
       (GROUP_CONCAT(DISTINCT ?a; separator="\\t") AS ?aliases)
       (SAMPLE(?d) AS ?description) (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?classes)
WHERE {{
  {match}
  OPTIONAL {{ ?item rdfs:label ?l FILTER(LANG(?l) = "en") }}
  OPTIONAL {{ ?item rdfs:label ?m FILTER(LANG(?m) = "mul") }}
  OPTIONAL {{ ?item skos:altLabel ?a FILTER(LANG(?a) = "en" || LANG(?a) = "mul") }}
  OPTIONAL {{ ?item schema:description ?d FILTER(LANG(?d) = "en") }}
  OPTIONAL {{ ?item wdt:P31 ?c }}
}}
GROUP BY ?item
{limit}"""

_FACTS = PREFIXES + """SELECT ?item ?p ?value WHERE {{
  VALUES ?item {{ {items} }}
  VALUES ?p {{ {properties} }}
  ?item ?p ?value
}}"""

_LABELS = PREFIXES + """SELECT ?item ?label WHERE {{
  VALUES ?item {{ {items} }}
  ?item rdfs:label ?label FILTER(LANG(?label) = "en" || LANG(?label) = "mul")
}}"""

_QID = re.compile(r"Q[1-9][0-9]*")
_PID = re.compile(r"P[1-9][0-9]*")


# -- small helpers ----------------------------------------------------------------------------

def kind_of(p31: Iterable[str]) -> str:
    """Our entity kind for an item of these classes, or "" when no class is one we know."""
    classes = set(p31)
    for kind in ENTITY_KINDS:
        if classes.intersection(KIND_CLASSES.get(kind, ())):
            return kind
    return ""


def qid_of(iri: str) -> str | None:
    """``Q42`` from ``http://www.wikidata.org/entity/Q42`` (None for anything else)."""
    if iri.startswith(WIKIDATA_ENTITY):
        local = iri[len(WIKIDATA_ENTITY):]
        if _QID.fullmatch(local):
            return local
    return None


def check_qid(text: str) -> str:
    value = text.strip()
    if not _QID.fullmatch(value):
        raise InputError(f"{text!r}: not a Wikidata item identifier (like Q7747)")
    return value


def sparql_string(text: str) -> str:
    """A SPARQL string literal (quotes, backslashes and line breaks escaped)."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def wkt_point(longitude: float, latitude: float) -> str:
    """Wikidata's RDF form of an Earth coordinate: ``Point(lon lat)``."""
    def number(value: float) -> str:
        return format(float(value), ".9f").rstrip("0").rstrip(".") or "0"
    return f"Point({number(longitude)} {number(latitude)})"


def default_cache_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"]) / "wikidata"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg" / "wikidata"


def _chunks(values: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _values(qids: Iterable[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)


def _literal(binding: dict, name: str) -> str:
    term = binding.get(name)
    return term.get("value", "") if isinstance(term, dict) else ""


# -- the client ---------------------------------------------------------------------------------
_ENDPOINT_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _endpoint_lock(endpoint: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _ENDPOINT_LOCKS.setdefault(endpoint, threading.Lock())


class _Default:
    def __repr__(self) -> str:
        return "<default cache folder>"


DEFAULT = _Default()


class WikidataClient:
    """SELECT queries to a Wikidata-shaped SPARQL endpoint, cached, polite and retried.

    ``cache_dir``: answers are kept there as JSON files named by the SHA-1 of endpoint and
    query (default :func:`default_cache_dir`; None turns the cache off). ``max_age``: seconds
    an answer stays good (None: for ever).
    """

    def __init__(self, endpoint: str = WIKIDATA_SPARQL, cache_dir: Path | str | None | _Default = DEFAULT,
                 timeout: float = 30.0, user_agent: str = USER_AGENT, retries: int = 3,
                 max_age: float | None = DEFAULT_MAX_AGE, max_retry_after: float = MAX_RETRY_AFTER) -> None:
        if not re.match(r"https?://[^/\s]+", endpoint):
            raise InputError(f"{endpoint}: not an http(s) URL of a SPARQL endpoint (e.g. {WIKIDATA_SPARQL})")
        self.endpoint = endpoint
        self.cache_dir = default_cache_dir() if isinstance(cache_dir, _Default) else Path(cache_dir) if cache_dir else None
        self.timeout = timeout
        self.user_agent = user_agent
        self.retries = retries
        self.max_age = max_age
        self.max_retry_after = max_retry_after
        self.requests = 0  # answers fetched from the endpoint (not from the cache)
        self._lock = _endpoint_lock(endpoint)

    def __repr__(self) -> str:
        return f"WikidataClient({self.endpoint!r}, cache_dir={self.cache_dir!r})"

    # -- SELECT with cache ---------------------------------------------------------------------

    def select(self, sparql: str) -> list[dict]:
        """The bindings of a SELECT query (SPARQL 1.1 JSON results, one dict per row)."""
        return self._select(sparql)[0]

    def _select(self, sparql: str) -> tuple[list[dict], str]:
        """Bindings and the date (YYYY-MM-DD) the endpoint gave them."""
        cached = self._cached(sparql)
        if cached is None:
            with self._lock, self._process_lock():
                cached = self._cached(sparql)  # another process may have asked it meanwhile
                if cached is None:
                    result = self._request(sparql)
                    fetched = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    self._store(sparql, result, fetched)
                    cached = (result, fetched)
        result, fetched = cached
        return result.get("results", {}).get("bindings", []), fetched[:10]

    def _cache_path(self, sparql: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha1(f"{self.endpoint}\n{sparql}".encode()).hexdigest()
        return self.cache_dir / key[:2] / f"{key}.json"

    def _cached(self, sparql: str) -> tuple[dict, str] | None:
        path = self._cache_path(sparql)
        if path is None:
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            result, fetched = record["result"], record["fetched"]
            if record.get("endpoint") != self.endpoint or record.get("query") != sparql:
                return None  # a SHA-1 collision would be news; be safe anyway
            if self.max_age is not None:
                when = datetime.strptime(fetched, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                if (datetime.now(timezone.utc) - when).total_seconds() > self.max_age:
                    return None
            if not isinstance(result, dict):
                return None
            return result, fetched
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.debug("ignoring unreadable cache file %s", path)
            return None

    def _store(self, sparql: str, result: dict, fetched: str) -> None:
        path = self._cache_path(sparql)
        if path is None:
            return
        record = {"endpoint": self.endpoint, "query": sparql, "fetched": fetched, "result": result}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:12]}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(record, handle, ensure_ascii=False)
                os.replace(tmp, path)  # readers see the old file or the whole new one
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            log.warning("cannot write the Wikidata cache in %s (%s); going on without it", self.cache_dir, error)

    @contextlib.contextmanager
    def _process_lock(self) -> Iterator[None]:
        """An exclusive lock file in the cache folder: one request at a time across local processes."""
        if self.cache_dir is None:
            yield
            return
        try:
            import fcntl
        except ImportError:  # not POSIX: the in-process lock is all we have
            yield
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self.cache_dir / ".request.lock", "a")  # noqa: SIM115 - closed below
        except OSError:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    # -- one request, retried ----------------------------------------------------------------------

    def _request(self, sparql: str) -> dict:
        from kg.endpoint import query_form

        form = query_form(sparql)
        if form != "SELECT":
            raise InputError(f"expected a SELECT query, not {form or 'something else'!r}")
        wrapper = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        wrapper.setMethod(POST)  # form-encoded POST: long VALUES lists fit in the body, not the URL
        wrapper.setOnlyConneg(True)  # the Accept header only: no ?format=json some servers reject
        wrapper.setReturnFormat(JSON)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrapper.setQuery(sparql)
        wrapper.queryType = "SELECT"  # its own guess reads keywords inside comments
        wrapper.timeout = self.timeout  # type: ignore[assignment]  # a float; setTimeout() truncates

        def attempt() -> tuple[bytes, str]:
            response = wrapper.query().response
            try:
                return response.read(), response.headers.get("Content-Type", "")
            finally:
                response.close()

        raw, content_type = with_retries(
            attempt, self._failure, lambda failure: EndpointError(failure.message(self.endpoint)),
            retries=self.retries, backoff=BACKOFF, max_retry_after=self.max_retry_after,
            on_retry=lambda failure, wait: log.info("%s: %s; retrying in %g s", self.endpoint, failure.problem, wait))
        self.requests += 1
        return self._parse(raw, content_type)

    def _parse(self, raw: bytes, content_type: str) -> dict:
        try:
            result = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            result = None
        if not isinstance(result, dict) or not isinstance(result.get("results", {}).get("bindings"), list):
            kind = f" ({content_type})" if content_type else ""
            raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON results{kind}: "
                                f"{endpoint_words(raw[:1000]) or '(empty)'}")
        return result

    def _failure(self, error: BaseException) -> Failure:
        return failure_of(error, self.timeout, "the endpoint is slow or unreachable; raise --timeout or try later",
                          {403: "Wikimedia refuses clients that send too much or no descriptive User-Agent"})

    # -- Wikidata questions ---------------------------------------------------------------------------

    def lookup(self, name: str, kind: str = "") -> list[KBItem]:
        """Items whose English (or "mul") label or alias is exactly ``name``; with ``kind``, only of that kind.

        Items come with their kind from P31 (:func:`kind_of`; "" when unknown), the prior
        :data:`ONLINE_PRIOR` and an evidence note naming the endpoint and the date.
        """
        name = name.strip()
        if not name:
            return []
        match = " UNION ".join(f"{{ ?item {p} {sparql_string(name)}@{lang} }}"
                               for p in ("rdfs:label", "skos:altLabel") for lang in NAME_LANGUAGES)
        query = _ITEMS.format(match=match, limit=f"LIMIT {LOOKUP_LIMIT}")
        rows, fetched = self._select(query)
        items = self._items_from(rows, f"looked up on {self.endpoint} on {fetched}", ONLINE_PRIOR, fallback=name)
        return [i for i in items if not kind or i.kind == kind]

    def items(self, qids: Iterable[str], kind: str | None = None, prior: float = ONLINE_PRIOR,
              facts: bool = False, verb: str = "fetched from") -> list[KBItem]:
        """The items of these QIDs (those the endpoint knows, with an English label or alias).

        ``kind`` overrides the kind from P31; ``facts`` also fetches :data:`FACT_PROPERTIES`.
        """
        wanted = list(dict.fromkeys(check_qid(q) for q in qids))
        found: list[KBItem] = []
        for part in _chunks(wanted):
            rows, fetched = self._select(_ITEMS.format(match=f"VALUES ?item {{ {_values(part)} }}", limit=""))
            found.extend(self._items_from(rows, f"{verb} {self.endpoint} on {fetched}", prior, kind=kind))
        if facts and found:
            by_qid = self.facts([i.qid for i in found])
            found = [replace(i, facts={p: v for p, v in by_qid.get(i.qid, {}).items() if p != "P31"}) for i in found]
        return found

    def facts(self, qids: Iterable[str],
              properties: Sequence[str] = ("P31", *FACT_PROPERTIES)) -> dict[str, dict[str, list[str]]]:
        """Truthy values (``wdt:``) of ``properties`` by QID: QIDs for items, ``Point(lon lat)`` for coordinates."""
        for pid in properties:
            if not _PID.fullmatch(pid):
                raise InputError(f"{pid!r}: not a Wikidata property identifier (like P17)")
        wanted = list(dict.fromkeys(check_qid(q) for q in qids))
        found: dict[str, dict[str, set[str]]] = {}
        for part in _chunks(wanted):
            query = _FACTS.format(items=_values(part), properties=" ".join(f"wdt:{p}" for p in properties))
            for row in self.select(query):
                qid = qid_of(_literal(row, "item"))
                pid = _literal(row, "p")[len(WDT):] if _literal(row, "p").startswith(WDT) else ""
                value = _fact_value(row.get("value", {}))
                if qid and pid and value is not None:
                    found.setdefault(qid, {}).setdefault(pid, set()).add(value)
        return {q: {p: sorted(v, key=_qid_order) for p, v in sorted(props.items())} for q, props in found.items()}

    def labels(self, qids: Iterable[str]) -> dict[str, str]:
        """English labels by QID ("mul" ones when there is no English one; QIDs without either left out)."""
        wanted = list(dict.fromkeys(check_qid(q) for q in qids))
        labels: dict[str, str] = {}
        for part in _chunks(wanted):
            for row in self.select(_LABELS.format(items=_values(part))):
                qid = qid_of(_literal(row, "item"))
                english = row.get("label", {}).get("xml:lang") == "en"
                if qid and (english or qid not in labels):
                    labels[qid] = _literal(row, "label")
        return labels

    def item_qids(self, sparql: str) -> list[str]:
        """The QIDs bound to ``?item`` by a user's SELECT query, in answer order."""
        rows = self.select(sparql)
        if rows and not any("item" in row for row in rows):
            raise InputError("the query must return the items as ?item (e.g. SELECT ?item WHERE { ?item wdt:P31 wd:Q5 })")
        return list(dict.fromkeys(q for row in rows if (q := qid_of(_literal(row, "item")))))

    def _items_from(self, rows: list[dict], evidence: str, prior: float, kind: str | None = None,
                    fallback: str = "") -> list[KBItem]:
        items = []
        for row in rows:
            qid = qid_of(_literal(row, "item"))
            if qid is None:
                continue
            aliases = [a for a in _literal(row, "aliases").split("\t") if a.strip()]
            label = _literal(row, "label") or _literal(row, "mulLabel") or (aliases[0] if aliases else fallback)
            aliases.append(_literal(row, "mulLabel"))  # a name too, when it differs from the English label
            if not label:
                log.debug("%s has no English label or alias at %s; skipped", qid, self.endpoint)
                continue
            p31 = tuple(sorted({q for c in _literal(row, "classes").split() if (q := qid_of(c))}, key=_qid_order))
            items.append(KBItem(
                qid=qid, label=label, kind=kind if kind is not None else kind_of(p31),
                aliases=tuple(sorted({a for a in aliases if a and a != label})), description=_literal(row, "description"),
                p31=p31, prior=prior, evidence=evidence,
            ))
        return sorted(items, key=lambda i: _qid_order(i.qid))


def _qid_order(qid: str) -> tuple[int, str]:
    return (len(qid), qid)


def _fact_value(term: dict) -> str | None:
    value = term.get("value", "")
    if term.get("type") == "uri":
        return qid_of(value)
    if term.get("datatype") == GEO_WKT_LITERAL:
        return value if value.startswith("Point(") else None  # other globes carry an IRI before the point
    return value or None


# -- linking with the online fallback -------------------------------------------------------------

class OnlineLinker(Linker):
    """A :class:`Linker` that looks up online the names its KB does not know.

    For an entity none of whose names has a linkable candidate in the KB, its longest
    ``max_names`` names are looked up (exact English label or alias, of a compatible kind);
    the items found join the KB (the same object the pipeline reads descriptions from) with the
    prior :data:`ONLINE_PRIOR`, and the usual rules decide. An endpoint failure turns the
    lookups off for the rest of the run with one warning: the build goes on offline.
    """

    def __init__(self, kb: KnowledgeBase, client: WikidataClient, prior: float = ONLINE_PRIOR, max_names: int = 2) -> None:
        super().__init__(kb)
        self.client = client
        self.prior = prior
        self.max_names = max_names
        self.added: list[str] = []  # QIDs that came from the endpoint
        self._asked: set[tuple[str, str]] = set()
        self._offline = False

    def link(self, names: Iterable[str], kind: str, context: Iterable[str] = ()) -> Link | None:
        names = list(names)
        context = list(context)
        if kind in ENTITY_KINDS and not self._offline and not self._knows(names):
            self._look_up(names, kind)
        return super().link(names, kind, context)

    def _knows(self, names: list[str]) -> bool:
        return any(item.linkable for name in names for item, _ in self.candidates(name))

    def _look_up(self, names: list[str], kind: str) -> None:
        new = False
        for name in [n for n in names if len(n.strip()) >= 3][: self.max_names]:
            if (name, kind) in self._asked:
                continue
            self._asked.add((name, kind))
            try:
                found = self.client.lookup(name)
            except EndpointError as error:
                log.warning("online lookups are off for the rest of this run: %s", error)
                self._offline = True
                return
            for item in found:
                if not item.linkable:
                    continue
                if item.qid not in self.kb:
                    self.added.append(item.qid)
                self.kb.add(replace(item, prior=min(item.prior, self.prior)))
                new = True
        if new:
            Linker.__init__(self, self.kb)  # re-index the grown KB (a few ms for a few hundred items)
