"""Every Cypher statement the Neo4j store sends, in one place.

Values always travel as parameters (``$rows``, ``$source``, ...). Labels and relationship
types come from the validated ontology (actor kinds, predicate names): a load passes them in
its rows (dynamic labels and types, ``$(row.type)``, Neo4j 5.26 and later), and the exported
script writes them into the text, quoted with :func:`quote_identifier`. Statement bodies that write data start after ``UNWIND $rows AS
row`` so the Cypher script exporter can reuse them with a literal list instead of ``$rows``.

``SCHEMA`` is the single source of the constraints and indexes; ``cypher/schema.cypher``
repeats it for Neo4j Browser and a test proves the two identical.

Examples
--------
>>> quote_identifier("EXPELS")
'`EXPELS`'
>>> quote_identifier("A`B")
'`A``B`'
>>> kind_label("armed_group")
'ArmedGroup'
"""

from __future__ import annotations

import re

# lower_snake_case, as the ontology requires of kind and predicate names
NAME = re.compile(r"^[a-z][a-z0-9_]*$")

SCHEMA = (
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT predicate_name IF NOT EXISTS FOR (p:Predicate) REQUIRE p.name IS UNIQUE",
    "CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
    "CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)",
    "CREATE INDEX source_published IF NOT EXISTS FOR (s:Source) ON (s.published)",
    "CREATE FULLTEXT INDEX actor_text IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.description]",
)

ACTOR_FIELDS = ("id", "name", "kind", "aliases", "country", "description")
SOURCE_FIELDS = ("id", "title", "outlet", "published", "url", "language", "file", "note")
PREDICATE_FIELDS = ("name", "description", "symmetric", "inverse", "polarity", "cameo", "plover",
                    "subject_kinds", "object_kinds", "acts_for")
# the evidence of a relation as parallel lists: item i of each list is evidence i
EVIDENCE_LISTS = ("dates", "sources", "quotes", "confidences", "modalities", "places", "notes", "attributes",
                  "files", "lines")
RELATION_FIELDS = ("polarity", "weight", "first_date", "last_date", "confidence") + EVIDENCE_LISTS

UNWIND_ROWS = "UNWIND $rows AS row\n"


def quote_identifier(name: str) -> str:
    """``name`` as a Cypher identifier in backticks (a backtick inside is doubled)."""
    if not name:
        raise ValueError("empty label or relationship type")
    return "`" + name.replace("`", "``") + "`"


def kind_label(kind: str) -> str:
    """The node label of an actor kind: ``armed_group`` -> ``ArmedGroup``.

    Only ontology kind names (lower_snake_case) have a label; anything else is refused so
    that no text from the data becomes part of a statement.
    """
    if not NAME.match(kind or ""):
        raise ValueError(f"'{kind}' is not an ontology kind name (lower_snake_case)")
    return "".join(part.capitalize() for part in kind.split("_"))


def _set(variable: str, fields) -> str:
    return ",\n    ".join(f"{variable}.{f} = row.{f}" for f in fields)


# -- writing ---------------------------------------------------------------------------

UPSERT_PREDICATES_BODY = (
    "MERGE (p:Predicate {name: row.name})\n"
    "SET " + _set("p", PREDICATE_FIELDS[1:])
)

UPSERT_SOURCES_BODY = (
    "MERGE (s:Source {id: row.id})\n"
    "SET " + _set("s", SOURCE_FIELDS[1:])
)


def upsert_actors_body(label: str) -> str:
    """Create or update actors of one kind; ``label`` is a :func:`kind_label`."""
    return (
        "MERGE (a:Actor {id: row.id})\n"
        "SET " + _set("a", ACTOR_FIELDS[1:]) + f",\n    a:{quote_identifier(label)}"
    )


# Loads send one statement text whatever the kinds and predicates of its rows: the label or
# type travels in the row (``$(row.label)``, ``$(row.type)``: dynamic labels and types, Neo4j
# 5.26 and later). With one text per kind or predicate, Neo4j planned each anew (0.1-0.4 s
# apiece) in every load after the statistics had moved, and that planning was most of the
# time of a small load. The values still come from the validated ontology only.

# create or update actors; row.label is the kind's label (kind_label)
UPSERT_ACTORS = (
    UNWIND_ROWS
    + "MERGE (a:Actor {id: row.id})\n"
    "SET " + _set("a", ACTOR_FIELDS[1:]) + ",\n    a:$(row.label)"
)

# take the label of an actor's previous kind off (its kind changed); row.label as above
REMOVE_KIND_LABELS = UNWIND_ROWS + "MATCH (a:Actor {id: row.id})\nREMOVE a:$(row.label)"


