"""Every diagnostic, with its exact text, on a small dataset built in each test."""

from __future__ import annotations

import pytest

from sahelgraph.errors import InvalidInputError
from sahelgraph.readers import read_triples

HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"
ACTORS = ("id\tname\tkind\tcountry\taliases\tdescription\n"
          "mali\tMali\tstate\tMali\tRepublic of Mali\t\n"
          "assimi-goita\tAssimi Goïta\tperson\tMali\tGoïta | Colonel Goita\t\n"
          "minusma\tMINUSMA\tigo\t\tMinusma | UN mission\t\n"
          "algiers-accord\tAlgiers Accord\tagreement\t\t\t\n")
SOURCES = "id\ttitle\tpublished\ns1\tOne\t2023-06-17\ns2\tNo text\t2023\n"
TEXT = "Colonel Assimi Goïta’s government asked the “UN mission” to leave.\nMali signed the accord.\n"


@pytest.fixture
def dataset(tmp_path):
    (tmp_path / "actors.tsv").write_text(ACTORS)
    (tmp_path / "sources.tsv").write_text(SOURCES)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s1.txt").write_text(TEXT)

    def diagnostics(*rows: str, **options) -> list[str]:
        (tmp_path / "t.tsv").write_text(HEADER + "".join(r + "\n" for r in rows))
        batch = read_triples(tmp_path, **options)
        return [str(d).replace(str(tmp_path) + "/", "") for d in batch.diagnostics]

    return diagnostics


def test_clean_row_has_no_diagnostics(dataset):
    assert dataset("Goita\tdemands_withdrawal_of\tUN mission\t2023-06-16\ts1\tasked the \"UN mission\" to leave\t\t") == []


@pytest.mark.parametrize("row,expected", [
    ("Mali\texpells\tMinusma\t\ts1\tto leave\t\t",
     "t.tsv:2: error: unknown predicate 'expells' (did you mean 'expels'?)"),
    ("Mali\tfrobnicates\tMinusma\t\ts1\tto leave\t\t",
     "t.tsv:2: error: unknown predicate 'frobnicates' (see the predicates in ontology.yaml, or add one to graph/ontology.yaml)"),
    ("Goitta\texpels\tMinusma\t\ts1\tto leave\t\t",
     "t.tsv:2: error: unknown actor 'Goitta' (did you mean 'Goïta' (alias of 'Assimi Goïta')?)"),
    ("Zorro\texpels\tMinusma\t\ts1\tto leave\t\t",
     "t.tsv:2: error: unknown actor 'Zorro' (add it to actors.tsv, or load with --new-actors)"),
    ("Mali\texpels\tMinusma\t2022-13\ts1\tto leave\t\t",
     "t.tsv:2: error: impossible date '2022-13' (there is no month 13)"),
    ("Mali\texpels\tMinusma\t2023-02-29\ts1\tto leave\t\t",
     "t.tsv:2: error: impossible date '2023-02-29' (February 2023 has 28 days)"),
    ("Mali\texpels\tMinusma\t16/06/2023\ts1\tto leave\t\t",
     "t.tsv:2: error: bad date '16/06/2023' (expected YYYY, YYYY-MM, YYYY-MM-DD or START/END)"),
    ("Mali\texpels\tMinusma\t2023/2022\ts1\tto leave\t\t",
     "t.tsv:2: error: impossible date '2023/2022' (interval ends before it starts: '2023/2022')"),
    ("Mali\texpels\tMinusma\t\t\tto leave\t\t",
     "t.tsv:2: error: missing source (every assertion needs the id of a source in sources.tsv)"),
    ("Mali\texpels\tMinusma\t\ts1x\tto leave\t\t",
     "t.tsv:2: error: unknown source 's1x' (did you mean 's1'?)"),
    ("Mali\texpels\tMinusma\t\ts1\tasked the UN to leave\t\t",
     "t.tsv:2: error: quote not found verbatim in source 's1' (it matches up to 'asked the ', then differs; only whitespace and quote marks may differ)"),
    ("Mali\texpels\tRepublic of Mali\t\ts1\tto leave\t\t",
     "t.tsv:2: error: self-loop: 'Mali' and 'Republic of Mali' are the same actor (mali) (a relation needs two different actors)"),
    ("Mali\tsigns\tMinusma\t\ts1\tMali signed the accord.\t\t",
     "t.tsv:2: error: 'signs' does not allow object kind 'igo' (Minusma) (allowed: agreement, unknown)"),
    ("Mali\texpels\tMinusma\t\ts1\tto leave\tsure\t",
     "t.tsv:2: error: bad confidence 'sure' (a number from 0 to 1, or high/medium/low)"),
    ("Mali\texpels\tMinusma\t\ts1\tto leave\t\t\textra",
     "t.tsv:2: error: row has 9 fields, the header has 8 (a tab inside a field? TSV fields cannot hold tabs)"),
    ("Mali\texpels\tMinusma",
     "t.tsv:2: error: row has 3 fields, the header has 8 (fill empty fields with a tab each)"),
    ("Mali\texpels\tMinusma\t\ts1\t\t\t",
     "t.tsv:2: warning: missing quote (add the sentence of the source that states it)"),
    ("\texpels\tMinusma\t\ts1\tto leave\t\t", "t.tsv:2: error: missing subject"),
])
def test_each_diagnostic(dataset, row, expected):
    assert dataset(row) == [expected]


