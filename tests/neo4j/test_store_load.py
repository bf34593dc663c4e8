"""Loading into the real Neo4j test server (conftest.py): what is stored, idempotence,
batching, rejects, --replace, atomicity, and a retried transaction (the one stand-in left:
standin.py makes the driver see a transient error so that execute_write retries)."""

from __future__ import annotations

import pytest
from datasets import assert_same_graph, expected_graph, mini_batch
from standin import FailingDriver

from sahelgraph.errors import InvalidInputError, StoreError
from sahelgraph.model import Actor, Batch, Evidence
from sahelgraph.ontology import Predicate
from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores.neo4j import Neo4jStore


def test_load_accounts_for_every_row_and_reads_back_the_same_graph(neo4j_db):
    report = neo4j_db.store().load(mini_batch())
    assert (report.rows_read, report.loaded, report.duplicates, len(report.rejected)) == (7, 7, 0, 0)
    assert report.balanced and report.written
    assert (report.actors, report.sources, report.relations) == (9, 1, 7)
    assert_same_graph(neo4j_db.store().graph(), expected_graph(mini_batch()))


def test_storage_shape(neo4j_db):
    neo4j_db.store().load(mini_batch())
    labels = {r["id"]: sorted(r["labels"]) for r in neo4j_db.run("MATCH (a:Actor) RETURN a.id AS id, labels(a) AS labels")}
    assert labels["wagner-group"] == ["Actor", "Pmc"] and labels["mali-junta"] == ["Actor", "Government"]
    un = neo4j_db.run("MATCH (a:Actor {id: 'united-nations'}) RETURN properties(a) AS p")[0]["p"]
    assert un == {"id": "united-nations", "name": "United Nations", "kind": "igo", "aliases": ["UN", "U.N."],
                  "description": "The United Nations"}  # a missing country is no property
    leads = neo4j_db.run("MATCH (:Actor {id: 'ivan-maslov'})-[r:LEADS]->(:Actor {id: 'wagner-group'}) "
                         "RETURN properties(r) AS p")[0]["p"]
    assert leads == {
        "polarity": 0, "weight": 1, "confidence": 0.9,  # no date: first/last_date left out
        "dates": [""], "sources": ["mini-wire"], "quotes": ["Ivan Maslov, the head of Wagner in Mali"],
        "confidences": [0.9], "modalities": ["asserted"], "places": [""], "notes": ["in Mali only"],
        "attributes": [""], "files": ["tests/data/mini/triples.tsv"], "lines": [4]}
    assert neo4j_db.run("MATCH ()-[r:EXPELS]->() RETURN r.first_date AS d")[0]["d"] == "2022-07"
    assert neo4j_db.run("MATCH (p:Predicate {name: 'expels'}) RETURN p.polarity AS p")[0]["p"] == -1
    names = {r["name"] for r in neo4j_db.run("SHOW CONSTRAINTS YIELD name") + neo4j_db.run("SHOW INDEXES YIELD name")}
    assert {"actor_id", "source_id", "predicate_name", "actor_name", "actor_kind", "actor_text"} <= names


def test_new_evidence_fields_are_stored_and_read_back(neo4j_db):
    batch = mini_batch([("mali", "expels", "olivier-salgado", "2022-07", "q", 1.0, None)])
    batch.assertions[0][3].modality = "alleged"
    batch.assertions[0][3].place = "mali"
    batch.assertions[0][3].attributes = {"tone": -3.1, "goldstein": -5.0, "event_id": "e1"}
    neo4j_db.store().load(batch)
    evidence = neo4j_db.store().graph()["mali"]["olivier-salgado"]["expels"]["evidence"][0]
    assert (evidence["modality"], evidence["place"], evidence["attributes"]) == \
        ("alleged", "mali", {"event_id": "e1", "goldstein": -5.0, "tone": -3.1})
    stored = neo4j_db.run("MATCH ()-[r:EXPELS]->() RETURN r.attributes AS a")[0]["a"]
    assert stored == ['{"event_id": "e1", "goldstein": -5.0, "tone": -3.1}']


def test_load_twice_is_identical(neo4j_db):
    neo4j_db.store().load(mini_batch())
    before = neo4j_db.dump()
    report = neo4j_db.store().load(mini_batch())
    assert (report.loaded, report.duplicates, report.balanced) == (0, 7, True)
    assert neo4j_db.dump() == before


