"""Each reader on small files checked by hand."""

from __future__ import annotations

import json

import pytest

from sahelgraph.errors import InvalidInputError
from sahelgraph.readers import read_triples
from sahelgraph.readers.triples import (read_jsonl_triples, read_notation_triples,
                                        read_table_triples)

HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"


def test_tsv_keeps_quotes_and_reads_every_column(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(HEADER + 'Mali\texpels\tSalgado\t2022-08\ts1\tHe said "go"\t0.8\ta note\n')
    (row, problems), = read_table_triples(path)[0]
    assert problems == []
    assert (row.subject, row.predicate, row.object, row.date, row.source, row.quote,
            row.confidence, row.note, row.line) == (
        "Mali", "expels", "Salgado", "2022-08", "s1", 'He said "go"', 0.8, "a note", 2)


def test_csv_with_quoted_commas_and_multiline_field(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('subject,predicate,object,quote\n"Mali, Republic of",expels,Salgado,"one,\ntwo"\nUS,sanctions,Maslov,x\n')
    rows, problems = read_table_triples(path)
    assert problems == []
    assert [(r.subject, r.quote, r.line) for r, _ in rows] == [
        ("Mali, Republic of", "one,\ntwo", 2), ("US", "x", 4)]


@pytest.mark.parametrize("encoding,newline", [("utf-8", "\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\r\n")])
def test_bom_and_crlf_read_the_same(tmp_path, encoding, newline):
    path = tmp_path / "t.tsv"
    path.write_bytes((HEADER + "Goïta\tleads\tjunta\t\t\t\t\t\n").replace("\n", newline).encode(encoding))
    (row, problems), = read_table_triples(path)[0]
    assert (row.subject, row.object, row.line, problems) == ("Goïta", "junta", 2, [])


def test_latin1_file_is_a_clear_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes((HEADER + "Goïta\tleads\tjunta\t\t\t\t\t\n").encode("latin-1"))
    with pytest.raises(InvalidInputError) as info:
        read_table_triples(path)
    assert str(info.value) == (f"{path}:2: error: not UTF-8 (byte 0xef at offset 61) "
                               f"(re-save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 {path} > fixed.tsv)")


def test_utf16_file_is_a_clear_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(HEADER.encode("utf-16"))
    with pytest.raises(InvalidInputError, match="file is UTF-16, not UTF-8"):
        read_table_triples(path)


def test_jsonl_rows_and_bad_lines(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join([
        json.dumps({"subject": "Mali", "predicate": "expels", "object": "Salgado", "confidence": 0.5}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"subject": "US", "predicate": "sanctions", "object": "Maslov", "colour": "red"}),
    ]) + "\n")
    rows, _ = read_jsonl_triples(path)
    assert [(r.subject, r.confidence, r.line) for r, _ in rows][0] == ("Mali", 0.5, 1)
    assert [str(p) for _, problems in rows for p in problems] == [
        f"{path}:2: error: not valid JSON: Expecting property name enclosed in double quotes at column 2 (one JSON object per line)",
        f'{path}:3: error: expected a JSON object (e.g. {{"subject": "Mali", "predicate": "expels", "object": "Salgado"}})',
        f"{path}:4: error: unknown key 'colour' (expected subject, predicate, object, date, source, quote, confidence, modality, place, note)",
    ]


def test_notation_keeps_hyphenated_names_and_reads_annotations(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(
        "# a comment\n"
        "El-Ghassim Wane – leads – MINUSMA\n"
        "    date: 2021\n"
        "    quote: El-Ghassim Wane, head of the mission\n"
        "\n"
        "Mali — demands withdrawal of -- Minusma\n"
        "  source: s1\n"
        "Mali - expels - Olivier Salgado\n"
        "    confidence: 0.7\n")
    rows, problems = read_notation_triples(path)
    assert problems == []
    assert [(r.subject, r.predicate, r.object, r.line) for r, _ in rows] == [
        ("El-Ghassim Wane", "leads", "MINUSMA", 2),
        ("Mali", "demands_withdrawal_of", "Minusma", 6),
        ("Mali", "expels", "Olivier Salgado", 8),
    ]
    first = rows[0][0]
    assert (first.date, first.quote, first.line_of("date"), first.line_of("quote")) == (
        "2021", "El-Ghassim Wane, head of the mission", 3, 4)
    assert rows[2][0].confidence == 0.7


def test_notation_problems(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("  date: 2020\nMali – expels\nMali – expels – Salgado\n    dte: 2022\n    just words\n")
    rows, problems = read_notation_triples(path)
    assert [str(p) for p in problems] == [
        f"{path}:1: error: annotation before any triple (start with a line 'subject – predicate – object')"]
    assert [str(p) for _, ps in rows for p in ps] == [
        f"{path}:2: error: expected 'subject – predicate – object', found 2 part(s) (separate the parts with a dash with spaces around it)",
        f"{path}:4: error: unknown annotation 'dte' (did you mean 'date'?)",
        f"{path}:5: error: expected 'key: value' (keys: date, source, quote, confidence, modality, place, note)",
    ]


def test_foreign_table_through_a_mapping(tmp_path):
    (tmp_path / "actors.tsv").write_text(
        "id\tname\tkind\naa\tMALI\tstate\nbb\tFRANCE\tstate\n")
    (tmp_path / "sources.tsv").write_text("id\nhttp-x\n")
    events = tmp_path / "events.csv"
    events.write_text("GLOBALEVENTID,SQLDATE,Actor1Name,EventCode,Actor2Name,SOURCEURL\n"
                      "1,20220815,MALI,174,FRANCE,http-x\n"
                      "2,20220816,MALI,163,FRANCE,http-x\n")
    mapping = {"subject": "Actor1Name", "predicate": "EventCode", "object": "Actor2Name",
               "date": "SQLDATE", "source": "SOURCEURL"}
    batch = read_triples(tmp_path / "actors.tsv", tmp_path / "sources.tsv", events, mapping=mapping)
    assert [(s, p, o, e.date) for s, p, o, e in batch.assertions] == [
        ("aa", "expels", "bb", "2022-08-15"), ("aa", "sanctions", "bb", "2022-08-16")]


def test_directory_reads_every_triple_file_but_not_source_texts(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "actors.tsv").write_text("id\tname\tkind\taliases\na\tAlpha\tstate\tAlfa | the A\nb\tBeta\tstate\t\n")
    (tmp_path / "sources.tsv").write_text("id\tpublished\ns1\t2023-06\n")
    (tmp_path / "sources" / "s1.txt").write_text("Alpha praised Beta.\nThe A praised Beta again.\n")
    (tmp_path / "one.tsv").write_text(HEADER + "Alpha\tpraises\tBeta\t\ts1\tAlpha praised Beta.\t\t\n")
    (tmp_path / "two.jsonl").write_text(json.dumps({"subject": "the A", "predicate": "praises", "object": "Beta",
                                                    "source": "s1", "quote": "The A praised Beta again."}) + "\n")
    (tmp_path / "three.txt").write_text("Alfa – praises – Beta\n  source: s1\n  quote: Alpha praised   Beta.\n")
    batch = read_triples(tmp_path)
    assert batch.diagnostics == []
    assert batch.rows_read == 3
    assert {(s, p, o) for s, p, o, _ in batch.assertions} == {("a", "praises", "b")}
    assert batch.sources["s1"].text.startswith("Alpha praised")
