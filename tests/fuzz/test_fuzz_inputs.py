"""Fuzzing every reader (TSV, CSV, JSON Lines, line notation, mapped tables, actors.tsv,
sources.tsv) and ontology.yaml through the command line: whatever the bytes, the exit code
is 0, 1 or 2, there is never a traceback, and a load that is refused leaves the store
byte-identical.

Inputs are built from pieces that have broken readers before (tabs, quotes, dashes,
control characters, lone surrogates, 5,000-digit numbers, deep nesting, BOMs, UTF-16,
bytes that are not UTF-8, YAML anchors and tags...) mixed with random text and random
byte damage. Bounded: a fixed number of examples per test and no deadline, so the file
runs in well under a minute; the count of cases and tracebacks is printed at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahelgraph.cli import main

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
FIELDS = ["subject", "predicate", "object", "date", "source", "quote", "confidence", "modality",
          "place", "note"]
COUNTS = {"cases": 0, "tracebacks": 0, "exit 0": 0, "exit 1": 0, "exit 2": 0, "rejected loads": 0}

# SAHELGRAPH_FUZZ_EXAMPLES=500 for a longer hunt; the suite's default keeps the file under a minute
EXAMPLES = int(os.environ.get("SAHELGRAPH_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])
FEW = settings(FUZZ, max_examples=max(4, EXAMPLES * 2 // 5))

PIECES = [
    "Mali", "junta", "Malian junta", "MINUSMA", "Wagner", "US", "U.N.", "Goïta", "Colonel Goita",
    "Olivier Salgado", "El-Ghassim Wane", "mini-wire", "expels", "sanctions", "leads", "supports",
    "demands_withdrawal_of", "member_of", "expells", "2023", "2022-07", "2023-06-16", "2022/2023",
    "2023-13-45", "0000", "0.5", "high", "low", "1.5", "-1", "NaN", "inf", "1e999", "alleged",
    "denied", "asserted", "maybe", "Bamako", "\t", ",", '"', "'", '""', "\n", "\r\n", "\r", " – ",
    " — ", " - ", "--", "#", "//", " ", "  ", "\x00", "\x1b[2J", "\x1b]0;t\x07", "\x9b", "\u202e",
    "\ufeff", "\ufffd", "é", "😀", "\\", "\\ud800", "\\u0000", "{", "}", "[", "]", ":", "|", ";",
    "null", "true", "9" * 50, "7" * 4400, "x" * 300, "[" * 3000, "=", "$", "`", "%s", "{0}",
    "<script>", "../../etc/passwd", "subject", "predicate", "object", "source", "quote",
]
piece = st.sampled_from(PIECES)
text = st.one_of(piece, st.text(max_size=12), st.lists(piece, min_size=1, max_size=4).map("".join))


@st.composite
def damaged(draw, content: str) -> bytes:
    """``content`` encoded, sometimes damaged: a BOM, UTF-16, bytes that are not UTF-8, a cut."""
    data = content.encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["none"] * 6 + ["bom", "utf16", "latin1", "bytes", "cut", "crlf"]))
    if how == "bom":
        data = b"\xef\xbb\xbf" + data
    elif how == "utf16":
        data = content.encode("utf-16", "surrogatepass")
    elif how == "latin1":
        data = content.encode("latin-1", "replace") + b"caf\xe9"
    elif how == "bytes" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif how == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "crlf":
        data = data.replace(b"\n", b"\r\n")
    return data


@st.composite
def table(draw, sep: str, columns=None) -> bytes:
    header = columns or draw(st.one_of(
        st.just(FIELDS[:7]), st.just(FIELDS),
        st.lists(st.one_of(st.sampled_from(FIELDS + ["id", "name", "kind", "extra", ""]), text),
                 min_size=1, max_size=9)))
    rows = draw(st.lists(st.lists(text, min_size=0, max_size=len(header) + 2), max_size=5))
    if draw(st.booleans()):  # one well-formed row among them
        rows.append(["Mali", "expels", "MINUSMA", "2022-07", "mini-wire", "Mali expelled", "1.0"][:len(header)])
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return draw(damaged("\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))))


json_scalar = st.one_of(text, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                               st.dictionaries(text, inner, max_size=3)),
                          max_leaves=6)


@st.composite
def jsonl(draw) -> bytes:
    lines = []
    for record in draw(st.lists(st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), json_value,
                                                max_size=8), max_size=5)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        how = draw(st.sampled_from(["none"] * 5 + ["surrogate", "bignum", "deep", "garble", "array"]))
        if how == "surrogate":
            line = line.replace('"', '"\\ud800', 1) if '"' in line else '{"note": "\\udfff"}'
        elif how == "bignum":
            line = '{"subject": "Mali", "confidence": ' + "1" * draw(st.integers(4290, 4400)) + "}"
        elif how == "deep":
            depth = draw(st.integers(500, 5000))
            line = '{"subject": ' + "[" * depth + "]" * depth + "}"
        elif how == "garble":
            line = line[: draw(st.integers(0, len(line)))] + draw(piece)
        elif how == "array":
            line = json.dumps([record])
        lines.append(line)
    return draw(damaged("\n".join(lines) + "\n"))


@st.composite
def notation(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        parts = draw(st.lists(text, min_size=1, max_size=4))
        lines.append(draw(st.sampled_from([" – ", " - ", " — ", "--", "-"])).join(parts))
        for _ in range(draw(st.integers(0, 3))):
            key = draw(st.one_of(st.sampled_from(FIELDS), text))
            lines.append(draw(st.sampled_from(["  ", "\t", " "])) + f"{key}: {draw(text)}")
    return draw(damaged("\n".join(lines) + "\n"))


yaml_key = st.one_of(st.sampled_from(["predicates", "actor_kinds", "expels", "actor", "source",
                                      "predicate", "symmetric", "polarity", "inverse", "cameo",
                                      "plover", "subject_kinds", "object_kinds", "acts_for",
                                      "description", "state", "tribe", "funds"]), text)
yaml_scalar = st.one_of(st.sampled_from(["yes", "no", "maybe", "true", "~", "0174", "+1", "-1", "2",
                                         "2023-02-30", "1" * 4400, "&a x", "*a", "!!python/object:os.system",
                                         "!!binary aGk=", '"\\ud800"', "[state, government]", "{}", "[]",
                                         "'unterminated", "|", ">", "@", "%", "`"]), text)


@st.composite
def ontology(draw) -> bytes:
    def block(depth: int) -> list[str]:
        lines = []
        for _ in range(draw(st.integers(0, 3))):
            key = draw(yaml_key)
            if depth < 3 and draw(st.booleans()):
                lines.append("  " * depth + f"{key}:")
                lines += block(depth + 1)
            else:
                lines.append("  " * depth + f"{key}: {draw(yaml_scalar)}")
        return lines

    lines = block(0)
    how = draw(st.sampled_from(["none"] * 4 + ["deep", "anchors", "tabs", "documents", "list"]))
    if how == "deep":
        depth = draw(st.integers(100, 3000))
        lines.append("predicates: " + "[" * depth + "]" * depth)
    elif how == "anchors":
        lines = ["a: &a [x, x, x]", "b: &b [*a, *a, *a]", "predicates: {expels: {subject_kinds: *b}}"] + lines
    elif how == "tabs":
        lines = [line.replace("  ", "\t") for line in lines]
    elif how == "documents":
        lines = ["---"] + lines + ["---", "predicates: {}"]
    elif how == "list":
        lines = ["- " + line for line in lines]
    return draw(damaged("\n".join(lines) + "\n"))


# -- running the command line ---------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def report(request):
    request.config.fuzz_counts = COUNTS  # printed at the end by conftest.py


def invoke(*args) -> CliRunner:
    result = CliRunner().invoke(main, [str(a) for a in args])
    COUNTS["cases"] += 1
    traceback = (result.exception is not None and not isinstance(result.exception, SystemExit)) \
        or "Traceback (most recent call last)" in result.output
    COUNTS["tracebacks"] += traceback
    COUNTS[f"exit {result.exit_code}"] = COUNTS.get(f"exit {result.exit_code}", 0) + 1
    assert not traceback, f"{args}: {result.exception!r}\n{result.output}"
    assert result.exit_code in (0, 1, 2), result.output
    return result


def check_validate(files: dict[str, bytes], *options) -> None:
    """Validate a dataset directory made of mini's actors and sources plus ``files``."""
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "dataset"
        dataset.mkdir()
        for name in ("actors.tsv", "sources.tsv"):
            if name not in files:
                shutil.copy(MINI / name, dataset / name)
        for name, data in files.items():
            (dataset / name).write_bytes(data)
        invoke("--db", Path(tmp) / "none.lbdb", "validate", dataset, *options)
        invoke("--db", Path(tmp) / "none.lbdb", "validate", "--format", "json", dataset, *options)


