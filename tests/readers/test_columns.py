"""Tables read column-wise (readers.columns, readers.validate_columns) give exactly what they
give read row by row: the same rows loaded, oriented and rejected, the same diagnostics word
for word and in the same order, the same new actors; and the column-wise merge of a full
build (bulk.merge_columns) makes the relations model.merge makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sahelgraph.readers as readers
from sahelgraph.bulk import merge_columns
from sahelgraph.model import Assertions, Batch, Evidence, GraphData, merge
from sahelgraph.readers import read_triples
from sahelgraph.readers.columns import read_table_columns

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
FIELDS = ["subject", "predicate", "object", "date", "source", "quote", "confidence", "modality",
          "place", "note"]
VERBATIM = ["Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022.",
            "The junta called for the \"immediate   withdrawal\" of MINUSMA.",
            "Wagner supports the junta"]
VALUES = {
    "subject": ["Mali", "mali", "MALI", "Goïta", "Goita", "Colonel Goita", "US", "U.S.", "junta",
                "Ivan Maslov", "Maslov", "Wagner", "MINUSMA", "Minusma", "Malli", "Nobody Known",
                "New Actor", "new actor", "United Nations", "\u00a0Mali\u2003", "\x1cUS", "Salgado"],
    "predicate": ["expels", "sanctions", "supports", "cooperates_with", "allied_with", "leads",
                  "member_of", "government_of", "expells", "190", "051", "999"],
    "date": ["2022", "2022-07", "2022-07-15", "2023-02-30", "2022-13", "2021/2023", "2023/2021",
             "soon", " 2022 "],
    "source": ["mini-wire", "mini-wire", "mini-wir", "elsewhere"],
    "quote": VERBATIM + ["Not in the text at all", "Mali expelled nobody", "\u2028Wagner supports the junta "],
    "confidence": ["1.0", "0.5", "high", "low", "1.5", "-1", "NaN", "abc", " 0.9 ", "1e-3"],
    "modality": ["alleged", "ALLEGED ", "maybe", "asserted", "denied"],
    "place": ["Mali", "US", "Salgado", "Nobody Known", "mali"],
    "note": ["n", " a note ", "translated"],
}
value = {f: st.one_of(st.just(""), st.just("  "), st.sampled_from(v)) for f, v in VALUES.items()}
value["object"] = value["subject"]

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def table(draw) -> tuple[list[str], list[list[str]]]:
    optional = draw(st.lists(st.sampled_from(FIELDS[3:]), unique=True))
    header = draw(st.permutations(FIELDS[:3] + optional))
    rows = draw(st.lists(st.fixed_dictionaries({f: value[f] for f in header}), min_size=1, max_size=25))
    return header, [[row[f] for f in header] for row in rows]


def _dataset(tmp: Path, files: dict[str, str]) -> Path:
    dataset = tmp / "dataset"
    if dataset.exists():
        shutil.rmtree(dataset)
    shutil.copytree(MINI, dataset)
    (dataset / "triples.tsv").unlink()
    for name, text in files.items():
        (dataset / name).write_text(text, encoding="utf-8")
    return dataset


def _both(dataset: Path, monkeypatch, **options):
    monkeypatch.setattr(readers, "COLUMN_WISE", True)
    columns = read_triples(dataset, **options)
    monkeypatch.setattr(readers, "COLUMN_WISE", False)
    rows = read_triples(dataset, **options)
    return columns, rows


def _same(a: Batch, b: Batch) -> None:
    assert [(str(d), d.column) for d in a.diagnostics] == [(str(d), d.column) for d in b.diagnostics]
    assert [(r.file, r.line, r.row, [str(d) for d in r.diagnostics]) for r in a.rejected] == \
        [(r.file, r.line, r.row, [str(d) for d in r.diagnostics]) for r in b.rejected]
    assert list(a.assertions) == list(b.assertions)
    assert (a.rows_read, a.actors, [x.id for x in a.new_actors], sorted(a.sources)) == \
        (b.rows_read, b.actors, [x.id for x in b.new_actors], sorted(b.sources))


@FUZZ
@given(first=table(), second=table(), new_actors=st.booleans(), csv=st.booleans())
def test_column_wise_reading_gives_what_row_by_row_reading_gives(tmp_path, monkeypatch, first, second,
                                                                   new_actors, csv):
    sep = "," if csv else "\t"
    files = {}
    for name, (header, rows) in (("a.csv" if csv else "a.tsv", first), ("c.tsv", second)):
        files[name] = "\n".join(sep.join(line) for line in [header] + rows) + "\n"
    # a file read row by row between them: what comes after must see what it did
    files["b.jsonl"] = '{"subject": "Wagner", "predicate": "cooperates_with", "object": "Malian junta", ' \
                       '"source": "mini-wire", "quote": "Wagner supports the junta"}\n'
    dataset = _dataset(tmp_path, files)
    columns, rows = _both(dataset, monkeypatch, new_actors=new_actors)
    _same(columns, rows)


def test_a_plain_table_is_read_column_wise_and_others_row_by_row(tmp_path):
    header = "subject\tpredicate\tobject\tsource\tquote"
    plain = f"{header}\nMali\texpels\tSalgado\tmini-wire\tq\n"
    path = tmp_path / "t.tsv"
    for text, column_wise in ((plain, True),
                              (plain.replace("\n", "\r\n"), False),           # carriage returns
                              ("# comment\n" + plain, False),                 # a line before the header
                              (plain + "\n", False),                          # a blank line
                              (plain + "# a comment\tx\ty\tz\tw\n", False),   # a comment line
                              (plain + "Mali\texpels\n", False),              # a short row
                              (plain.encode().decode() + "Mali\texpels\tUS\tmini-wire\tq\textra\n", False),
                              (header + "\n", True)):
        path.write_text(text, encoding="utf-8")
        assert (read_table_columns(path) is not None) == column_wise, repr(text)
    csv = tmp_path / "t.csv"
    csv.write_text("subject,predicate,object\nMali,expels,Salgado\n", encoding="utf-8")
    assert read_table_columns(csv).column("object").to_pylist() == ["Salgado"]
    csv.write_text('subject,predicate,object\nMali,expels,"Salgado, Olivier"\n', encoding="utf-8")
    assert read_table_columns(csv) is None  # quoting: the row reader's
    path.write_bytes(plain.encode() + b"Mali\texpels\tUS\tmini-wire\tcaf\xe9\n")
    assert read_table_columns(path) is None  # not UTF-8: the row reader names the line


@pytest.mark.parametrize("text", [
    "subject\tpredicate\tobject\tsource\tquote\n \u00a0Mali\texpels\t Salgado\u3000\tmini-wire\t\n",
    "subject\tpredicate\tobject\tsource\tquote\nMali\texpels\tSalgado\tmini-wire\t\x1c\n",
])
def test_fields_are_stripped_as_str_strip_does(tmp_path, monkeypatch, text):
    dataset = _dataset(tmp_path, {"t.tsv": text})
    columns, rows = _both(dataset, monkeypatch)
    _same(columns, rows)
    assert [(s, o, e.quote) for s, _, o, e in columns.assertions] == [("mali", "olivier-salgado", None)]


evidence = st.builds(Evidence, date=st.sampled_from([None, "", "2022", "2022-07", "2021/2023", "2022-07-01"]),
                     source=st.sampled_from([None, "s", "t"]), quote=st.sampled_from([None, "q", "r", "qq"]),
                     confidence=st.sampled_from([1.0, 0.5, 0.9]), note=st.sampled_from([None, "n"]),
                     line=st.integers(1, 9))
assertion = st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["expels", "meets", "leads"]),
                      st.sampled_from(["a", "b", "d"]), evidence)


@FUZZ
@given(st.lists(assertion, max_size=40))
def test_the_column_wise_merge_makes_the_relations_model_merge_makes(rows):
    data, loaded, duplicates = merge(GraphData(), Batch(assertions=list(rows)))
    merged = merge_columns(Assertions(rows).table())
    assert (merged.loaded, merged.duplicates) == (loaded, duplicates)
    # relations numbered predicate by predicate (in the order first met), then in the order first met
    by_predicate: dict[str, list] = {}
    for relation in data.relations.values():
        by_predicate.setdefault(relation.predicate, []).append(relation)
    expected = [r for relations in by_predicate.values() for r in relations]
    got = merged.relations.to_pylist()
    assert [(r["predicate"], r["from"], r["to"], r["id"], r["weight"], r["first_date"], r["last_date"],
             r["confidence"]) for r in got] == \
        [(r.predicate, r.subject, r.object, i, r.weight, *r.date_span, r.confidence)
         for i, r in enumerate(expected)]
    # each kept row is the evidence at its position, in input order
    ids = {(r.subject, r.predicate, r.object): i for i, r in enumerate(expected)}
    pieces = {}
    for row, keep, rid, position in zip(rows, merged.kept, merged.relation, merged.position):
        if keep:
            assert rid == ids[row[:3]]
            pieces[(int(rid), int(position))] = row[3]
    assert pieces == {(i, p): e for i, r in enumerate(expected) for p, e in enumerate(r.evidence)}
