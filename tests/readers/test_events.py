"""Event exports, actor lists and brat projects, each loaded with one documented command on a
real embedded store; the files in tests/data/events and tests/data/brat are written by hand
from each format's public documentation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.readers import read_triples
from sahelgraph.readers.mapping import parse_map
from sahelgraph.stores.embedded import EmbeddedStore

DATA = Path(__file__).resolve().parents[1] / "data"
EVENTS = DATA / "events"
MINI = DATA / "mini"
GRAPH = Path(__file__).resolve().parents[2] / "graph"


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *map(str, args)], catch_exceptions=False)


KEYS = {"rows_read": "rows read", "duplicates": "duplicates merged"}


def counts(result) -> dict:
    """The load report printed with --format json, under the names the table shows."""
    return {KEYS.get(k, k): v for k, v in json.loads(result.stdout).items()}


def accounted(c: dict) -> bool:
    return c["rows read"] == c["loaded"] + c["duplicates merged"] + c["rejected"]


# every format with one command ----------------------------------------------------------

@pytest.mark.parametrize("name,args,expected", [
    # file, extra options, (rows read, loaded, rejected: one-sided events only)
    ("gdelt1-20230616.export.CSV", [], (6, 5, 1)),   # GDELT 1.0, 58 columns, ends with 0x1A
    ("gdelt1-2012.export.CSV", [], (2, 2, 0)),      # GDELT 1.0 before April 2013, 57 columns
    ("gdelt2-20230620.export.CSV", ["--preset", "gdelt"], (5, 5, 0)),  # 61 columns, blank last line
    ("icews-events-2023.tab", ["--preset", "icews"], (6, 6, 0)),
    ("icews14-train.txt", [], (7, 7, 0)),            # quadruples: detected, not line notation
    ("acled-mali-2023.csv", ["--preset", "acled"], (6, 4, 2)),  # two one-sided events
])
def test_each_event_export_loads_with_one_command(tmp_path, name, args, expected):
    result = run("load", EVENTS / name, *args, "--new-actors", "--format", "json", db=tmp_path / "g.lbdb")
    assert result.exit_code == 0, result.output
    c = counts(result)
    assert (c["rows read"], c["loaded"], c["rejected"]) == expected and accounted(c)
    assert "error" not in result.stderr  # no valid CAMEO code, no event, is rejected as an error


def test_gdelt_rows_keep_their_scores_and_make_their_sources(tmp_path):
    db = tmp_path / "g.lbdb"
    assert run("load", EVENTS / "gdelt1-20230616.export.CSV", "--new-actors", db=db).exit_code == 0
    G = EmbeddedStore(db).graph()
    (evidence,) = G["mali"]["united-nations"]["expels_or_withdraws_from"]["evidence"]
    assert evidence["date"] == "2023-06-16"
    assert {k: evidence["attributes"][k] for k in ("goldstein", "quad_class", "mentions", "tone", "cameo")} == {
        "goldstein": -7.0, "quad_class": 4, "mentions": 12, "tone": -4.2, "cameo": "1661"}
    source = G.graph["sources"][evidence["source"]]
    assert source["url"] == "https://www.reuters.com/world/africa/mali-asks-un-peacekeepers-leave-2023-06-16/"
    assert source["outlet"] == "reuters.com"
    assert re.fullmatch(r"reuters-com-mali-asks-un-peacekeepers-leave-2023-06-16-[0-9a-f]{8}", evidence["source"])
    # the same URL twice is one source; loading the file again changes nothing
    again = run("load", EVENTS / "gdelt1-20230616.export.CSV", "--new-actors", "--format", "json", db=db)
    c = counts(again)
    assert (c["loaded"], c["duplicates merged"], c["sources"]) == (0, 5, 4)


def test_readme_gdelt_example_with_a_header_makes_sources_from_urls(tmp_path):
    """The README's --map example used to load 0 rows: every SOURCEURL was an unknown source."""
    path = tmp_path / "events.csv"
    path.write_text("GLOBALEVENTID,SQLDATE,Actor1Name,EventCode,Actor2Name,SOURCEURL\n"
                    "1,20230616,MALI,1661,UNITED NATIONS,https://example.org/a\n"
                    "2,20230617,MALI,100,UNITED NATIONS,https://example.org/b\n")
    result = run("load", path, "--map",
                 "subject=Actor1Name,predicate=EventCode,object=Actor2Name,date=SQLDATE,source=SOURCEURL",
                 "--new-actors", "--format", "json", db=tmp_path / "g.lbdb")
    assert result.exit_code == 0, result.output
    c = counts(result)
    assert (c["rows read"], c["loaded"], c["sources"]) == (2, 2, 2)