@FUZZ
@given(table("\t"))
def test_tsv(data):
    check_validate({"t.tsv": data})


@FUZZ
@given(table(","))
def test_csv(data):
    check_validate({"t.csv": data})


@FUZZ
@given(jsonl())
def test_jsonl(data):
    check_validate({"t.jsonl": data})


@FUZZ
@given(notation())
def test_line_notation(data):
    check_validate({"t.txt": data})


@FUZZ
@given(table(",", columns=["Actor1Name", "EventCode", "Actor2Name", "SQLDATE", "SOURCEURL"]),
       st.sampled_from(["subject=Actor1Name,predicate=EventCode,object=Actor2Name",
                        "subject=Actor1Name,predicate=EventCode,object=Actor2Name,date=SQLDATE,source=SOURCEURL",
                        "subject=Nope,predicate=EventCode,object=Actor2Name", "subject=", "bogus"]))
def test_mapped_table(data, mapping):
    check_validate({"events.csv": data}, "--map", mapping, "--new-actors")


@FUZZ
@given(table("\t", columns=["id", "name", "kind", "country", "aliases", "description"]),
       table("\t", columns=["id", "title", "outlet", "published", "url", "language"]))
def test_actors_and_sources(actors, sources):
    check_validate({"actors.tsv": actors, "sources.tsv": sources, "t.tsv": (MINI / "triples.tsv").read_bytes()})


