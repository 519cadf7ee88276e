"""The closed vocabulary: every RDF term kg emits, in one place.

Each namespace is an rdflib ``DefinedNamespace`` with ``_fail=True``, so a misspelt
term raises at import time instead of producing a silently wrong graph. The test
``tests/test_vocab.py`` checks the ``KG`` terms against ``ontology/kg.ttl``.
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
RESOURCE_BASE = "https://w3id.org/newskg/resource/"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


class KG(DefinedNamespace):
    """kg's own terms, used only where no reused vocabulary fits."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Statement: URIRef
    StatementKind: URIRef
    MilitaryExercise: URIRef
    PositionHolding: URIRef
    # statement kinds (skos:Concept individuals of kg:StatementKind)
    DirectSpeech: URIRef
    IndirectSpeech: URIRef
    MixedSpeech: URIRef
    StatementKinds: URIRef  # the skos:ConceptScheme
    # properties
    source: URIRef
    speaker: URIRef
    speakerMention: URIRef
    speakerText: URIRef
    speechVerb: URIRef
    statementKind: URIRef
    linkConfidence: URIRef
    holder: URIRef
    inOrganization: URIRef
    participant: URIRef
    personnelCount: URIRef


class SDO(DefinedNamespace):
    """The schema.org terms kg uses (``http://schema.org/``, as Wikidata and most stores write it)."""

    _NS = Namespace("http://schema.org/")
    _fail = True

    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    NewsArticle: URIRef
    Quotation: URIRef
    mentions: URIRef
    datePublished: URIRef
    dateCreated: URIRef
    publisher: URIRef
    headline: URIRef
    url: URIRef
    inLanguage: URIRef
    locationCreated: URIRef
    isPartOf: URIRef
    text: URIRef
    roleName: URIRef
    location: URIRef
    organizer: URIRef
    startDate: URIRef
    endDate: URIRef
    softwareVersion: URIRef
    name: URIRef


class NIF(DefinedNamespace):
    """NIF 2.1 core: character-offset strings anchored in their article."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    OffsetBasedString: URIRef
    Phrase: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    isString: URIRef


class ITSRDF(DefinedNamespace):
    """ITS 2.0 RDF: ``taIdentRef`` links a NIF mention to the entity it names."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef


WD = Namespace(WIKIDATA_ENTITY)

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgr": RESOURCE_BASE,
    "schema": str(SDO._NS),
    "nif": str(NIF._NS),
    "itsrdf": str(ITSRDF._NS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "wd": WIKIDATA_ENTITY,
}
