"""See the graph: a self-contained HTML explorer page and a static Graphviz picture.

``build_page(store)`` asks the store (embedded or endpoint) a handful of SPARQL
queries, turns the answers into one compact JSON document and inlines it, with the
bundled Cytoscape.js and the page's own script, into ``templates/explorer.html``.
The page needs no server and no network: open it from disk.

Safety: every string from the graph (article text, names, URLs) travels only inside
the JSON, which is escaped so that no ``<`` appears in it; the page builds its DOM
with ``textContent``; a Content-Security-Policy allows only the page's own scripts
(by hash) and no network connections.

Scale: the page gets one record per statement (with the sentence it came from,
computed here) but draws only an aggregate network of speakers, entities and
articles, at most a few hundred nodes, and paginates its statement lists.

``draw_network(store, path)`` draws the speaker–entity network with Graphviz
(``sfdp``, else ``dot``) into a .png or .svg file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import InputError, KgError

CYTOSCAPE_VERSION = "3.35.0"  # kg/vendor/cytoscape.min.js, from the npm package `cytoscape`

PREFIXES = """\
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
"""

# Flat queries, one concern each: joining them here keeps every query cheap on any
# endpoint and avoids the row explosion of many OPTIONALs with several values.
# Triples repeated across article graphs may give repeated rows: the Python side dedupes.
Q_ARTICLES = PREFIXES + """
SELECT ?article ?source ?headline ?published ?url ?text WHERE {
  { SELECT DISTINCT ?article WHERE { ?statement a kg:Statement ; schema:isPartOf ?article } }
  OPTIONAL { ?article kg:source ?source }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article nif:isString ?text }
}"""

Q_STATEMENTS = PREFIXES + """
SELECT ?statement ?article ?text ?begin ?end ?kind ?verb ?speakerText ?date WHERE {
  ?statement a kg:Statement .
  OPTIONAL { ?statement schema:isPartOf ?article }
  OPTIONAL { ?statement schema:text ?text }
  OPTIONAL { ?statement nif:beginIndex ?begin }
  OPTIONAL { ?statement nif:endIndex ?end }
  OPTIONAL { ?statement kg:statementKind ?kind }
  OPTIONAL { ?statement kg:speechVerb ?verb }
  OPTIONAL { ?statement kg:speakerText ?speakerText }
  OPTIONAL { ?statement schema:dateCreated ?date }
}"""

# several for a joint statement ("X and Y said")
Q_STATEMENT_SPEAKERS = PREFIXES + """
SELECT DISTINCT ?statement ?speaker WHERE {
  ?statement a kg:Statement ; kg:speaker ?speaker .
}"""

Q_STATEMENT_MENTIONS = PREFIXES + """
SELECT DISTINCT ?statement ?entity WHERE {
  ?statement a kg:Statement ; schema:mentions ?entity .
}"""

Q_ENTITIES = PREFIXES + """
SELECT DISTINCT ?entity ?class ?label ?sameAs ?confidence WHERE {
  ?entity skos:prefLabel ?label .
  FILTER NOT EXISTS { ?entity a skos:Concept }
  OPTIONAL {
    ?entity a ?class .
    FILTER(?class IN (schema:Person, schema:Organization, schema:Place, schema:Event, kg:MilitaryExercise))
  }
  OPTIONAL {
    ?entity owl:sameAs ?sameAs .
    FILTER(STRSTARTS(STR(?sameAs), "http://www.wikidata.org/entity/"))
  }
  OPTIONAL { ?entity kg:linkConfidence ?confidence }
}"""

Q_ALIASES = PREFIXES + """
SELECT DISTINCT ?entity ?alias WHERE { ?entity skos:altLabel ?alias }"""

Q_MENTION_COUNTS = PREFIXES + """
SELECT ?entity (COUNT(DISTINCT ?mention) AS ?mentions) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?mention itsrdf:taIdentRef ?entity .
  OPTIONAL { ?mention nif:referenceContext ?article }
}
GROUP BY ?entity"""

KG = "https://w3id.org/newskg/ontology#"
SCHEMA = "http://schema.org/"
KINDS = {KG + "DirectSpeech": "direct", KG + "IndirectSpeech": "indirect", KG + "MixedSpeech": "mixed"}
# most specific first: a military exercise is also an event
CLASSES = [(KG + "MilitaryExercise", "exercise"), (SCHEMA + "Person", "person"), (SCHEMA + "Organization", "organization"),
           (SCHEMA + "Place", "place"), (SCHEMA + "Event", "event")]
TYPE_COLOURS = {"person": "#3b73b9", "organization": "#e8871e", "place": "#3a9a4a", "event": "#8e5cb5",
                "exercise": "#d0413c", "other": "#8c6d5c", "unresolved": "#9a9a9a", "article": "#b8b13a"}
CONTEXT_LIMIT = 320  # characters of sentence kept on each side of a statement
TITLES = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "sen", "rep", "st", "no", "vs", "jr",
          "sr", "prof", "gov", "adm", "brig", "cmdr", "corp", "inc", "ltd", "co", "fig", "jan", "feb", "mar", "apr",
          "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
CLOSERS = "\"'”’»)]"


def _rows(result: dict) -> list[dict[str, str]]:
    """SPARQL JSON results as plain dicts of variable -> lexical value (unbound variables absent)."""
    return [{name: cell["value"] for name, cell in row.items()} for row in result.get("results", {}).get("bindings", [])]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _http_url(value: str | None) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:, file names) stays text."""
    return value if value and re.match(r"https?://[^\s<>\"]+$", value, re.IGNORECASE) else None