def test_quote_check_ignores_whitespace_and_quote_styles_only(dataset):
    ok = "Colonel Assimi Goïta's   government asked the \"UN mission\"\t"
    assert dataset(f"Goita\tdemands_withdrawal_of\tMinusma\t\ts1\t{ok.strip()}\t\t") == []
    assert dataset("Goita\tdemands_withdrawal_of\tMinusma\t\ts1\tcolonel Assimi Goïta's\t\t") == [
        "t.tsv:2: error: quote not found verbatim in source 's1' (its beginning does not occur there; only whitespace and quote marks may differ)"]


def test_quote_is_not_checked_without_source_text(dataset):
    assert dataset("Mali\texpels\tMinusma\t\ts2\tanything at all\t\t") == []


def test_all_problems_in_one_pass(dataset):
    assert dataset("Goitta\texpells\tMinusma\t2022-13\ts1x\tx\t2\t",
                   "Mali\texpels\tMinusma\t\ts1\tto leave\t\t",
                   "Mali\texpels\tMali") == [
        "t.tsv:2: error: bad confidence '2' (a number from 0 to 1, or high/medium/low)",
        "t.tsv:2: error: unknown actor 'Goitta' (did you mean 'Goïta' (alias of 'Assimi Goïta')?)",
        "t.tsv:2: error: unknown predicate 'expells' (did you mean 'expels'?)",
        "t.tsv:2: error: impossible date '2022-13' (there is no month 13)",
        "t.tsv:2: error: unknown source 's1x' (did you mean 's1'?)",
        "t.tsv:4: error: row has 3 fields, the header has 8 (fill empty fields with a tab each)",
    ]


def test_missing_and_unknown_columns(tmp_path):
    (tmp_path / "t.tsv").write_text("subject\tverb\tobject\n")
    with pytest.raises(InvalidInputError):
        raise InvalidInputError(read_triples(tmp_path / "t.tsv").diagnostics)
    assert [str(d).replace(str(tmp_path) + "/", "") for d in read_triples(tmp_path / "t.tsv").diagnostics] == [
        "t.tsv:1: error: missing column 'predicate' (the header must name subject, predicate, object, date, source, quote, confidence, modality, place, note)",
        "t.tsv:1: error: unknown column 'verb' (expected subject, predicate, object, date, source, quote, confidence, modality, place, note)",
    ]


