"""Loading into Neo4j, against the stand-in for the driver (FakeNeo4j in standin.py).

A stand-in, because no Neo4j server can run here (no Docker engine, nothing to install) and
FalkorDB's Bolt port, tried as a substitute, hangs 60 s in the handshake on half the
connections. The stand-in records every statement and its parameters, interprets exactly
the store's statements on a small in-memory graph, and can replay a driver retry; every
statement it records is linted by Neo4j's own Cypher front end when each test ends.
"""

from __future__ import annotations

import copy
import math

import pytest
from standin import FakeNeo4j, assert_same_graph, expected_graph, mini_batch, neo4j_error, store_on

from sahelgraph.errors import InvalidInputError, StoreError
from sahelgraph.model import Actor, Batch, Evidence
from sahelgraph.ontology import Predicate
from sahelgraph.stores import neo4j_cypher as cy


def test_load_accounts_for_every_row_and_reads_back_the_same_graph(fake):
    batch = mini_batch()
    report = store_on(fake).load(batch)
    assert (report.rows_read, report.loaded, report.duplicates, len(report.rejected)) == (7, 7, 0, 0)
    assert report.balanced and report.written
    assert (report.actors, report.sources, report.relations) == (9, 1, 7)
    assert_same_graph(store_on(fake).graph(), expected_graph(mini_batch()))
    assert set(fake.sessions) == {"sahel"}


def test_storage_shape(fake):
    store_on(fake).load(mini_batch())
    actors, rels = fake.state["actors"], fake.state["rels"]
    assert actors["wagner-group"]["labels"] == {"Actor", "Pmc"}
    assert actors["mali-junta"]["labels"] == {"Actor", "Government"}
    assert actors["united-nations"]["props"] == {  # a missing country is no property
        "id": "united-nations", "name": "United Nations", "kind": "igo",
        "aliases": ["UN", "U.N."], "description": "The United Nations"}
    leads = rels[("ivan-maslov", "LEADS", "wagner-group")]
    assert leads == {
        "polarity": 0, "weight": 1, "confidence": 0.9,  # no date: first/last_date left out
        "dates": [""], "sources": ["mini-wire"], "quotes": ["Ivan Maslov, the head of Wagner in Mali"],
        "confidences": [0.9], "notes": ["in Mali only"], "files": ["tests/data/mini/triples.tsv"],
        "lines": [4]}
    assert rels[("mali", "EXPELS", "olivier-salgado")]["first_date"] == "2022-07"
    assert fake.state["predicates"]["expels"]["polarity"] == -1
    assert fake.state["schema"] == list(cy.SCHEMA)


def test_schema_comes_first_each_in_its_own_transaction(fake):
    store_on(fake).load(mini_batch())
    first = fake.log[:len(cy.SCHEMA)]
    assert [e["query"] for e in first] == list(cy.SCHEMA)
    assert all(e["mode"] == "write" for e in first)
    assert len(fake.sessions) >= len(cy.SCHEMA) + 1


def test_load_twice_is_idempotent(fake):
    store = store_on(fake)
    store.load(mini_batch())
    state = copy.deepcopy(fake.state)
    report = store.load(mini_batch())
    assert (report.loaded, report.duplicates, report.balanced) == (0, 7, True)
    assert fake.state == state


def test_new_evidence_is_appended_once(fake):
    store = store_on(fake)
    store.load(mini_batch())
    again = mini_batch([
        ("mali", "expels", "olivier-salgado", "2022-07",
         "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022.", 1.0, None),  # already there
        ("mali", "expels", "olivier-salgado", "2022-08", "Salgado left Bamako.", 0.7, None),  # new
        ("mali", "expels", "olivier-salgado", "2022-08", "Salgado left Bamako.", 0.7, "again"),  # same key
    ], file="more.tsv")
    report = store.load(again)
    assert (report.rows_read, report.loaded, report.duplicates) == (3, 1, 2)
    relation = fake.state["rels"][("mali", "EXPELS", "olivier-salgado")]
    assert relation["dates"] == ["2022-07", "2022-08"]
    assert relation["quotes"][1] == "Salgado left Bamako."
    assert (relation["weight"], relation["first_date"], relation["last_date"], relation["confidence"]) == \
        (2, "2022-07", "2022-08", 1.0)
    assert_same_graph(store.graph(), expected_graph(mini_batch(), again))


@pytest.mark.parametrize("atomic", [True, False])
def test_batching(fake, atomic):
    n, k = 25, 4
    actors = [Actor(f"a{i}", f"A {i}", "person") for i in range(n + 1)]
    triples = [(f"a{i}", "criticizes", f"a{i + 1}", "2023", f"q{i}", 1.0, None) for i in range(n)]
    store_on(fake, batch_size=k, atomic=atomic).load(mini_batch(triples, actors=actors))
    sent = fake.statements(mode="write")
    assert sent.count(cy.merge_relations("CRITICIZES")) == math.ceil(n / k)
    assert sent.count(cy.read_relations_for("CRITICIZES")) == math.ceil(n / k)
    assert sent.count(cy.upsert_actors("Person")) == math.ceil((n + 1) / k)
    assert fake.statements().count(cy.READ_ACTOR_KINDS) == math.ceil((n + 1) / k)
    for entry in fake.log:
        if "rows" in entry["params"]:
            assert entry["query"].startswith("UNWIND $rows AS row\n")
            assert 1 <= len(entry["params"]["rows"]) <= k
    assert len(fake.state["rels"]) == n
    if not atomic:  # one transaction per relation batch
        assert len(fake.sessions) >= len(cy.SCHEMA) + math.ceil(n / k)