# --- sentences -----------------------------------------------------------------------------------------------

def _sentence_end_at(text: str, i: int) -> int | None:
    """If a sentence ends with the character at ``i``, the index just past it (and its closing quotes)."""
    char = text[i]
    if char == "\n":
        return i + 1
    if char not in ".!?":
        return None
    j = i + 1
    while j < len(text) and text[j] in CLOSERS:
        j += 1
    if j < len(text) and not text[j].isspace():
        return None
    if char == ".":
        word = re.search(r"(\w+)$", text[max(0, i - 12):i])
        if word and (word.group(1).lower() in TITLES or (len(word.group(1)) == 1 and word.group(1).isupper())):
            return None  # "Mr. Lavrov", "U.S. officials", "Sept. 3"
    return j


def _sentence_span(text: str, begin: int, end: int, limit: int) -> tuple[int, int, bool, bool]:
    begin = max(0, min(begin, len(text)))
    end = max(begin, min(end, len(text)))
    start, cut_left = max(0, begin - limit), begin - limit > 0
    for i in range(begin - 1, max(0, begin - limit) - 1, -1):
        found = _sentence_end_at(text, i)
        if found is not None and found <= begin:
            start, cut_left = found, False
            break
    if cut_left:  # no sentence start within reach: start at a word
        space = text.find(" ", start, begin)
        start = space + 1 if space >= 0 else start
    stop, cut_right = min(len(text), end + limit), end + limit < len(text)
    for i in range(max(begin, end - 1), min(len(text), end + limit)):
        found = _sentence_end_at(text, i)
        if found is not None and found >= end:
            stop, cut_right = found, False
            break
    if cut_right:
        space = text.rfind(" ", end, stop)
        stop = space if space >= 0 else stop
    while start < begin and text[start].isspace():
        start += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return start, stop, cut_left, cut_right


def sentence_around(text: str, begin: int, end: int, limit: int = CONTEXT_LIMIT) -> tuple[int, int]:
    """The span of the sentence(s) holding ``text[begin:end]``: from the end of the previous sentence (or a
    newline) to the end of the sentence where the statement stops (or a newline), at most ``limit``
    characters on each side of the statement."""
    start, stop, _, _ = _sentence_span(text, begin, end, limit)
    return start, stop