def test_new_evidence_is_appended_once(neo4j_db):
    store = neo4j_db.store()
    store.load(mini_batch())
    again = mini_batch([
        ("mali", "expels", "olivier-salgado", "2022-07",
         "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022.", 1.0, None),  # already there
        ("mali", "expels", "olivier-salgado", "2022-08", "Salgado left Bamako.", 0.7, None),  # new
        ("mali", "expels", "olivier-salgado", "2022-08", "Salgado left Bamako.", 0.7, "again"),  # same key
    ], file="more.tsv")
    report = store.load(again)
    assert (report.rows_read, report.loaded, report.duplicates) == (3, 1, 2)
    relation = neo4j_db.run("MATCH ()-[r:EXPELS]->() RETURN properties(r) AS p")[0]["p"]
    assert relation["dates"] == ["2022-07", "2022-08"]
    assert relation["quotes"][1] == "Salgado left Bamako."
    assert (relation["weight"], relation["first_date"], relation["last_date"], relation["confidence"]) == \
        (2, "2022-07", "2022-08", 1.0)
    assert_same_graph(store.graph(), expected_graph(mini_batch(), again))


def test_two_predicates_between_the_same_actors_keep_their_own_evidence(neo4j_db):
    # a look-up by `[r:$(type)*1..1]` would find the other predicate's relation: Neo4j 5.26
    # ignores a dynamic type in a variable-length pattern
    store = neo4j_db.store()
    first = mini_batch([("mali", "expels", "minusma", "2022", "e1", 1.0, None),
                        ("mali", "criticizes", "minusma", "2022", "c1", 1.0, None)])
    store.load(first)
    second = mini_batch([("mali", "criticizes", "minusma", "2023", "c2", 0.5, None),
                         ("mali", "expels", "minusma", "2023", "e2", 1.0, None),
                         ("mali", "sanctions", "minusma", "2023", "s1", 1.0, None)], file="more.tsv")
    report = store.load(second)
    assert (report.loaded, report.duplicates, report.relations) == (3, 0, 3)
    assert neo4j_db.run("MATCH (:Actor {id: 'mali'})-[r]->(:Actor {id: 'minusma'}) "
                        "RETURN type(r) AS t, r.quotes AS q, r.weight AS w ORDER BY t") == [
        {"t": "CRITICIZES", "q": ["c1", "c2"], "w": 2}, {"t": "EXPELS", "q": ["e1", "e2"], "w": 2},
        {"t": "SANCTIONS", "q": ["s1"], "w": 1}]
    assert_same_graph(store.graph(), expected_graph(first, second))


def _operators(plan) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [op for child in plan.get("children", [])
                                                   for op in _operators(child)]


def test_load_statements_start_from_the_actors_they_name(neo4j_db):
    # planned against an empty database, `MERGE (s)-[r:$(row.type)]->(o)` reads every
    # relationship for each row (a first load of 100k rows ran for minutes): each statement
    # of a load must find what it writes through the id index (`MATCH ()-[r]->() WHERE
    # elementId(r) = ...` is planned as a scan too)
    neo4j_db.store().ensure_schema()
    statements = {"upsert actors": cy.UPSERT_ACTORS, "remove kind labels": cy.REMOVE_KIND_LABELS,
                  "read actor kinds": cy.READ_ACTOR_KINDS, "reversed relations": cy.REVERSED_RELATIONS,
                  "find relations": cy.FIND_RELATIONS, "create relations": cy.CREATE_RELATIONS,
                  "append evidence": cy.APPEND_EVIDENCE}
    for name, statement in statements.items():
        plan = neo4j_db.driver.execute_query("EXPLAIN " + statement, {"rows": []}).summary.plan
        operators = _operators(plan)
        assert not [op for op in operators if "Scan" in op], (name, operators)
        assert any("IndexSeek" in op for op in operators), (name, operators)


@pytest.mark.parametrize("atomic", [True, False])
def test_batching(neo4j_db, atomic):
    n, k = 25, 4
    actors = [Actor(f"a{i}", f"A {i}", "person") for i in range(n + 1)]
    triples = [(f"a{i}", "criticizes", f"a{i + 1}", "2023", f"q{i}", 1.0, None) for i in range(n)]
    batch = mini_batch(triples, actors=actors)
    report = neo4j_db.store(batch_size=k, atomic=atomic).load(batch)
    assert (report.loaded, report.relations, report.actors) == (n, n, n + 1)
    assert_same_graph(neo4j_db.store().graph(), expected_graph(mini_batch(triples, actors=actors)))


