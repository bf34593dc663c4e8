"""The questions of issue 9 asked of the Sahel dataset (graph/) through the real CLI."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sahelgraph.cli import main


def ask(sahel_db, *args):
    result = CliRunner().invoke(main, ["--db", str(sahel_db), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_mali_includes_the_june_2023_withdrawal_demand_through_its_government(sahel_db):
    shown = ask(sahel_db, "show", "Mali", "--since", "2023-06", "--until", "2023-06")
    demands = [r for r in shown["relations"]
               if r["predicate"] == "demands_withdrawal_of" and r["other"]["name"] == "MINUSMA"]
    assert demands and all(r["through"] for r in demands)
    assert {r["through"]["name"] for r in demands} <= {"Malian junta", "Abdoulaye Diop", "Foreign Ministry of Mali"}
    assert any(r["date"] and r["date"].startswith("2023-06") for r in demands)


def test_adversaries_of_mali_do_not_rank_its_own_government(sahel_db):
    names = [t["name"] for t in ask(sahel_db, "adversaries", "Mali")]
    assert names[0] == "MINUSMA"
    assert not {"Malian junta", "Foreign Ministry of Mali", "Abdoulaye Diop", "Assimi Goïta",
                "Malian armed forces"} & set(names)


def test_the_design_card_triples_by_the_cli(sahel_db):
    mali = ask(sahel_db, "show", "Mali", "--predicate", "expels")
    assert ("Olivier Salgado", "Malian junta") in {(r["other"]["name"], r["through"]["name"])
                                                   for r in mali["relations"]}
    wagner = ask(sahel_db, "show", "Wagner", "--predicate", "supports")
    assert "Malian junta" in {r["other"]["name"] for r in wagner["relations"] if r["direction"] == "out"}
    us = ask(sahel_db, "show", "US", "--predicate", "sanctions")
    assert "Ivan Maslov" in {r["other"]["name"] for r in us["relations"] if r["direction"] == "out"}


def test_a_modality_filter_changes_the_allies(sahel_db):
    actual = {t["name"] for t in ask(sahel_db, "allies", "junta")}
    with_intent = {t["name"] for t in ask(sahel_db, "allies", "junta", "--modality", "asserted",
                                          "--modality", "alleged", "--modality", "intended")}
    assert actual != with_intent