def statement_context(text: str | None, begin: int | None, end: int | None, fallback: str) -> list[str]:
    """[before, statement, after] as shown on the page: the sentence with the statement marked."""
    if not text or begin is None or end is None or not 0 <= begin <= end <= len(text):
        return ["", fallback, ""]
    start, stop, cut_left, cut_right = _sentence_span(text, begin, end, CONTEXT_LIMIT)
    said = text[begin:end]
    core = said.strip()
    lead = said[: len(said) - len(said.lstrip())]
    trail = said[len(said.rstrip()):] if core else ""
    before = ("…" if cut_left else "") + text[start:begin] + lead
    after = trail + text[end:stop] + ("…" if cut_right else "")
    return [before, core, after.rstrip() if not text[end:stop] else after]


# --- data ----------------------------------------------------------------------------------------------------

def collect(store: Any, source: str = "") -> dict:
    """Everything the page shows, as one JSON-ready document (entities, articles, statements by index)."""
    statements: dict[str, dict[str, str]] = {}
    for row in _rows(store.query(Q_STATEMENTS)):
        record = statements.setdefault(row["statement"], {})
        for key, value in row.items():
            record.setdefault(key, value)  # first value wins: a statement has at most one of each
    speakers: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store.query(Q_STATEMENT_SPEAKERS)):
        speakers[row["statement"]].add(row["speaker"])
    mentions: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store.query(Q_STATEMENT_MENTIONS)):
        if row["entity"] not in mentions[row["statement"]]:
            mentions[row["statement"]].append(row["entity"])
    articles: dict[str, dict[str, str]] = {}
    for row in _rows(store.query(Q_ARTICLES)):
        record = articles.setdefault(row["article"], {})
        for key, value in row.items():
            record.setdefault(key, value)
    info: dict[str, dict[str, Any]] = {}
    for row in _rows(store.query(Q_ENTITIES)):
        entry = info.setdefault(row["entity"], {"labels": set(), "classes": set()})
        entry["labels"].add(row["label"])
        if "class" in row:
            entry["classes"].add(row["class"])
        for key in ("sameAs", "confidence"):
            if row.get(key) and not entry.get(key):
                entry[key] = row[key]
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store.query(Q_ALIASES)):
        aliases[row["entity"]].add(row["alias"])
    counts = {row["entity"]: (_int(row.get("mentions")) or 0, _int(row.get("articles")) or 0)
              for row in _rows(store.query(Q_MENTION_COUNTS))}

    # articles: only those with statements, newest first then by source
    article_ids = {s["article"] for s in statements.values() if "article" in s}
    for missing in article_ids - set(articles):
        articles[missing] = {"article": missing}
    ordered_articles = sorted(article_ids, key=lambda a: (articles[a].get("published", ""), articles[a].get("source", a)))
    article_index = {iri: n for n, iri in enumerate(ordered_articles)}

    # entities: speakers and everything statements mention; unresolved speakers grouped by their words
    entity_list: list[dict[str, Any]] = []
    entity_index: dict[str, int] = {}

    def entity(key: str, make: Any) -> int:
        if key not in entity_index:
            entity_index[key] = len(entity_list)
            entity_list.append(make())
        return entity_index[key]

    def known(iri: str, fallback: str = "") -> int:
        def make() -> dict[str, Any]:
            record = info.get(iri, {"labels": set(), "classes": set()})
            labels = sorted(record["labels"])
            kind = next((name for cls, name in CLASSES if cls in record["classes"]), "other")
            same = record.get("sameAs")
            label = labels[0] if labels else fallback or iri.rsplit("/", 1)[-1]
            item: dict[str, Any] = {"id": iri, "label": label, "type": kind}
            alts = sorted((aliases.get(iri, set()) | set(labels[1:])) - {label})
            if alts:
                item["aliases"] = alts
            if same:
                item["wd"] = same.rsplit("/", 1)[-1]
                if record.get("confidence"):
                    item["conf"] = record["confidence"]
            mentions_seen, articles_seen = counts.get(iri, (0, 0))
            if mentions_seen:
                item["mentions"] = mentions_seen
                item["inArticles"] = articles_seen
            return item
        return entity(iri, make)

    def unresolved(words: str) -> int:
        key = " ".join(words.lower().split())
        return entity("unresolved:" + key, lambda: {"id": "", "label": " ".join(words.split()) or "(unknown speaker)",
                                                    "type": "unresolved"})

    texts = {iri: articles[iri].get("text") for iri in ordered_articles}
    out_articles: list[dict[str, str]] = []
    for iri in ordered_articles:
        record = articles[iri]
        article = {"id": iri, "title": (record.get("headline") or record.get("source") or iri).strip()}
        for key, name in (("source", "source"), ("published", "date")):
            if record.get(key):
                article[name] = record[key]
        url = _http_url(record.get("url")) or _http_url(record.get("source"))
        if url:
            article["url"] = url
        out_articles.append(article)

    order = sorted(statements, key=lambda s: (article_index.get(statements[s].get("article", ""), -1),
                                              _int(statements[s].get("begin")) or 0, s))
    out_statements = []
    for iri in order:
        record = statements[iri]
        begin, end = _int(record.get("begin")), _int(record.get("end"))
        context = statement_context(texts.get(record.get("article", "")), begin, end, record.get("text", ""))
        item: dict[str, Any] = {"id": iri, "ctx": context}
        if record.get("text") is not None and record["text"].strip() != context[1]:
            item["text"] = record["text"]
        item["kind"] = KINDS.get(record.get("kind", ""), "")
        if record.get("verb"):
            item["verb"] = record["verb"]
        words = record.get("speakerText", "")
        # the speakers in the order of their labels, as the canned queries list them; the words if none resolved
        said_by = sorted(speakers.get(iri, ()), key=lambda e: (min(info.get(e, {}).get("labels") or [e]), e))
        fallback = words if len(said_by) == 1 else ""  # an entity without a label, named by the words
        item["sp"] = [known(e, fallback) for e in said_by] if said_by else [unresolved(words)]
        if words:
            item["spText"] = words
        if record.get("article") in article_index:
            item["art"] = article_index[record["article"]]
        if record.get("date"):
            item["date"] = record["date"]
        item["m"] = [known(e) for e in mentions.get(iri, [])]
        out_statements.append(item)

    kinds = Counter(s["kind"] or "unknown" for s in out_statements)
    return {
        "generator": f"kg {__version__}",
        "source": source,
        "library": f"Cytoscape.js {CYTOSCAPE_VERSION}",
        "colours": TYPE_COLOURS,
        "counts": {"statements": len(out_statements), "articles": len(out_articles), "entities": len(entity_list),
                   "speakers": len({p for s in out_statements for p in s["sp"]}), "kinds": dict(sorted(kinds.items()))},
        "entities": entity_list,
        "articles": out_articles,
        "statements": out_statements,
    }


