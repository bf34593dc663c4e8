"""The embedded store's reads in the database equal what the whole graph says.

Every question (stats, relation counts, graph with filters, subgraph, parts_of) is asked of
a real LadybugDB store and compared with the answer derived from the whole graph as the
first version read it (``to_networkx(store.read())``, then :func:`filter_graph` and
:func:`neighbourhood`), on the mini, acts and Sahel datasets.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main as cli_main
from sahelgraph.errors import NotFoundError
from sahelgraph.evidence_list import EvidenceList
from sahelgraph.filters import filter_graph, strongest_relations
from sahelgraph.model import to_networkx
from sahelgraph.readers import read_triples
from sahelgraph.stores.base import Store, neighbourhood
from sahelgraph.stores import embedded
from sahelgraph.stores.embedded import EmbeddedStore

from tests.conftest import GRAPH, MINI, ROOT

ACTS = ROOT / "tests" / "data" / "acts"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """name -> (store, the whole graph as the first version built it)."""
    found = {}
    for name, data in (("mini", MINI), ("acts", ACTS), ("sahel", GRAPH)):
        store = EmbeddedStore(tmp_path_factory.mktemp(name) / f"{name}.lbdb")
        store.load(read_triples(data))
        fresh = EmbeddedStore(store.path)  # nothing cached
        found[name] = (fresh, to_networkx(fresh.read()))
    return found


def same(G, H, *, counted: bool = True) -> bool:
    """Same graph attributes, nodes with attributes, and relations with attributes
    (without ``counted``, left_out_undated may differ)."""
    if counted:
        assert G.graph == H.graph
    else:
        assert {k: v for k, v in G.graph.items() if k != "left_out_undated"} == \
            {k: v for k, v in H.graph.items() if k != "left_out_undated"}
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    edges = lambda X: {(u, v, k): d for u, v, k, d in X.edges(keys=True, data=True)}  # noqa: E731
    assert G.number_of_edges() == H.number_of_edges()
    assert edges(G) == edges(H)
    return True


DATASETS = ["mini", "acts", "sahel"]
FILTERS = [
    {},
    {"predicates": ["expels", "supports", "part_of"]},
    {"polarity": [-1]},
    {"kinds": ["state", "government", "person"]},
    {"since": "2023"},
    {"since": "2022-08", "until": "2023-06"},
    {"until": "2022", "include_undated": True},
    {"min_confidence": 0.9},
    {"min_evidence": 2},
    {"modalities": ["alleged", "denied"]},
    {"as_of": "2023-06-16"},
    {"where": "mali"},
    {"predicates": ["expels", "demands_withdrawal_of"], "where": "mali", "since": "2022"},
]


def _most_connected(G) -> str:
    return max(G, key=lambda n: (G.degree(n), n))


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_graph_with_filters_equals_the_whole_graph_filtered(stores, name, filters):
    store, whole = stores[name]
    expected = filter_graph(whole, **filters) if filters else whole
    assert same(store.graph(**filters), expected)


@pytest.mark.parametrize("name", DATASETS)
def test_graph_keeps_the_order_loaded_and_reads_the_same_each_time(stores, name):
    store, _ = stores[name]
    first, second = store.graph(), store.graph()
    assert list(first) == list(second)
    assert list(first.edges(keys=True)) == list(second.edges(keys=True))
    predicates = [k for _, _, k in first.edges(keys=True)]
    assert predicates  # each relation under its predicate, as the model says
    for u, v, k, d in first.edges(keys=True, data=True):
        assert d["predicate"] == k and d["weight"] == len(d["evidence"])


def test_graph_makes_each_evidence_list_when_first_used(stores):
    store, whole = stores["sahel"]
    G = store.graph()
    lists = [d["evidence"] for *_, d in G.edges(data=True)]
    assert lists and all(isinstance(x, EvidenceList) for x in lists)
    assert all(x._items is None for x in lists)  # read as columns, no dict made yet
    assert [len(x) for x in lists] == [d["weight"] for *_, d in G.edges(data=True)]
    assert all(x._items is None for x in lists)  # counting them made none either
    assert lists == [d["evidence"] for *_, d in whole.edges(data=True)]


def test_the_read_connection_is_kept_for_questions_and_let_go_after_a_large_read(stores, monkeypatch):
    store, _ = stores["sahel"]
    monkeypatch.setattr(embedded, "LARGE_READ", 2)  # (the Sahel graph is small)
    store.stats()
    kept = store._kept
    assert kept is not None and store.relation_counts() and store._kept is kept  # one for both
    store.subgraph(["mali"], evidence=False)
    assert store._kept is kept
    store.subgraph(["mali"])  # relations with their evidence: the pages read are let go
    assert store._kept is None
    store.stats()
    assert store._kept is not None
    store.graph()
    assert store._kept is None


def test_a_read_of_few_relations_with_much_evidence_lets_the_connection_go_too(stores, monkeypatch):
    store, whole = stores["sahel"]
    around = neighbourhood(whole, ["mali"])
    pieces = sum(len(d["evidence"]) for *_, d in around.edges(data=True))
    assert pieces > around.number_of_edges()
    monkeypatch.setattr(embedded, "LARGE_READ", around.number_of_edges() + 1)  # more relations than read
    store.stats()
    store.subgraph(["mali"])  # but as many pieces of evidence or more: let go
    assert store._kept is None
    monkeypatch.setattr(embedded, "LARGE_READ", pieces + 1)
    store.stats()
    store.subgraph(["mali"])
    assert store._kept is not None


def test_reads_use_a_buffer_pool_bounded_by_the_file(stores, monkeypatch):
    store, _ = stores["sahel"]
    opened = []
    real = embedded.ladybug.Database
    monkeypatch.setattr(embedded.ladybug, "Database", lambda *a, **kw: opened.append(kw) or real(*a, **kw))
    fresh = EmbeddedStore(store.path)
    fresh.stats()
    fresh.close()
    size = store.path.stat().st_size
    assert opened == [{"read_only": True, "buffer_pool_size": 2 * size + 256 * 2**20}]


def test_a_read_that_outgrows_the_bounded_pool_runs_again_on_the_default(stores, monkeypatch):
    store, _ = stores["sahel"]
    expected = EmbeddedStore(store.path).graph()
    monkeypatch.setattr(embedded, "READ_POOL_FILES", 0)
    monkeypatch.setattr(embedded, "READ_POOL_ROOM", 2**20)  # 1 MiB: too little for the whole graph
    fresh = EmbeddedStore(store.path)
    assert same(fresh.graph(), expected)
    assert fresh._roomy  # it ran again on the default pool, and later reads stay there
    assert fresh.stats() == EmbeddedStore(store.path).stats()


@pytest.mark.parametrize("name", DATASETS)
def test_stats_and_relation_counts_are_counted_in_the_database(stores, name):
    store, whole = stores[name]
    assert store.stats() == Store.stats(store)  # the default derives them from graph()
    assert store.stats()["relations"] == whole.number_of_edges()
    assert store.stats()["assertions"] == sum(w for _, _, w in whole.edges(data="weight"))
    assert store.relation_counts() == {n: d for n, d in whole.degree() if d}


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("depth,induced", [(0, False), (0, True), (1, False), (1, True), (2, False), (2, True)])
def test_subgraph_equals_the_neighbourhood_in_the_whole_graph(stores, name, depth, induced):
    store, whole = stores[name]
    actor = _most_connected(whole)
    got = store.subgraph([actor], depth=depth, induced=induced)
    assert same(got, neighbourhood(whole, [actor], depth=depth, induced=induced))
    assert actor in got


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_subgraph_with_filters_equals_the_filtered_neighbourhood(stores, name, filters):
    store, whole = stores[name]
    filtered = filter_graph(whole, **filters) if filters else whole
    for actors in ([_most_connected(whole)], ["mali", "united-nations", "no-such-actor"]):
        for depth, induced in ((1, False), (2, True)):
            expected = neighbourhood(filtered, actors, depth=depth, induced=induced)
            got = store.subgraph(actors, depth=depth, induced=induced, **filters)
            assert same(got, expected, counted=False)
            if depth == 1 and "left_out_undated" in expected.graph:
                # what a date window left out is counted among the actors' own relations
                own = filter_graph(neighbourhood(whole, actors), **filters)
                assert got.graph["left_out_undated"] == own.graph["left_out_undated"]


@pytest.mark.parametrize("name", ["acts", "sahel"])
@pytest.mark.parametrize("filters", [{}, {"polarity": [-1, 1]}, {"since": "2022"}, {"min_confidence": 0.9}], ids=repr)
@pytest.mark.parametrize("depth,induced", [(1, True), (2, False)])
def test_subgraph_cut_to_the_strongest_relations_is_cut_as_the_whole_graph_would_be(stores, name, filters,
                                                                                      depth, induced):
    store, whole = stores[name]
    filtered = filter_graph(whole, **filters) if filters else whole
    actor = _most_connected(whole)
    around = neighbourhood(filtered, [actor], depth=depth, induced=induced)
    n = around.number_of_edges()
    assert n > 1
    for count in sorted({1, 7, n // 2, n - 1} & set(range(1, n))):
        expected = strongest_relations(around, count, around=[actor])
        got = store.subgraph([actor], depth=depth, induced=induced, max_relations=count, **filters)
        assert got.number_of_edges() == count
        assert same(got, expected, counted=False)
        assert got.graph["left_out_weakest"] == around.number_of_edges() - count
        assert actor in got
    # no cut, no count
    uncut = store.subgraph([actor], depth=depth, induced=induced, max_relations=around.number_of_edges(), **filters)
    assert "left_out_weakest" not in uncut.graph and uncut.number_of_edges() == around.number_of_edges()


def test_a_hubs_own_relations_come_first_then_the_heaviest(stores):
    store, whole = stores["sahel"]
    around = neighbourhood(whole, ["mali"], induced=True)
    own = {(u, v, k) for u, v, k in around.edges(keys=True) if "mali" in (u, v)}
    G = store.subgraph(["mali"], induced=True, max_relations=len(own) + 5)
    kept = set(G.edges(keys=True))
    assert own <= kept and len(kept - own) == 5
    cut = [d["weight"] for u, v, k, d in around.edges(keys=True, data=True) if (u, v, k) not in kept]
    assert min(G.edges[e]["weight"] for e in kept - own) >= max(cut)
    assert G.graph["left_out_weakest"] == len(cut) > 0


@pytest.mark.parametrize("filters", [{}, {"predicates": ["supports", "leads"]}, {"since": "2023"}], ids=repr)
def test_subgraph_without_evidence_keeps_every_other_attribute(stores, filters):
    store, _ = stores["sahel"]
    full = store.subgraph(["wagner-group"], depth=2, induced=True, **filters)
    bare = store.subgraph(["wagner-group"], depth=2, induced=True, evidence=False, **filters)
    assert dict(bare.nodes(data=True)) == dict(full.nodes(data=True))
    assert list(bare.edges(keys=True)) == list(full.edges(keys=True))
    for u, v, k, d in full.edges(keys=True, data=True):
        kept = bare.edges[u, v, k]
        assert {a: x for a, x in d.items() if a != "evidence"} == {a: x for a, x in kept.items() if a != "evidence"}
        if not filters.get("since"):  # a date window needs the evidence read: then it stays
            assert "evidence" not in kept


@pytest.mark.parametrize("filters", [{}, {"polarity": [1]}, {"since": "2023"}], ids=repr)
def test_subgraph_without_attributes_keeps_who_is_tied_to_whom(stores, filters):
    store, _ = stores["sahel"]
    full = store.subgraph(["wagner-group"], depth=2, induced=True, **filters)
    bare = store.subgraph(["wagner-group"], depth=2, induced=True, evidence=False, attributes=False, **filters)
    assert dict(bare.nodes(data=True)) == dict(full.nodes(data=True))
    assert list(bare.edges(keys=True)) == list(full.edges(keys=True))
    structure = ("predicate", "polarity", "symmetric")
    for u, v, k, d in full.edges(keys=True, data=True):
        kept = bare.edges[u, v, k]
        assert {a: kept[a] for a in structure} == {a: d[a] for a in structure}
        if not filters.get("since"):  # a date window needs the evidence read: then it stays
            assert set(kept) == set(structure)


def test_subgraph_of_one_actor_holds_its_relations_and_their_other_ends(stores):
    store, _ = stores["mini"]
    G = store.subgraph(["ivan-maslov"])
    assert sorted(G.edges(keys=True)) == [("ivan-maslov", "wagner-group", "leads"),
                                           ("united-states", "ivan-maslov", "sanctions")]
    assert sorted(G) == ["ivan-maslov", "united-states", "wagner-group"]
    assert G.nodes["wagner-group"]["name"] == "Wagner Group"
    G = store.subgraph(["ivan-maslov"], depth=2)
    assert ("wagner-group", "mali-junta", "supports") in G.edges(keys=True)


@pytest.mark.parametrize("name", DATASETS)
def test_parts_of_follows_acts_for_relations_transitively(stores, name):
    store, whole = stores[name]
    for actor in whole:
        assert store.parts_of(actor) == Store.parts_of(store, actor), actor


def test_parts_of_a_state(stores):
    store, _ = stores["acts"]
    parts = store.parts_of("mali")
    # the junta governs Mali, its foreign ministry is part of the junta, Diop serves the ministry
    assert parts == {"mali-junta", "foreign-ministry", "abdoulaye-diop", "fama"}
    assert "mali" not in parts
    assert store.parts_of("abdoulaye-diop") == set()


class WholeGraphRefused(EmbeddedStore):
    """A real embedded store that refuses to read the whole graph."""

    def graph(self, **filters):
        raise AssertionError(f"the whole graph was read (filters {filters})")

    def read(self):
        raise AssertionError("the whole store was read")


@pytest.mark.parametrize("args", [
    ["stats"], ["actors"], ["actors", "--kind", "person"], ["show", "Maslov"], ["show", "Mali"],
    ["show", "Mali", "--no-roll-up"], ["timeline", "junta"], ["allies", "Wagner"],
    ["adversaries", "Mali"], ["ego", "junta", "--depth", "2"], ["ego", "Wagner", "--relations"],
    ["path", "US", "junta"],
], ids=" ".join)
def test_commands_on_part_of_the_graph_never_read_all_of_it(stores, monkeypatch, args):
    store, _ = stores["acts"] if args[:2] == ["show", "Mali"] else stores["mini"]
    refusing = WholeGraphRefused(store.path)
    import sahelgraph.cli as cli

    monkeypatch.setattr(cli.Config, "store", lambda self, ctx, **_: refusing, raising=True)
    result = CliRunner().invoke(cli_main, ["--db", str(store.path), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "the whole" not in result.output


@pytest.mark.parametrize("args", [["viz", "--focus", "junta"], ["viz", "--focus", "Wagner", "--depth", "2"]],
                         ids=" ".join)
def test_a_focused_page_never_reads_all_of_the_graph(stores, monkeypatch, tmp_path, args):
    store, _ = stores["mini"]
    refusing = WholeGraphRefused(store.path)
    import sahelgraph.cli as cli

    monkeypatch.setattr(cli.Config, "store", lambda self, ctx, **_: refusing, raising=True)
    result = CliRunner().invoke(cli_main, ["--db", str(store.path), *args, "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page.html").stat().st_size > 0


def test_the_refusing_store_does_refuse(stores):
    store, _ = stores["mini"]
    with pytest.raises(AssertionError):
        WholeGraphRefused(store.path).graph()
    with pytest.raises(NotFoundError):
        WholeGraphRefused(store.path).resolve_actors(["nobody at all"])