def test_a_declared_source_with_the_same_url_is_used(tmp_path):
    dataset = tmp_path / "d"
    dataset.mkdir()
    (dataset / "sources.tsv").write_text("id\ttitle\turl\nreuters-mali\tMali asks UN to leave\t"
                                         "https://www.reuters.com/world/africa/mali-asks-un-peacekeepers-leave-2023-06-16/\n")
    shutil.copy(EVENTS / "gdelt1-20230616.export.CSV", dataset)
    batch = read_triples(dataset, new_actors=True)
    assert {e.source for *_, e in batch.assertions if e.date == "2023-06-16"} == {"reuters-mali"}


# --map: positions, no header, delimiter, sniffing ---------------------------------------

def test_map_by_position_without_header_on_a_txt_is_not_line_notation(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("2023-06-16\texpels\tMali\tOlivier Salgado\n2023-06-17\t174\tMali\tOlivier Salgado\n")
    batch = read_triples(path,
                         mapping=parse_map("subject=3,predicate=2,object=4,date=1", header=False),
                         new_actors=True)
    assert [(s, p, o, e.date) for s, p, o, e in batch.assertions] == [
        ("mali", "expels", "olivier-salgado", "2023-06-16"), ("mali", "expels", "olivier-salgado", "2023-06-17")]


def test_map_with_delimiter_and_names(tmp_path):
    path = tmp_path / "t.dat"
    path.write_text("who;did;whom\nMali;expels;Olivier Salgado\n")
    result = run("validate", path, "--map", "subject=who,predicate=did,object=3", "--delimiter", "semicolon",
                 "--new-actors", "--format", "json", db=tmp_path / "g.lbdb")
    assert result.exit_code == 0, result.output


def test_map_names_need_a_header(tmp_path):
    result = run("load", MINI / "triples.tsv", "--map", "subject=Actor1Name,predicate=2,object=3",
                 "--no-header", db=tmp_path / "g.lbdb")
    assert result.exit_code == 2 and "without a header, map fields to column positions" in result.output


def test_a_csv_that_is_really_tsv_and_the_other_way_round(tmp_path):
    lying = tmp_path / "really-tsv.csv"
    lying.write_text((MINI / "triples.tsv").read_text())
    shutil.copy(MINI / "actors.tsv", tmp_path)
    shutil.copy(MINI / "sources.tsv", tmp_path)
    batch = read_triples(tmp_path)
    assert (batch.rows_read, len(batch.assertions), batch.errors) == (7, 7, [])


def test_end_of_file_byte_and_blank_lines_are_not_rows(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text((MINI / "triples.tsv").read_text() + "\n\n\x1a")
    shutil.copy(MINI / "actors.tsv", tmp_path)
    shutil.copy(MINI / "sources.tsv", tmp_path)
    batch = read_triples(tmp_path / "actors.tsv", tmp_path / "sources.tsv", path)
    assert (batch.rows_read, len(batch.rejected)) == (7, 0)


# CAMEO whole -------------------------------------------------------------------------------

def test_every_code_of_both_codebooks_maps_to_a_predicate():
    from sahelgraph.cameo import cameo_table, event_for
    from sahelgraph.ontology import load_ontology

    predicates = load_ontology().predicates
    table = cameo_table()
    gdelt_lookup = (DATA / "gdelt-lookup-cameo-codes.lst").read_text().split()  # the codes of a GDELT lookup table
    for code in [*table, *gdelt_lookup]:
        event = event_for(code)
        assert event is not None, code
        predicate = predicates[event.predicate]
        assert not predicate.subject_kinds and not predicate.object_kinds, code  # never rejected for kinds
    assert len(table) >= 300
    for root in range(1, 21):
        assert f"{root:02d}" in table and event_for(f"{root:02d}9") is not None  # a code without a row: its root's


@pytest.mark.parametrize("code,predicate", [
    ("010", "makes_statement_about"), ("080", "yields_to"), ("0871", "yields_to"), ("141", "protests_against"),
    ("154", "mobilizes_against"), ("1831", "attacks"), ("2041", "attacks"),   # roots 01, 08, 14, 15, 18, 20
    ("100", "demands"), ("101", "demands"), ("1056", "demands"),             # root 10 is no longer withdrawal
    ("120", "rejects"), ("016", "denies"), ("163", "sanctions"), ("174", "expels"), ("046", "negotiates_with"),
])
def test_codes_map_to_what_they_say(code, predicate):
    from sahelgraph.cameo import event_for

    assert event_for(code).predicate == predicate


@pytest.mark.parametrize("code,plover", [
    ("163", "COERCE"), ("1712", "ASSAULT"), ("175", "ASSAULT"), ("191", "COERCE"), ("192", "COERCE"),
    ("0813", "RETREAT"), ("084", "RETREAT"), ("083", "CONCEDE"), ("090", "ACCUSE"), ("051", "SUPPORT"),
    ("057", "SUPPORT"), ("100", "REQUEST"), ("166", "SANCTION"), ("201", "ASSAULT"), ("010", None),
])
def test_plover_types_follow_the_2021_conversion(code, plover):
    from sahelgraph.cameo import event_for

    assert event_for(code).plover == plover


def test_each_predicate_s_plover_type_is_its_cameo_code_s():
    from sahelgraph.cameo import event_for
    from sahelgraph.ontology import load_ontology

    for name, predicate in load_ontology().predicates.items():
        if predicate.cameo:
            assert predicate.plover == event_for(predicate.cameo).plover, name


def test_icews_event_names_map_through_the_cameo_names():
    from sahelgraph.cameo import event_for

    names = {"Make statement": "010", "Make an appeal or request": "020", "Criticize or denounce": "111",
             "Express intent to meet or negotiate": "036", "Use conventional military force": "190",
             "Engage in negotiation": "046", "Make_statement": "010", "fight with small arms and light weapons": "193",
             "Carry out car bombing": "1832"}
    assert {name: event_for(name).code for name in names} == names


# resolution -----------------------------------------------------------------------------

def test_new_actors_do_no_hint_work(tmp_path, monkeypatch):
    from sahelgraph.resolve import ActorIndex

    def no_hints(self, name):
        raise AssertionError(f"a hint was worked out for {name!r}")

    monkeypatch.setattr(ActorIndex, "hint", no_hints)
    path = tmp_path / "t.tsv"
    path.write_text("\n".join(f"Actor {i}\t046\tOther {i}\t2023\thttps://example.org/{i}" for i in range(300)) + "\n")
    batch = read_triples(path, mapping=parse_map("subject=1,predicate=2,object=3,date=4,source=5", header=False),
                         new_actors=True)
    assert (len(batch.assertions), len(batch.new_actors)) == (300, 600)


@pytest.mark.parametrize("name,hint", [
    ("MASLOV, Ivan Aleksandrovich", "did you mean 'Ivan Maslov'?"),
    ("PMC Wagner", "did you mean 'Wagner Group'?"),
    ("Assimi", "did you mean 'Assimi Goïta'?"),
    ("Goitta", "did you mean 'Goïta' (alias of 'Assimi Goïta')?"),
])
def test_suggestions_match_words_and_never_show_an_alias_as_an_actor(name, hint):
    from sahelgraph.resolve import ActorIndex

    index = ActorIndex(read_triples(MINI).actors.values())
    assert index.hint(name) == hint


def test_skip_invalid_adds_no_actor_only_rejected_rows_name(tmp_path, mini_db):
    path = tmp_path / "t.tsv"
    path.write_text("subject\tpredicate\tobject\tdate\tsource\tquote\n"
                    "Orphan One\texpells\tOrphan Two\t2023\tmini-wire\tx\n"
                    "Newcomer\tsupports\tMali\t2023\tmini-wire\tWagner supports the junta\n")
    result = run("load", path, "--new-actors", "--skip-invalid", "--format", "json", db=mini_db)
    assert result.exit_code == 0
    ids = set(EmbeddedStore(mini_db).graph().nodes)
    assert "newcomer" in ids and not {"orphan-one", "orphan-two"} & ids


def test_repeated_warnings_are_summarised_and_verbose_lists_them(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("".join(f"Actor {i}\tConsult\tOther\t2014-01-0{i}\n" for i in range(1, 9)))
    short = run("load", path, "--new-actors", db=tmp_path / "a.lbdb")
    assert short.exit_code == 0
    assert short.stderr.count("missing quote") == 1 and "8 in all; --verbose lists them" in short.stderr
    full = run("load", path, "--new-actors", "--verbose", db=tmp_path / "b.lbdb")
    assert full.stderr.count("missing quote") == 8


# actor lists, aliases kept, duplicates and merging ------------------------------------------

def test_a_dataset_listing_a_stored_actor_keeps_its_aliases(tmp_path):
    db = tmp_path / "g.lbdb"
    assert run("load", GRAPH, db=db).exit_code == 0
    before = EmbeddedStore(db).graph().nodes["wagner-group"]["aliases"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "actors.tsv").write_text("id\tname\tkind\taliases\nwagner-group\tWagner Group\tarmed_group\tVagner\n")
    result = run("load", other, db=db)
    assert result.exit_code == 0, result.output
    node = EmbeddedStore(db).graph().nodes["wagner-group"]
    assert len(before) >= 18 and node["aliases"] == before + ["Vagner"]
    assert "actor 'wagner-group': kind changes from 'pmc' to 'armed_group'" in result.stderr


def test_a_sanctions_list_adds_aliases_and_never_splits_an_actor(tmp_path, mini_db):
    path = tmp_path / "sdn.csv"
    path.write_text('Name,Type,AKA\n"PMC WAGNER",entity,"a.k.a. \'WAGNER GROUP\'; a.k.a. \'CHVK WAGNER\'"\n'
                    '"MASLOV, Ivan Aleksandrovich",individual,"a.k.a. \'MASLOV, Ivan\'"\n')
    result = run("load", path, "--map", "name=Name,kind=Type,aliases=AKA", db=mini_db)
    assert result.exit_code == 0, result.output
    G = EmbeddedStore(mini_db).graph()
    assert G.nodes["wagner-group"]["aliases"] == ["Wagner", "PMC WAGNER", "CHVK WAGNER"]
    assert G.nodes["wagner-group"]["kind"] == "pmc"  # "entity" says nothing: the stored kind stays
    # a near name is never merged on a guess: it is said, with the command that merges
    assert "'MASLOV, Ivan Aleksandrovich' is listed as a new actor, but it may be 'Ivan Maslov'" in result.stderr
    duplicates = run("actors", "--duplicates", "--format", "json", db=mini_db)
    assert [(d["keep"], d["other"]) for d in json.loads(duplicates.stdout)] == [
        ("ivan-maslov", "maslov-ivan-aleksandrovich")]


def test_merge_actors_moves_relations_and_keeps_evidence(tmp_path, mini_db):
    path = tmp_path / "t.tsv"
    path.write_text("subject\tpredicate\tobject\tdate\tsource\tquote\n"
                    "I. Maslov\tleads\tWagner\t2024\tmini-wire\tIvan Maslov, the head of Wagner in Mali\n"
                    "United States\tsanctions\tI. Maslov\t2023-05\tmini-wire\tThe United States sanctioned Ivan Maslov\n")
    assert run("load", path, "--new-actors", db=mini_db).exit_code == 0
    before = EmbeddedStore(mini_db).stats()
    listed = json.loads(run("actors", "--duplicates", "--format", "json", db=mini_db).stdout)
    assert [(d["keep"], d["other"], d["reason"]) for d in listed] == [("ivan-maslov", "i-maslov", "initials")]
    result = run("merge-actors", "Ivan Maslov", "i-maslov", "--format", "json", db=mini_db)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["relations_moved"], report["relations_joined"], report["evidence_moved"]) == (2, 2, 2)
    G = EmbeddedStore(mini_db).graph()
    assert "i-maslov" not in G and "I. Maslov" in G.nodes["ivan-maslov"]["aliases"]
    assert len(G["ivan-maslov"]["wagner-group"]["leads"]["evidence"]) == 2  # 2024 joined the first
    after = EmbeddedStore(mini_db).stats()
    assert (after["actors"], after["assertions"]) == (before["actors"] - 1, before["assertions"])


def test_merge_actors_with_an_unknown_actor_changes_nothing(tmp_path, mini_db):
    before = mini_db.read_bytes()
    result = run("merge-actors", "ivan-maslov", "nobody-at-all", db=mini_db)
    assert result.exit_code == 1 and "unknown actor 'nobody-at-all'" in result.stderr
    assert mini_db.read_bytes() == before


# brat ---------------------------------------------------------------------------------------

def test_brat_project_loads_with_one_command(tmp_path):
    db = tmp_path / "g.lbdb"
    result = run("load", DATA / "brat", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    c = counts(result)
    assert (c["rows read"], c["loaded"], c["rejected"]) == (4, 4, 0)
    G = EmbeddedStore(db).graph()
    junta = G.nodes["malis-junta"]
    assert (junta["name"], sorted(junta["aliases"])) == ("Mali's junta", ["Bamako", "The government", "the junta"])
    assert G.nodes["moura"]["kind"] == "place" and G.nodes["olivier-salgado"]["kind"] == "person"
    (expels,) = G["malis-junta"]["olivier-salgado"]["expels"]["evidence"]
    assert expels["quote"] == "The government expelled Olivier Salgado, the mission's spokesman, in July 2022."
    assert (expels["confidence"], expels["note"]) == (0.9, "the article's 'government' is the junta")
    (attack,) = G["wagner"]["villagers"]["attacks"]["evidence"]
    assert (attack["modality"], attack["place"], attack["confidence"]) == ("alleged", "moura", 0.6)
    assert G.graph["sources"]["mali-2023-06"]["file"].endswith("mali-2023-06.txt")


def test_brat_entities_resolve_to_known_actors(tmp_path):
    db = tmp_path / "g.lbdb"
    assert run("load", GRAPH, db=db).exit_code == 0
    assert run("load", DATA / "brat", db=db).exit_code == 0
    G = EmbeddedStore(db).graph()
    assert G.has_edge("wagner-group", "villagers") and "wagner" not in G


def test_end_of_file_byte_is_not_a_row_of_json_lines_or_line_notation(tmp_path):
    from sahelgraph.readers.triples import read_jsonl_triples, read_notation_triples

    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"subject": "Mali", "predicate": "expels", "object": "Salgado"}\n\x1a')
    notation = tmp_path / "t.txt"
    notation.write_text("Mali – expels – Olivier Salgado\n    date: 2022-08\n\x1a")
    assert [len(read_jsonl_triples(jsonl)[0]), len(read_notation_triples(notation)[0])] == [1, 1]
    assert read_jsonl_triples(jsonl)[0][0][1] == []


def test_a_folder_of_mixed_exports_loads_with_one_command(tmp_path):
    result = run("load", EVENTS, "--new-actors", "--format", "json", db=tmp_path / "g.lbdb")
    assert result.exit_code == 0, result.output
    c = counts(result)
    assert (c["rows read"], c["loaded"], c["rejected"]) == (32, 29, 3) and accounted(c)
    G = EmbeddedStore(tmp_path / "g.lbdb").graph()
    assert [n for n, d in G.nodes(data=True) if d["name"].lower() == "mali"] == ["mali"]  # GDELT's MALI = ICEWS's Mali