# --- page ----------------------------------------------------------------------------------------------------

def _resource(*parts: str) -> str:
    return resources.files("kg").joinpath(*parts).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' at all, so no '</script>' or '<!--'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def render_page(data: dict) -> str:
    """The template with the library, the data and a CSP naming the page's scripts by hash."""
    template = _resource("templates", "explorer.html")
    library = _resource("vendor", "cytoscape.min.js")
    if re.search(r"</script|<!--", library, re.IGNORECASE):  # would end the element early
        library = re.sub(r"<(/script|!--)", r"\\x3c\1", library, flags=re.IGNORECASE)
    scripts = [code for code in re.findall(r"<script>(.*?)</script>", template, re.DOTALL) if code != "@KG_LIBRARY@"]
    hashes = " ".join([_script_hash(library)] + [_script_hash(code) for code in scripts])
    values = {"LIBRARY": library, "DATA": embed_json(data), "SCRIPT_HASHES": hashes}
    # one pass over the template: inserted text is never scanned for markers again
    return re.sub(r"@KG_([A-Z_]+)@", lambda m: values[m.group(1)], template)


def build_page(store: Any, source: str = "") -> str:
    """The explorer page for everything in ``store``: one self-contained HTML document."""
    return render_page(collect(store, source))


# --- static picture ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Network:
    nodes: list[tuple[int, float]]  # (entity index, weight)
    edges: list[tuple[int, int, int]]  # (speaker, entity, statements)