@FUZZ
@given(ontology())
def test_ontology_yaml(data):
    check_validate({"ontology.yaml": data, "t.tsv": (MINI / "triples.tsv").read_bytes()})


EVENTS = Path(__file__).resolve().parents[1] / "data" / "events"
EXPORTS = {"gdelt1-20230616.export.CSV": "gdelt", "gdelt2-20230620.export.CSV": "gdelt",
           "icews-events-2023.tab": "icews", "icews14-train.txt": "icews", "acled-mali-2023.csv": "acled"}


@st.composite
def event_export(draw) -> tuple[str, bytes]:
    """A real event export from tests/data/events with rows dropped, fields replaced and bytes
    damaged."""
    name = draw(st.sampled_from(sorted(EXPORTS)))
    lines = (EVENTS / name).read_text(encoding="utf-8").split("\n")
    keep = lines[:1] + [line for line in lines[1:] if draw(st.booleans())]
    sep = "," if name.endswith(".csv") else "\t"
    for i in range(len(keep)):
        if draw(st.integers(0, 3)) == 0:
            cells = keep[i].split(sep)
            if cells:
                cells[draw(st.integers(0, len(cells) - 1))] = draw(text)
            if draw(st.booleans()):
                cells = cells[: draw(st.integers(0, len(cells)))]
            keep[i] = sep.join(cells)
    return name, draw(damaged("\n".join(keep)))