def test_retry_replays_the_same_statements_and_changes_nothing_more(fake):
    clean = FakeNeo4j()
    store_on(clean).load(mini_batch())
    fake.retry = {"write", "read"}
    report = store_on(fake).load(mini_batch())
    assert fake.statements(attempt=0) == fake.statements(attempt=1)
    assert [e["params"] for e in fake.log if e["attempt"] == 0] == \
        [e["params"] for e in fake.log if e["attempt"] == 1]
    assert (report.loaded, report.duplicates) == (7, 0)  # counted once
    assert fake.state == clean.state
    # and a retried second load is still a no-op
    report = store_on(fake).load(mini_batch())
    assert (report.loaded, report.duplicates) == (0, 7)
    assert fake.state == clean.state


def test_statements_only_merge(fake):
    store = store_on(fake)
    store.load(mini_batch())
    store.load(mini_batch(), replace=True)
    for query in fake.statements(mode="write"):
        if query in cy.SCHEMA:
            continue
        assert "CREATE" not in query
    writes = [q for q in fake.statements(mode="write") if q not in cy.SCHEMA and "DELETE" not in q
              and ("MERGE" in q or "SET" in q or "REMOVE" in q)]
    assert writes and all("MERGE" in q or "REMOVE" in q for q in writes)


def _primitive(value) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def test_parameter_shapes(fake):
    store_on(fake).load(mini_batch())
    for entry in fake.log:
        rows = entry["params"].get("rows")
        if rows is None:
            assert all(_primitive(v) for v in entry["params"].values()), entry["query"]
            continue
        assert isinstance(rows, list) and rows
        for row in rows:
            assert isinstance(row, dict)
            for key, value in row.items():
                if isinstance(value, list):
                    # Neo4j list properties: no null, one type throughout
                    assert all(v is not None and not isinstance(v, (list, dict)) for v in value), key
                    assert len({type(v) for v in value}) <= 1, (key, value)
                else:
                    assert _primitive(value), (key, value)
    merged = [e for e in fake.log if e["query"].startswith("UNWIND") and "MERGE (s)-[r:" in e["query"]]
    for row in (r for e in merged for r in e["params"]["rows"]):
        lengths = {len(row[name]) for name in cy.EVIDENCE_LISTS}
        assert lengths == {row["weight"]}
        assert all(isinstance(c, float) for c in row["confidences"])


NASTY = ["x'}) DETACH DELETE n //", "back`tick`` ` MATCH (m) DETACH DELETE m", 'q"uote\\', "new\nline",
         "{$rows}) //", "Goïta – 🇲🇱"]


def test_injection_in_values_is_inert(fake):
    actors = [Actor(f"actor-{i}", name, "person", [name], name, name) for i, name in enumerate(NASTY)]
    triples = [(f"actor-{i}", "accuses", f"actor-{(i + 1) % len(NASTY)}", "2023", name, 1.0, name)
               for i, name in enumerate(NASTY)]
    batch = mini_batch(triples, actors=actors)
    batch.sources["mini-wire"].title = NASTY[0]
    store = store_on(fake)
    store.load(batch)
    for query in fake.statements():
        for name in NASTY:
            assert name not in query
    assert_same_graph(store.graph(), expected_graph(batch))


def test_predicate_outside_the_ontology_is_rejected(fake):
    batch = mini_batch()
    batch.assertions.append(("mali", "overthrows", "mali-junta", Evidence("2023", "mini-wire", "q", 1.0,
                                                                          None, "t.tsv", 9)))
    batch.rows_read += 1
    store = store_on(fake)
    with pytest.raises(InvalidInputError, match="t.tsv:9: error: unknown predicate 'overthrows'"):
        store.load(batch)
    assert fake.state["rels"] == {} and fake.state["actors"] == {}
    report = store.load(batch, skip_invalid=True)
    assert (report.rows_read, report.loaded, len(report.rejected), report.balanced) == (8, 7, 1, True)
    assert report.rejected[0].line == 9
    assert not any("OVERTHROWS" in q for q in fake.statements())