def merge_relations_body(rel_type: str) -> str:
    """Create or update relations of one type with their whole evidence lists.

    The store computes the lists from what Neo4j already holds plus the new evidence, so
    running this twice (a driver retry) writes the same values: it only MERGEs and SETs.
    """
    return (
        # WHERE rather than {id: row.subject}: the same plan, and Neo4j's linter takes a
        # map key inside a node pattern for a property of the node
        "MATCH (s:Actor) WHERE s.id = row.subject\n"
        "MATCH (o:Actor) WHERE o.id = row.object\n"
        f"MERGE (s)-[r:{quote_identifier(rel_type)}]->(o)\n"
        "SET " + _set("r", RELATION_FIELDS)
    )


def _date_start(d: str) -> str:
    """The first day of a date as written (YYYY, YYYY-MM, YYYY-MM-DD or START/END), as ISO
    text, so that text order is day order (sahelgraph.dates.span in Cypher)."""
    p = f"head(split({d}, '/'))"
    return f"CASE size({p}) WHEN 4 THEN {p} + '-01-01' WHEN 7 THEN {p} + '-01' ELSE {p} END"


def _date_end(d: str) -> str:
    """The last day of a date as written, as ISO text."""
    q = f"last(split({d}, '/'))"
    return (f"CASE size({q}) WHEN 4 THEN {q} + '-12-31' "
            f"WHEN 7 THEN toString(date({q} + '-01') + duration('P1M') - duration('P1D')) ELSE {q} END")


# A load writes relations in two steps, each one statement for every predicate:
# FIND_RELATIONS says which relations of a batch exist, then CREATE_RELATIONS makes the new
# ones and APPEND_EVIDENCE extends the others. Not one MERGE with a dynamic type: Neo4j
# plans the look-up of `MERGE (s)-[r:$(row.type)]->(o)` as a scan of every relationship when
# it plans against an empty database (each row then reads every relation written so far in
# the transaction: a first load of 100k rows ran for minutes), and so it plans
# `MATCH ()-[r]->() WHERE elementId(r) = ...` too; a variable-length pattern between two
# actors found by id can only be planned from its ends.
# Its type is a WHERE, not `[found:$(row.type)*1..1]`: Neo4j 5.26 ignores a dynamic type in
# a variable-length pattern (it matches every type; tests/neo4j checks loads of two
# predicates between the same actors).

# which relations exist (row.key: the caller's key of the row, echoed; row.type: the
# relationship type, Predicate.rel_type). Both ends are locked first, as MERGE locks them, so that no other load
# adds the relation between this look-up and CREATE_RELATIONS (writing a property takes the
# node's write lock; writing the value it has changes nothing).
FIND_RELATIONS = (
    UNWIND_ROWS
    + "MATCH (s:Actor) WHERE s.id = row.subject\n"
    "MATCH (o:Actor) WHERE o.id = row.object\n"
    "SET s.id = s.id, o.id = o.id\n"
    "WITH row, s, o\n"
    "OPTIONAL MATCH (s)-[found*1..1]->(o) WHERE type(head(found)) = row.type\n"
    "RETURN row.key AS key, elementId(head(found)) AS relation"
)

# new relations with their whole evidence (computed by the caller, see relation_row)
CREATE_RELATIONS = (
    UNWIND_ROWS
    + "MATCH (s:Actor) WHERE s.id = row.subject\n"
    "MATCH (o:Actor) WHERE o.id = row.object\n"
    "CREATE (s)-[r:$(row.type)]->(o)\n"
    "SET " + _set("r", RELATION_FIELDS) + "\n"
    "RETURN count(r) AS written, sum(size(row.dates)) AS appended"
)