def network(data: dict, max_nodes: int = 60, max_edges: int = 160) -> Network:
    """The speaker–entity network: nodes weighted by statements said plus statements about them."""
    weight: Counter[int] = Counter()
    edges: Counter[tuple[int, int]] = Counter()
    for statement in data["statements"]:
        said_by = statement["sp"]  # several for a joint statement
        for speaker in said_by:
            weight[speaker] += 1
        for target in set(statement["m"]) - set(said_by):
            weight[target] += 1
            for speaker in said_by:
                edges[(speaker, target)] += 1
    kept = [(n, float(w)) for n, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]]
    chosen = {n for n, _ in kept}
    links = [(a, b, w) for (a, b), w in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))
             if a in chosen and b in chosen][:max_edges]
    return Network(kept, links)


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ") + '"'


def to_dot(data: dict, max_nodes: int = 60) -> str:
    net = network(data, max_nodes=max_nodes)
    entities = data["entities"]
    speakers = {p for s in data["statements"] for p in s["sp"]}
    top = max((w for _, w in net.nodes), default=1.0)
    lines = ["graph kg {", '  graph [overlap=prism, overlap_scaling=2, splines=true, outputorder=edgesfirst, bgcolor="white",',
             '         fontname="DejaVu Sans", label="Who speaks about whom (node size: statements said + about)", labelloc=t, fontsize=16];',
             '  node [shape=circle, style=filled, fontname="DejaVu Sans", fontsize=10, fixedsize=false, penwidth=0];',
             '  edge [color="#88888880"];']
    for index, weight in net.nodes:
        item = entities[index]
        size = 0.25 + 0.9 * (weight / top) ** 0.5
        colour = TYPE_COLOURS.get(item["type"], TYPE_COLOURS["other"])
        border = ', penwidth=2.5, color="#222222"' if index in speakers else ""
        label = item["label"] if len(item["label"]) <= 32 else item["label"][:31] + "…"
        lines.append(f"  n{index} [label={_dot_string(label)}, width={size:.2f}, height={size:.2f}, fixedsize=shape, "
                     f"xlabel=\"\", fillcolor=\"{colour}\"{border}, tooltip={_dot_string(item['label'])}];")
    for a, b, w in net.edges:
        lines.append(f"  n{a} -- n{b} [penwidth={min(1 + w * 0.6, 8):.1f}];")
    present = {entities[index]["type"] for index, _ in net.nodes}
    legend = "   ".join(f'<font color="{colour}">●</font> {name}' for name, colour in TYPE_COLOURS.items() if name in present)
    legend += "   ◯ dark ring: speaker"
    lines.append(f'  legend [shape=plaintext, style="", label=<{legend}>, fontsize=11];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphviz_program() -> str:
    for name in ("sfdp", "neato", "dot"):
        found = shutil.which(name)
        if found:
            return found
    raise KgError("Graphviz is not installed: the picture needs its `sfdp` or `dot` program "
                  "(Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`)")


def draw_network(store: Any, path: Path | str, data: dict | None = None) -> Path:
    """Draw the speaker–entity network into ``path`` (.png or .svg) with Graphviz."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InputError(f"{path}: the picture must be a .png or .svg file")
    program = graphviz_program()
    dot = to_dot(data if data is not None else collect(store))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        done = subprocess.run([program, f"-T{fmt}", "-o", str(partial)], input=dot.encode("utf-8"),
                              capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        partial.unlink(missing_ok=True)
        raise KgError(f"{program}: cannot draw the network ({error})") from None
    if done.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        detail = done.stderr.decode("utf-8", "replace").strip()[:500]
        raise KgError(f"{program} failed (exit {done.returncode}): {detail}")
    partial.replace(path)
    return path