def test_a_retried_transaction_writes_the_same_graph_and_counts_once(neo4j_db):
    clean = neo4j_db.store()
    clean.load(mini_batch())
    expected = neo4j_db.dump()
    from neo4j_target import clean_database

    clean_database(neo4j_db.driver)
    failing = FailingDriver(neo4j_db.driver, transient=1, after_statements=3)
    steps = []
    report = Neo4jStore(failing, batch_size=2).load(mini_batch(), progress=steps.append)
    assert failing.failures == 1  # the driver saw a transient error and ran the work again
    assert (report.loaded, report.duplicates) == (7, 0)
    assert sum(steps) == 7
    assert neo4j_db.dump() == expected


def test_a_failed_atomic_load_changes_nothing(neo4j_db):
    store = neo4j_db.store()
    store.load(mini_batch())
    before = neo4j_db.dump()
    batch = mini_batch()
    batch.assertions.append(("wagner-group", "supports", "mali-junta",
                             Evidence("2024", "mini-wire", "new", 1.0, None, "t.tsv", 20)))
    batch.actors["mali"].name = "Republic of Mali"
    batch.rows_read += 1
    failing = FailingDriver(neo4j_db.driver, fatal=True, after_statements=6)
    with pytest.raises(StoreError, match="^Neo4j: ") as error:
        Neo4jStore(failing, batch_size=2).load(batch)
    assert "\n" not in str(error.value)
    assert neo4j_db.dump() == before  # the server rolled the transaction back


NASTY = ["x'}) DETACH DELETE n //", "back`tick`` ` MATCH (m) DETACH DELETE m", 'q"uote\\', "new\nline",
         "{$rows}) //", "Goïta – 🇲🇱"]


def test_injection_in_values_is_inert(neo4j_db):
    actors = [Actor(f"actor-{i}", name, "person", [name], name, name) for i, name in enumerate(NASTY)]
    triples = [(f"actor-{i}", "accuses", f"actor-{(i + 1) % len(NASTY)}", "2023", name, 1.0, name)
               for i, name in enumerate(NASTY)]
    batch = mini_batch(triples, actors=actors)
    batch.sources["mini-wire"].title = NASTY[0]
    store = neo4j_db.store()
    store.load(batch)
    assert_same_graph(store.graph(), expected_graph(batch))


def test_predicate_outside_the_ontology_is_rejected(neo4j_db):
    batch = mini_batch()
    batch.assertions.append(("mali", "overthrows", "mali-junta", Evidence("2023", "mini-wire", "q", 1.0,
                                                                          None, "t.tsv", 9)))
    batch.rows_read += 1
    store = neo4j_db.store()
    with pytest.raises(InvalidInputError, match="t.tsv:9: error: unknown predicate 'overthrows'"):
        store.load(batch)
    assert neo4j_db.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    report = store.load(batch, skip_invalid=True)
    assert (report.rows_read, report.loaded, len(report.rejected), report.balanced) == (8, 7, 1, True)
    assert report.rejected[0].line == 9
    assert neo4j_db.run("MATCH ()-[r:OVERTHROWS]->() RETURN count(r) AS n")[0]["n"] == 0


def test_backticks_in_a_predicate_name_stay_inside_the_identifier(neo4j_db):
    name = "a`b]->() DETACH DELETE n //"
    batch = mini_batch([("mali", name, "minusma", "2023", "q", 1.0, None)])
    batch.predicates[name] = Predicate(name, polarity=-1)
    store = neo4j_db.store()
    store.load(batch)
    assert neo4j_db.run("MATCH ()-[r]->() RETURN type(r) AS t") == [{"t": name.upper()}]
    assert list(store.graph().edges(keys=True)) == [("mali", "minusma", name)]
    assert neo4j_db.run("MATCH (n:Actor) RETURN count(n) AS n")[0]["n"] == 9