def test_accents_case_and_punctuation_resolve_to_one_actor(dataset, tmp_path):
    rows = [f"{name}\tdemands_withdrawal_of\tMinusma\t\ts2\tq{i}\t\t"
            for i, name in enumerate(["Goïta", "GOITA", "goita", "Colonel Goïta", "colonel-goita", "Assimi Goita", "assimi-goita"])]
    (tmp_path / "t.tsv").write_text(HEADER + "\n".join(rows) + "\n")
    batch = read_triples(tmp_path)
    assert batch.diagnostics == []
    assert {s for s, _, _, _ in batch.assertions} == {"assimi-goita"}


def test_new_actors_are_added_and_reported(dataset, tmp_path):
    (tmp_path / "t.tsv").write_text(HEADER + "Zorro\texpels\tMinusma\t\ts2\tq\t\t\nZORRO\tpraises\tMali\t\ts2\tq\t\t\n")
    batch = read_triples(tmp_path, new_actors=True)
    assert batch.errors == []
    assert [(a.id, a.name, a.kind) for a in batch.new_actors] == [("zorro", "Zorro", "unknown")]
    assert {s for s, _, _, _ in batch.assertions} == {"zorro"}


def test_ambiguous_alias_in_actors_file(tmp_path):
    (tmp_path / "actors.tsv").write_text(ACTORS + "mali-2\tMALI!\tstate\t\t\t\n")
    batch = read_triples(tmp_path)
    assert [str(d).replace(str(tmp_path) + "/", "") for d in batch.diagnostics] == [
        "actors.tsv:6: error: 'MALI!' of 'mali-2' also names 'mali' (every spelling must resolve to exactly one actor: remove or change one)"]


def test_actor_and_source_table_problems(tmp_path):
    (tmp_path / "actors.tsv").write_text("id\tname\tkind\nBad Id\tX\tstate\nx\tX\tstaet\nmali\tMali\tstate\nmali\tMali again\tstate\nz\t\tstate\n")
    (tmp_path / "sources.tsv").write_text("id\tpublished\ns1\t2023-15\ns1\t\n")
    got = [str(d).replace(str(tmp_path) + "/", "") for d in read_triples(tmp_path).diagnostics]
    assert got == [
        "actors.tsv:2: error: bad actor id 'Bad Id' (use a lower-case slug such as 'assimi-goita')",
        "actors.tsv:3: error: unknown actor kind 'staet' (did you mean 'state'?)",
        "actors.tsv:5: error: duplicate actor id 'mali' (first declared at actors.tsv:4)",
        "actors.tsv:6: error: missing name (every actor needs an id, a name and a kind)",
        "sources.tsv:2: error: bad published date '2023-15': impossible date: there is no month 15 (expected YYYY, YYYY-MM, YYYY-MM-DD or START/END)",
    ]


def test_bad_ontology_yaml_names_file_and_line(tmp_path):
    (tmp_path / "ontology.yaml").write_text("predicates:\n  funds:\n    polarity: 2\n  Bad-Name: {}\n")
    with pytest.raises(InvalidInputError) as info:
        read_triples(tmp_path)
    assert [str(d).replace(str(tmp_path) + "/", "") for d in info.value.diagnostics] == [
        "ontology.yaml:3: error: 'polarity' of predicate 'funds' must be -1, 0 or 1, not 2 "
        "(-1 hostile, 0 structural, +1 cooperative)",
        "ontology.yaml:4: error: bad predicate name 'Bad-Name' (use lower_snake_case such as 'expels')",
    ]


def test_dataset_ontology_extends_the_package_one(tmp_path):
    (tmp_path / "ontology.yaml").write_text(
        "predicates:\n  funds:\n    description: pays for\n    polarity: 1\n    cameo: '071'\n")
    (tmp_path / "actors.tsv").write_text(ACTORS)
    (tmp_path / "sources.tsv").write_text(SOURCES)
    (tmp_path / "t.tsv").write_text(HEADER + "Mali\tfunds\tMinusma\t\ts2\tq\t\t\n")
    batch = read_triples(tmp_path)
    assert batch.diagnostics == []
    assert batch.predicates["funds"].polarity == 1 and "expels" in batch.predicates