def _append_evidence() -> str:
    """Append to the evidence of relations that FIND_RELATIONS found, in the database.

    Each row carries one relation's new evidence as parallel lists (deduplicated by the
    caller); the evidence whose (date, source, quote) the relation holds already is left
    out, the rest appended, and weight, confidence and first/last date updated with the
    appended pieces as sahelgraph.model.Relation computes them (the first date the
    earliest-starting, the last the latest-ending, ties to the earlier evidence; confidence
    the highest, a missing one counting as 1.0). Running it twice (a driver retry) appends
    nothing more.
    """
    fresh = "[i IN fresh | row.{0}[i]]"
    appended = ",\n    ".join(f"r.{name} = coalesce(r.{name}, []) + " + fresh.format(name)
                              for name in EVIDENCE_LISTS)
    return (
        UNWIND_ROWS
        + "MATCH (s:Actor) WHERE s.id = row.subject\n"
        "MATCH (o:Actor) WHERE o.id = row.object\n"
        "MATCH (s)-[found*1..1]->(o) WHERE type(head(found)) = row.type\n"
        "WITH head(found) AS r, row\n"
        "WITH r, row, coalesce(r.dates, []) AS dates, coalesce(r.sources, []) AS sources,\n"
        "     coalesce(r.quotes, []) AS quotes\n"
        "WITH r, row, [i IN range(0, size(row.dates) - 1) WHERE none(j IN range(0, size(dates) - 1)\n"
        "     WHERE dates[j] = row.dates[i] AND sources[j] = row.sources[i] AND quotes[j] = row.quotes[i])] AS fresh\n"
        "SET " + appended + ",\n    r.polarity = row.polarity\n"
        # the stored span and highest confidence already cover the stored evidence: fold in
        # only the new pieces (the stored first/last date came first, so it wins a tie)
        "WITH r, fresh, [i IN fresh WHERE row.dates[i] <> '' | row.dates[i]] AS dated,\n"
        "     [i IN fresh | CASE WHEN row.confidences[i] = -1.0 THEN 1.0 ELSE row.confidences[i] END] AS confidences\n"
        "SET r.weight = size(r.dates),\n"
        "    r.confidence = reduce(m = coalesce(r.confidence, 0.0), c IN confidences | CASE WHEN c > m THEN c ELSE m END),\n"
        "    r.first_date = reduce(f = r.first_date, d IN dated | "
        f"CASE WHEN f IS NULL OR {_date_start('d')} < {_date_start('f')} THEN d ELSE f END),\n"
        "    r.last_date = reduce(l = r.last_date, d IN dated | "
        f"CASE WHEN l IS NULL OR {_date_end('d')} > {_date_end('l')} THEN d ELSE l END)\n"
        "RETURN count(r) AS written, sum(size(fresh)) AS appended"
    )


APPEND_EVIDENCE = _append_evidence()


UPSERT_PREDICATES = UNWIND_ROWS + UPSERT_PREDICATES_BODY
UPSERT_SOURCES = UNWIND_ROWS + UPSERT_SOURCES_BODY


def merge_relations(rel_type: str) -> str:
    return UNWIND_ROWS + merge_relations_body(rel_type) + "\nRETURN count(r) AS written"


# sahelgraph's data is its three node labels and the relationships between actors; other
# data in the same database is left alone
DELETE_BATCH = (
    "MATCH (n:Actor|Source|Predicate)\n"
    "WITH n LIMIT $limit\n"
    "DETACH DELETE n\n"
    "RETURN count(*) AS deleted"
)

# -- reading ---------------------------------------------------------------------------

READ_ACTOR_KINDS = (
    UNWIND_ROWS
    + "MATCH (a:Actor {id: row.id})\n"
    "RETURN a.id AS id, a.kind AS kind"
)


def _returning(variable: str, fields, first: str = "") -> str:
    return first + ", ".join(f"{variable}.{f} AS {f}" for f in fields)


# which of the given (subject, object) pairs are stored the other way round (row.type as in
# FIND_RELATIONS, and a variable-length pattern for the same reason): a relation of a
# symmetric predicate is kept in the orientation first loaded
REVERSED_RELATIONS = (
    UNWIND_ROWS
    + "MATCH (o:Actor) WHERE o.id = row.object\n"
    "MATCH (s:Actor) WHERE s.id = row.subject\n"
    "MATCH (o)-[found*1..1]->(s) WHERE type(head(found)) = row.type\n"
    "RETURN DISTINCT row.subject AS subject, row.type AS type, row.object AS object"
)


# every actor in one record, as a list of [ACTOR_FIELDS values] in id order: the driver takes
# one record of 20k lists in a third of the time it takes 20k records (a list per field
# would not do: collect() leaves out nulls)
READ_ACTORS = (
    "MATCH (a:Actor)\n"
    "WITH a ORDER BY a.id\n"
    "RETURN collect([" + ", ".join(f"a.{f}" for f in ACTOR_FIELDS) + "]) AS actors"
)

READ_SOURCES = (
    "MATCH (s:Source)\n"
    "RETURN " + _returning("s", SOURCE_FIELDS) + "\n"
    "ORDER BY id"
)

READ_PREDICATES = (
    "MATCH (p:Predicate)\n"
    "RETURN " + _returning("p", PREDICATE_FIELDS) + "\n"
    "ORDER BY name"
)

_RELATION_COLUMNS = (
    "startNode(r).id AS subject, type(r) AS type, endNode(r).id AS object, "
    + _returning("r", ("weight",) + EVIDENCE_LISTS)
)