def test_backticks_in_a_predicate_name_stay_inside_the_identifier(fake):
    name = "a`b]->() DETACH DELETE n //"
    batch = mini_batch([("mali", name, "minusma", "2023", "q", 1.0, None)])
    batch.predicates[name] = Predicate(name, polarity=-1)
    # the linter compares the text between the outer backticks without undoing the doubling
    fake.extra_types.add(name.upper().replace("`", "``"))
    store = store_on(fake)
    store.load(batch)
    merged = [q for q in fake.statements() if "MERGE (s)-[r:" in q]
    assert merged == [cy.merge_relations(name.upper())]
    assert "[r:`A``B]->() DETACH DELETE N //`]->" in merged[0]
    assert list(fake.state["rels"]) == [("mali", name.upper(), "minusma")]
    assert list(store.graph().edges(keys=True)) == [("mali", "minusma", name)]


def test_kind_that_is_no_ontology_name_is_refused(fake):
    batch = mini_batch()
    batch.actors["mali"].kind = "State`) DETACH DELETE a //"
    with pytest.raises(InvalidInputError, match="actor 'mali' has kind"):
        store_on(fake).load(batch)
    assert fake.log == []


def test_batch_with_errors_is_refused_unless_skipping(fake):
    from sahelgraph.errors import Diagnostic
    from sahelgraph.model import Rejected

    batch = mini_batch()
    problem = Diagnostic("t.tsv", 12, "unknown actor 'Malli'", "did you mean 'Mali'?")
    batch.diagnostics.append(problem)
    batch.rejected.append(Rejected("t.tsv", 12, {"subject": "Malli"}, [problem]))
    batch.rows_read += 1
    with pytest.raises(InvalidInputError):
        store_on(fake).load(batch)
    report = store_on(fake).load(batch, skip_invalid=True)
    assert (report.rows_read, report.loaded, len(report.rejected), report.balanced) == (8, 7, 1, True)


def test_replace_clears_sahelgraph_data_first(fake):
    store = store_on(fake, batch_size=3)
    store.load(mini_batch())
    one = mini_batch([("united-states", "sanctions", "wagner-group", "2023", "sanctioned", 1.0, None)])
    one.actors = {k: v for k, v in one.actors.items() if k in ("united-states", "wagner-group")}
    start = len(fake.log)
    report = store.load(one, replace=True)
    later = fake.statements()[start:]
    assert later.count(cy.DELETE_BATCH) >= 2 and later.index(cy.DELETE_BATCH) < later.index(cy.UPSERT_PREDICATES)
    assert cy.READ_ACTOR_KINDS not in later  # nothing left to compare with
    assert (report.loaded, report.actors, report.relations) == (1, 2, 1)
    assert_same_graph(store.graph(), expected_graph(one))


def test_a_changed_kind_moves_the_label(fake):
    store = store_on(fake)
    store.load(mini_batch())
    batch = mini_batch()
    batch.actors["wagner-group"].kind = "armed_group"
    store.load(batch)
    assert cy.remove_kind_label("Pmc") in fake.statements()
    assert fake.state["actors"]["wagner-group"]["labels"] == {"Actor", "ArmedGroup"}


def test_relations_may_point_at_stored_actors_but_not_at_unknown_ones(fake):
    store = store_on(fake)
    store.load(mini_batch())
    later = mini_batch([("united-states", "sanctions", "wagner-group", "2024", "again", 1.0, None),
                        ("united-states", "sanctions", "nobody", "2024", "who?", 1.0, None)], actors=[])
    with pytest.raises(InvalidInputError, match="actor 'nobody' is neither in the batch nor in the store"):
        store.load(later)
    report = store.load(later, skip_invalid=True)
    assert (report.loaded, len(report.rejected), report.balanced) == (1, 1, True)
    assert fake.state["rels"][("united-states", "SANCTIONS", "wagner-group")]["dates"] == ["2024"]


def test_a_failed_atomic_load_changes_nothing(fake):
    store = store_on(fake)
    store.load(mini_batch())
    before = copy.deepcopy(fake.state)

    def broken(params):
        raise neo4j_error("Neo.ClientError.Schema.ConstraintValidationFailed", "Node already exists")

    fake.handlers[cy.merge_relations("SUPPORTS")] = broken
    batch = mini_batch()
    batch.assertions.append(("wagner-group", "supports", "mali-junta",
                             Evidence("2024", "mini-wire", "new", 1.0, None, "t.tsv", 20)))
    batch.actors["mali"].name = "Republic of Mali"
    batch.rows_read += 1
    with pytest.raises(StoreError, match="^Neo4j: Node already exists") as error:
        store.load(batch)
    assert "\n" not in str(error.value)
    assert fake.state == before


def test_progress_adds_up_to_rows_read_even_with_retries(fake):
    fake.retry = {"write", "read"}
    batch = mini_batch()
    batch.assertions.append(("mali", "overthrows", "mali-junta", Evidence("2023", "mini-wire", "q")))
    batch.rows_read += 1
    steps = []
    store_on(fake, batch_size=2).load(batch, skip_invalid=True, progress=steps.append)
    assert sum(steps) == batch.rows_read and all(s > 0 for s in steps) and len(steps) > 2


def test_empty_batch(fake):
    report = store_on(fake).load(Batch())
    assert (report.rows_read, report.loaded, report.balanced) == (0, 0, True)