@FUZZ
@given(event_export(), st.sampled_from([None, "gdelt", "icews", "acled"]))
def test_event_exports_through_presets(export, preset):
    name, data = export
    check_validate({name: data}, "--new-actors", *(["--preset", preset] if preset else []))


@FUZZ
@given(table("\t"),
       st.sampled_from(["subject=1,predicate=2,object=3", "subject=1,predicate=2,object=3,date=4,quote=9",
                        "subject=3,predicate=1,object=2,source=5", "subject=0,predicate=1,object=2",
                        "subject=99,predicate=2,object=3"]),
       st.sampled_from([[], ["--no-header"], ["--delimiter", "tab"], ["--delimiter", ","],
                        ["--delimiter", "pipe"], ["--no-header", "--delimiter", ";"], ["--delimiter", "xx"]]))
def test_tables_mapped_by_position(data, mapping, options):
    check_validate({"rows.tsv": data}, "--map", mapping, "--new-actors", *options)


@FUZZ
@given(table(",", columns=["Name", "AKA", "Type", "Country"]),
       st.sampled_from(["name=Name,aliases=AKA", "name=Name,aliases=AKA,kind=Type,country=Country",
                        "name=1,aliases=2", "name=Nope"]))
def test_actor_lists(data, mapping):
    check_validate({"list.csv": data}, "--map", mapping)


# -- loads: refused means unchanged ---------------------------------------------------------

@FEW
@given(st.sampled_from(["t.tsv", "t.csv", "t.jsonl", "t.txt", "ontology.yaml"]), st.data())
def test_a_refused_load_leaves_the_store_byte_identical(_mini_db_master, name, data):
    make = {"t.tsv": table("\t"), "t.csv": table(","), "t.jsonl": jsonl(), "t.txt": notation(),
            "ontology.yaml": ontology()}[name]
    content = data.draw(make)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "g.lbdb"
        shutil.copy(_mini_db_master, db)
        dataset = Path(tmp) / "dataset"
        dataset.mkdir()
        (dataset / name).write_bytes(content)
        if name == "ontology.yaml":
            shutil.copy(MINI / "triples.tsv", dataset / "t.tsv")
        before = db.read_bytes()
        result = invoke("--db", db, "load", dataset)
        if result.exit_code != 0:
            COUNTS["rejected loads"] += 1
            assert db.read_bytes() == before, result.output
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["dataset", "g.lbdb"]


# -- a few through a real process -----------------------------------------------------------

HOSTILE = {
    "deep.jsonl": b'{"subject": ' + b"[" * 3000 + b"]" * 3000 + b"}\n",
    "bignum.jsonl": b'{"subject": "Mali", "confidence": ' + b"7" * 4400 + b"}\n",
    "surrogate.jsonl": b'{"subject": "Mali", "predicate": "expels", "object": "MINUSMA", '
                       b'"source": "mini-wire", "note": "\\ud800"}\n',
    "long.tsv": b"subject\tpredicate\tobject\tsource\tquote\nMali\texpels\tMINUSMA\tmini-wire\t" + b"q" * 200_000 + b"\n",
    "ontology.yaml": b"actor_kinds: [a, b]\npredicates:\n  expels:\n    symmetric: maybe\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_in_a_real_process(_mini_db_master, tmp_path, name):
    db = tmp_path / "g.lbdb"
    shutil.copy(_mini_db_master, db)
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    (dataset / name).write_bytes(HOSTILE[name])
    before = db.read_bytes()
    executable = Path(sys.executable).with_name("sahelgraph")
    process = subprocess.run([str(executable), "--db", str(db), "load", str(dataset)],
                             capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    COUNTS["cases"] += 1
    COUNTS["tracebacks"] += "Traceback" in process.stderr
    assert "Traceback" not in process.stderr, process.stderr
    assert process.returncode == 1, process.stderr
    assert process.stderr.strip().splitlines()[-1].endswith("nothing was changed.")
    assert db.read_bytes() == before