def test_kind_that_is_no_ontology_name_is_refused(neo4j_db):
    batch = mini_batch()
    batch.actors["mali"].kind = "State`) DETACH DELETE a //"
    with pytest.raises(InvalidInputError, match="actor 'mali' has kind"):
        neo4j_db.store().load(batch)
    assert neo4j_db.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_batch_with_errors_is_refused_unless_skipping(neo4j_db):
    from sahelgraph.errors import Diagnostic
    from sahelgraph.model import Rejected

    batch = mini_batch()
    problem = Diagnostic("t.tsv", 12, "unknown actor 'Malli'", "did you mean 'Mali'?")
    batch.diagnostics.append(problem)
    batch.rejected.append(Rejected("t.tsv", 12, {"subject": "Malli"}, [problem]))
    batch.rows_read += 1
    with pytest.raises(InvalidInputError):
        neo4j_db.store().load(batch)
    assert neo4j_db.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    report = neo4j_db.store().load(batch, skip_invalid=True)
    assert (report.rows_read, report.loaded, len(report.rejected), report.balanced) == (8, 7, 1, True)


def test_replace_clears_sahelgraph_data_only(neo4j_db):
    store = neo4j_db.store(batch_size=3)
    store.load(mini_batch())
    neo4j_db.run("CREATE (:Note {text: 'not sahelgraph data'})")
    one = mini_batch([("united-states", "sanctions", "wagner-group", "2023", "sanctioned", 1.0, None)])
    one.actors = {k: v for k, v in one.actors.items() if k in ("united-states", "wagner-group")}
    report = store.load(one, replace=True)
    assert (report.loaded, report.actors, report.relations) == (1, 2, 1)
    assert_same_graph(store.graph(), expected_graph(one))
    assert neo4j_db.run("MATCH (n:Note) RETURN n.text AS t") == [{"t": "not sahelgraph data"}]


def test_a_changed_kind_moves_the_label(neo4j_db):
    store = neo4j_db.store()
    store.load(mini_batch())
    batch = mini_batch()
    batch.actors["wagner-group"].kind = "armed_group"
    store.load(batch)
    assert neo4j_db.run("MATCH (a:Actor {id: 'wagner-group'}) RETURN labels(a) AS l")[0]["l"] == ["Actor", "ArmedGroup"]


@pytest.mark.parametrize("atomic", [True, False])
def test_a_load_works_out_the_changed_actors_once(neo4j_db, monkeypatch, atomic):
    store = neo4j_db.store(atomic=atomic)
    store.load(mini_batch())
    store.known()
    calls, real = [], Neo4jStore._changed_actors  # counted, not replaced: the load runs as ever
    monkeypatch.setattr(Neo4jStore, "_changed_actors", lambda self, *a: calls.append(a) or real(self, *a))
    batch = mini_batch()
    batch.actors["wagner-group"].kind = "armed_group"
    store.load(batch)
    assert len(calls) == 1
    assert neo4j_db.run("MATCH (a:Actor {id: 'wagner-group'}) RETURN labels(a) AS l")[0]["l"] == ["Actor", "ArmedGroup"]


def test_relations_may_point_at_stored_actors_but_not_at_unknown_ones(neo4j_db):
    store = neo4j_db.store()
    store.load(mini_batch())
    later = mini_batch([("united-states", "sanctions", "wagner-group", "2024", "again", 1.0, None),
                        ("united-states", "sanctions", "nobody", "2024", "who?", 1.0, None)], actors=[])
    with pytest.raises(InvalidInputError, match="actor 'nobody' is neither in the batch nor in the store"):
        store.load(later)
    report = store.load(later, skip_invalid=True)
    assert (report.loaded, len(report.rejected), report.balanced) == (1, 1, True)
    assert neo4j_db.run("MATCH (:Actor {id: 'united-states'})-[r:SANCTIONS]->(:Actor {id: 'wagner-group'}) "
                        "RETURN r.dates AS d") == [{"d": ["2024"]}]


def test_progress_adds_up_to_rows_read(neo4j_db):
    batch = mini_batch()
    batch.assertions.append(("mali", "overthrows", "mali-junta", Evidence("2023", "mini-wire", "q")))
    batch.rows_read += 1
    steps = []
    neo4j_db.store(batch_size=2).load(batch, skip_invalid=True, progress=steps.append)
    assert sum(steps) == batch.rows_read and all(s > 0 for s in steps) and len(steps) > 2


def test_empty_batch(neo4j_db):
    report = neo4j_db.store().load(Batch())
    assert (report.rows_read, report.loaded, report.balanced) == (0, 0, True)


def test_schema_statements_match_the_schema_file(neo4j_db):
    neo4j_db.store().ensure_schema()
    shipped = [s for s in cy.SCHEMA]
    assert len(neo4j_db.run("SHOW CONSTRAINTS YIELD name")) == 3
    assert len(shipped) == 7
