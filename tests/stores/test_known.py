"""Names read against an embedded store: ``store.known()`` hands its actors over column-wise
(StoredActors) and reading brings in only those the names ask for, with the same answers as
when every stored actor is made and indexed first (``store.read()``, a plain dict)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sahelgraph.readers import read_triples
from sahelgraph.resolve import ActorIndex
from sahelgraph.stores.embedded import EmbeddedStore, StoredActors

MINI = Path(__file__).parents[1] / "data" / "mini"
HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"
# spellings of stored actors (some exact, most not), near misses, and names the store lacks
ROWS = [("GOITA", "expels", "olivier salgado"), ("Assimi Goita", "praises", "wagner"),
        ("colonel-goita", "criticizes", "U.N"), ("mali", "cooperates_with", "Malian Junta"),
        ("Goitta", "expels", "Salgado"), ("Wagnr Group", "praises", "Mali"),
        ("Zorro", "praises", "MALI"), ("Zorro", "criticizes", "Wagner Group"),
        ("El Ghassim Wane", "criticizes", "minusma"), ("united-states", "sanctions", "Ivan  Maslov")]


@pytest.fixture
def store(tmp_path):
    store = EmbeddedStore(tmp_path / "g.lbdb")
    store.load(read_triples(MINI))
    return store


def _triples(folder: Path, rows, suffix=".tsv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.tsv").write_text("id\ttitle\nmore-wire\tMore, without text\n", encoding="utf-8")
    if suffix == ".tsv":
        (folder / "t.tsv").write_text(HEADER + "".join(
            f"{s}\t{p}\t{o}\t2024\tmore-wire\tq{i}\t\t\n" for i, (s, p, o) in enumerate(rows)), encoding="utf-8")
    else:  # read row by row
        import json
        (folder / "t.jsonl").write_text("".join(json.dumps(
            {"subject": s, "predicate": p, "object": o, "date": "2024", "source": "more-wire", "quote": f"q{i}"}) + "\n"
            for i, (s, p, o) in enumerate(rows)), encoding="utf-8")
    return folder


def _read(folder, known, **options):
    batch = read_triples(folder, known=known, **options)
    return ([str(d).replace(str(folder) + "/", "") for d in batch.diagnostics], list(batch.assertions),
            [(a.id, a.name, a.kind) for a in batch.new_actors], sorted(batch.actors))


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl"])
@pytest.mark.parametrize("new_actors", [False, True])
def test_names_read_against_the_store_resolve_as_against_every_actor(store, tmp_path, suffix, new_actors):
    folder = _triples(tmp_path / "more", ROWS, suffix)
    known = store.known()
    assert isinstance(known.actors, StoredActors)
    lazily = _read(folder, known, new_actors=new_actors)
    assert lazily == _read(folder, store.read(), new_actors=new_actors)
    diagnostics, assertions, new, _ = lazily
    assert {(s, p, o) for s, p, o, _ in assertions} >= {("assimi-goita", "expels", "olivier-salgado"),
                                                        ("mali", "cooperates_with", "mali-junta"),
                                                        ("united-states", "sanctions", "ivan-maslov")}
    if new_actors:
        assert new == [("goitta", "Goitta", "unknown"), ("wagnr-group", "Wagnr Group", "unknown"),
                       ("zorro", "Zorro", "unknown"), ("el-ghassim-wane", "El Ghassim Wane", "unknown")]
    else:
        assert new == []
        errors = [d for d in diagnostics if ": error: " in d]
        line = 6 if suffix == ".tsv" else 5  # the header, or none
        assert errors[:2] == [
            f"t{suffix}:{line}: error: unknown actor 'Goitta' (did you mean 'Goïta' (alias of 'Assimi Goïta')?)",
            f"t{suffix}:{line + 1}: error: unknown actor 'Wagnr Group' (did you mean 'Wagner Group'?)"]


def test_a_near_miss_gets_its_hint_on_an_incremental_load(store, tmp_path):
    """Only the stored actors the names ask for are made, until a name matches none: then its
    hint is worked out over them all, as ever."""
    folder = _triples(tmp_path / "more", [("GOITA", "expels", "Salgado"), ("Salgadoo", "praises", "Mali")])
    known = store.known()
    report = store.load(read_triples(folder, known=known), skip_invalid=True)
    assert (report.rows_read, report.loaded, len(report.rejected)) == (2, 1, 1)
    assert [str(d).replace(str(folder) + "/", "") for d in report.diagnostics] == [
        "t.tsv:3: error: unknown actor 'Salgadoo' (did you mean 'Salgado' (alias of 'Olivier Salgado')?)"]


def test_a_dataset_declaring_a_stored_actor_again_is_read_over_it(store, tmp_path):
    """An actor of the dataset's actors.tsv stands for the stored one of the same id (its
    spellings merged); a spelling of it that also names another stored actor is a clash."""
    folder = _triples(tmp_path / "more", [("Goita the Colonel", "expels", "Salgado"), ("Malian junta", "praises", "Mali")])
    (folder / "actors.tsv").write_text(
        "id\tname\tkind\taliases\n"
        "assimi-goita\tAssimi Goïta\tperson\tGoita the Colonel\n"
        "new-body\tNew body\tngo\tmilitary government\n", encoding="utf-8")
    lazily = _read(folder, store.known())
    assert lazily == _read(folder, store.read())
    diagnostics, assertions, _, actors = lazily
    assert diagnostics == ["actors.tsv:3: error: 'military government' of 'new-body' also names 'mali-junta' "
                           "(every spelling must resolve to exactly one actor: remove or change one)"]
    assert [(s, p, o) for s, p, o, _ in assertions] == [("assimi-goita", "expels", "olivier-salgado"),
                                                        ("mali-junta", "praises", "mali")]
    assert actors == ["assimi-goita", "new-body"]


def test_an_actor_made_by_hand_without_aliases_is_found(store, tmp_path):
    store.query("CREATE (:Actor {id: 'moura', name: 'Moura', kind: 'place'})", write=True)
    folder = _triples(tmp_path / "more", [("MOURA", "praises", "Mali"), ("moura", "criticizes", "Wagner")])
    lazily = _read(folder, store.known())
    assert lazily == _read(folder, store.read())
    assert {(s, o) for s, _, o, _ in lazily[1]} == {("moura", "mali"), ("moura", "wagner-group")}


def test_the_index_over_a_store_answers_as_the_index_over_its_actors(store):
    everything = store.read().actors
    eager = ActorIndex(everything.values())
    lazy = ActorIndex(store=EmbeddedStore(store.path).known().actors)
    for name in ("Goïta", "goita", "U.N.", "united-nations", "Junta", "US", "Maslov, Ivan", "Wagnr", "Nobody"):
        assert lazy.candidates(name) == eager.candidates(name)
        assert lazy.has_id(name) == eager.has_id(name)
    for name in ("Goitta", "Maslov, Ivan", "Wagnr", "Minusmaa", "UNN"):
        assert lazy.hint(name) == eager.hint(name)
    assert set(lazy.actors) == set(everything)  # a suggestion compares the name with every actor