READ_RELATIONS = (
    "MATCH (:Actor)-[r]->(:Actor)\n"
    "RETURN " + _RELATION_COLUMNS + "\n"
    "ORDER BY subject, type, object"
)

READ_ACTORS_BY_ID = (
    UNWIND_ROWS
    + "MATCH (a:Actor {id: row.id})\n"
    "RETURN " + _returning("a", ACTOR_FIELDS)
)

READ_SOURCES_BY_ID = (
    UNWIND_ROWS
    + "MATCH (s:Source {id: row.id})\n"
    "RETURN " + _returning("s", SOURCE_FIELDS)
)

# from Neo4j's count store, whatever the size of the graph (relations are the relationships
# leaving actors: every one sahelgraph writes; counting those that also end at an actor
# would read them all)
COUNTS = (
    "RETURN COUNT { MATCH (a:Actor) } AS actors,\n"
    "       COUNT { MATCH (s:Source) } AS sources,\n"
    "       COUNT { MATCH (:Actor)-[r]->() } AS relations"
)

PING = "RETURN 1 AS ok"

SERVER_COMPONENTS = (
    "CALL dbms.components() YIELD name, versions, edition\n"
    "RETURN name, versions, edition"
)

# -- filters pushed down (the semantics of sahelgraph.filters.filter_graph) ------------
#
# A relation passes when its type is allowed ($types), both ends are of allowed kinds
# ($kinds), and enough of its evidence survives the time window and the confidence floor.
# Partial dates compare as text once padded: a date's start gets -00/-00-00 and its end
# -99/-99-99, so '2022-08' spans '2022-08-00'..'2022-08-99', which orders correctly against
# the full ISO dates $since (first day of the window) and $until (last day).


def _kept_evidence(r: str) -> str:
    dates = f"coalesce({r}.dates, [])"
    start = f"head(split({dates}[i], '/'))"
    end = f"last(split({dates}[i], '/'))"
    return (
        f"size([i IN range(0, size({dates}) - 1) WHERE\n"
        f"      ($since IS NULL OR ({dates}[i] <> '' AND {end} + substring('-99-99', size({end}) - 4) >= $since))\n"
        f"  AND ($until IS NULL OR ({dates}[i] <> '' AND {start} + substring('-00-00', size({start}) - 4) <= $until))\n"
        f"  AND ($min_confidence IS NULL OR coalesce({r}.confidences, [])[i] >= $min_confidence)\n"
        f"  AND ($modalities IS NULL OR (CASE WHEN coalesce(coalesce({r}.modalities, [])[i], '') = '' "
        f"THEN 'asserted' ELSE {r}.modalities[i] END) IN $modalities)])"
    )


def _relation_weight(r: str) -> str:
    # the relation's weight after filtering: surviving evidence when evidence is filtered
    return (f"CASE WHEN $by_evidence THEN {_kept_evidence(r)} "
            f"ELSE size(coalesce({r}.dates, [])) END")


def _relation_passes(r: str) -> str:
    return (f"($types IS NULL OR type({r}) IN $types)\n"
            f"  AND {_relation_weight(r)} >= $min_weight")



# -- Graph Data Science ----------------------------------------------------------------

GDS_PROCEDURES = (
    "SHOW PROCEDURES YIELD name\n"
    "WHERE name STARTS WITH 'gds.'\n"
    "RETURN collect(name) AS names"
)

GDS_VERSION = "RETURN gds.version() AS version"

# The simple graph of actor ties of sahelgraph.analysis.simple: one relationship per pair
# of actors (ordered, or unordered with $undirected), self-loops dropped, a relation of a
# symmetric predicate ($symmetric types) counting both ways when directed; weight = the
# evidence behind the pair, distance = 1 / weight. Actors without ties are projected too so
# that every actor gets a score. $reverse projects every tie backwards (closeness on a
# directed graph measures distances towards an actor). $configuration carries
# undirectedRelationshipTypes.
GDS_PROJECT = (
    "MATCH (s:Actor)\n"
    "WHERE $kinds IS NULL OR s.kind IN $kinds\n"
    "OPTIONAL MATCH (s)-[r]->(o:Actor)\n"
    "WHERE o <> s AND ($kinds IS NULL OR o.kind IN $kinds) AND ($types IS NULL OR type(r) IN $types)\n"
    f"WITH s, r, o, {_relation_weight('r')} AS weight\n"
    "WITH s, r, CASE WHEN weight >= $min_weight THEN o END AS o, weight\n"
    "UNWIND CASE WHEN o IS NOT NULL AND NOT $undirected AND type(r) IN $symmetric THEN [[s, o], [o, s]]\n"
    "            WHEN $reverse AND o IS NOT NULL THEN [[o, s]]\n"
    "            ELSE [[s, o]] END AS pair\n"
    "WITH pair[0] AS s, pair[1] AS o, CASE WHEN pair[1] IS NULL THEN 0 ELSE weight END AS weight\n"
    "WITH CASE WHEN $undirected AND o IS NOT NULL AND o.id < s.id THEN o ELSE s END AS a,\n"
    "     CASE WHEN $undirected AND o IS NOT NULL AND o.id < s.id THEN s ELSE o END AS b,\n"
    "     weight\n"
    "WITH a, b, sum(weight) AS weight\n"
    "WITH gds.graph.project($graph, a, b,\n"
    "       {relationshipProperties: CASE WHEN b IS NULL THEN null ELSE\n"
    "          {weight: toFloat(weight), distance: 1.0 / CASE WHEN weight > 0 THEN weight ELSE 1 END} END},\n"
    "       $configuration) AS g\n"
    "RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships"
)

