"""Roll-up, modality, places and dates through the real CLI, on tests/data/acts: Mali, its
junta (government_of), the junta's Foreign Ministry (part_of), Diop (official_of the
ministry), the armed forces (part_of Mali); a stated willingness (intended), an alleged
killing at Moura (within Mopti), an undated report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore

ACTS = Path(__file__).resolve().parents[1] / "data" / "acts"


@pytest.fixture(scope="module")
def acts_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("acts") / "acts.lbdb"
    EmbeddedStore(path).load(read_triples(ACTS))
    return path


@pytest.fixture
def run(acts_db):
    def run(*args, code=0):
        result = CliRunner().invoke(main, ["--db", str(acts_db), *args])
        assert result.exit_code == code, result.output
        return result

    return run


def data(result):
    return json.loads(result.stdout)


def test_show_a_state_includes_what_its_government_and_officials_did(run):
    shown = data(run("show", "Mali", "--format", "json"))
    out = {(r["predicate"], r["other"]["name"], r["through"] and r["through"]["name"])
           for r in shown["relations"] if r["direction"] == "out"}
    assert ("expels", "Olivier Salgado", "Malian junta") in out
    assert ("demands_withdrawal_of", "MINUSMA", "Abdoulaye Diop") in out
    # as named, Mali itself did none of it
    plain = data(run("show", "Mali", "--no-roll-up", "--format", "json"))
    assert {r["predicate"] for r in plain["relations"]} == {"government_of", "part_of"}


def test_the_design_card_question_mali_expels_salgado(run):
    shown = data(run("show", "Mali", "--predicate", "EXPELS", "--format", "json"))
    assert [(r["other"], r["through"], r["date"]) for r in shown["relations"]] == [
        ({"id": "olivier-salgado", "name": "Olivier Salgado"}, {"id": "mali-junta", "name": "Malian junta"},
         "2022-07-20")]


def test_adversaries_of_a_state_do_not_include_its_own_government(run):
    names = [t["name"] for t in data(run("adversaries", "Mali", "--format", "json"))]
    assert "Malian junta" not in names and "Foreign Ministry of Mali" not in names
    assert {"MINUSMA", "Olivier Salgado", "Civilians of Moura"} == set(names)


def test_a_stated_willingness_is_not_cooperation_unless_asked_for(run):
    assert [t["name"] for t in data(run("allies", "junta", "--format", "json"))] == ["Wagner Group"]
    asked = data(run("allies", "junta", "--modality", "asserted", "--modality", "intended", "--format", "json"))
    assert [t["name"] for t in asked] == ["United Nations", "Wagner Group"]
    # the alleged killing counts among adversaries by default, not once only asserted is asked for
    assert "Civilians of Moura" in [t["name"] for t in data(run("adversaries", "Mali", "--format", "json"))]
    assert "Civilians of Moura" not in [t["name"] for t in data(
        run("adversaries", "Mali", "--modality", "asserted", "--format", "json"))]


def test_show_and_timeline_say_the_modality(run):
    timeline = data(run("timeline", "Mali", "--format", "json"))
    assert ("attacks", "alleged", "Malian armed forces") in {
        (r["predicate"], r["modality"], r["through"] and r["through"]["name"]) for r in timeline}


def test_where_keeps_what_happened_at_a_place_or_within_it(run):
    shown = data(run("show", "FAMa", "--where", "Mopti", "--no-roll-up", "--format", "json"))
    assert {r["predicate"] for r in shown["relations"]} == {"attacks", "supports"}


def test_a_date_window_says_what_it_left_out(run):
    result = run("timeline", "Wagner", "--since", "2022", "--no-roll-up")
    # Wagner's undated support of the junta
    assert "1 relation(s) left out for having no date (--include-undated keeps them)" in result.stderr
    kept = data(run("show", "Wagner", "--since", "2022", "--include-undated", "--format", "json"))
    assert len(kept["relations"]) == 2


def test_as_of_is_what_the_sources_published_by_then_knew(run):
    # by 2022-12 only the July 2022 article was out: the expulsion, not the withdrawal demand
    timeline = data(run("timeline", "Mali", "--as-of", "2022-12", "--format", "json"))
    assert [r["predicate"] for r in timeline] == ["expels"]
    help_text = run("timeline", "--help").output
    assert "What the sources published by DATE knew" in help_text


def test_roll_up_in_centrality_folds_the_parts_into_their_state(run):
    rows = data(run("centrality", "--roll-up", "-m", "degree", "--format", "json"))
    names = {r["name"] for r in rows}
    assert "Mali" in names and "Malian junta" not in names and "Abdoulaye Diop" not in names


def test_unknown_filter_values_are_usage_errors_with_a_suggestion(run):
    result = run("show", "Mali", "--predicate", "expel", code=2)
    assert "did you mean 'expels'?" in result.output
    run("show", "Mali", "--predicate", "demands withdrawal of")
    assert "did you mean 'state'?" in run("centrality", "--kind", "states", code=2).output
    run("centrality", "--min-confidence", "5", code=2)
    run("allies", "junta", "--modality", "sure", code=2)