GDS_STREAM = {
    procedure: (
        f"CALL {procedure}($graph, $configuration)\n"
        "YIELD nodeId, score\n"
        "RETURN gds.util.asNode(nodeId).id AS id, score"
    )
    for procedure in ("gds.pageRank.stream", "gds.betweenness.stream", "gds.closeness.stream",
                      "gds.eigenvector.stream", "gds.degree.stream")
}

GDS_DROP = "CALL gds.graph.drop($graph, false) YIELD graphName\nRETURN graphName"

# -- paths ----------------------------------------------------------------------------
#
# A path question is answered breadth-first from both ends (as the embedded store does):
# PATH_STEP gives the actors one hop from a set of actors, through the relations that pass
# the filters; a relation of a type in $both is walked either way, one of a type in $one
# only from subject to object ($forward: away from the source) or back ($forward false:
# towards the target). The store keeps the actors whose distances from the source and to
# the target add up to a path short enough, and PATH_RELATIONS reads the relations among
# them. The work grows with the relations near the two actors, never with the number of
# paths (which grows exponentially with the hops).

_PATH_RELATION = (
    "($kinds IS NULL OR b.kind IN $kinds)\n"
    f"  AND {_relation_passes('r')}\n"
)

PATH_STEP = (
    "MATCH (a:Actor) WHERE a.id IN $ids\n"
    "MATCH (a)-[r]-(b:Actor)\n"
    "WHERE (type(r) IN $both OR (type(r) IN $one AND (startNode(r) = a) = $forward))\n"
    "  AND " + _PATH_RELATION
    + "RETURN DISTINCT b.id AS id"
)

PATH_RELATIONS = (
    "MATCH (a:Actor) WHERE a.id IN $ids\n"
    "MATCH (a)-[r]->(b:Actor)\n"
    "WHERE b.id IN $ids AND b <> a AND (type(r) IN $both OR type(r) IN $one)\n"
    "  AND " + _PATH_RELATION
    + "RETURN " + _RELATION_COLUMNS
)


def statements_for_lint() -> dict[str, str]:
    """The statements of this module by name (the per-type ones for one sample type), for
    the tests that lint them with Neo4j's own Cypher front end."""
    out = {f"schema[{i}]": s for i, s in enumerate(SCHEMA)}
    out.update({
        "upsert_predicates": UPSERT_PREDICATES, "upsert_sources": UPSERT_SOURCES,
        "upsert_actors": UPSERT_ACTORS, "remove_kind_labels": REMOVE_KIND_LABELS,
        "merge_relations": merge_relations("EXPELS"), "find_relations": FIND_RELATIONS,
        "create_relations": CREATE_RELATIONS, "append_evidence": APPEND_EVIDENCE,
        "delete_batch": DELETE_BATCH, "reversed_relations": REVERSED_RELATIONS,
        "read_actor_kinds": READ_ACTOR_KINDS,
        "read_actors": READ_ACTORS, "read_sources": READ_SOURCES,
        "read_predicates": READ_PREDICATES, "read_relations": READ_RELATIONS,
        "read_actors_by_id": READ_ACTORS_BY_ID, "read_sources_by_id": READ_SOURCES_BY_ID,
        "counts": COUNTS, "ping": PING, "server_components": SERVER_COMPONENTS,
        "gds_procedures": GDS_PROCEDURES, "gds_version": GDS_VERSION,
        "gds_project": GDS_PROJECT, "gds_drop": GDS_DROP,
    })
    out.update({f"gds_stream[{p}]": s for p, s in GDS_STREAM.items()})
    out.update({"path_step": PATH_STEP, "path_relations": PATH_RELATIONS})
    return out
