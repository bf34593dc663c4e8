"""A dataset's ontology.yaml is checked field by field: anything malformed, or anything that
would pass and then break a load, is one line naming the file, the line and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.errors import InvalidInputError
from sahelgraph.ontology import load_ontology

MINI = Path(__file__).resolve().parent / "data" / "mini"

BAD = {
    "actor_kinds as a list": (b"actor_kinds: [militia, tribe]\n",
                              ":1: error: actor_kinds must map each kind to its description, not a list"),
    "a predicate given as an int": (b"predicates:\n  expels: 5\n",
                                    ":2: error: predicate 'expels' must be a mapping of its fields, not 5"),
    "predicates as a list": (b"predicates:\n  - expels\n",
                             ":1: error: predicates must map each predicate name to its fields, not a list"),
    "subject_kinds: 5": (b"predicates:\n  expels:\n    subject_kinds: 5\n",
                         ":3: error: 'subject_kinds' of predicate 'expels' must be a list of actor kinds, not 5"),
    "non-UTF-8 bytes": (b"predicates:\n  expels:\n    description: caf\xe9\n",
                        ":3: error: not UTF-8 (byte 0xe9"),
    "nested 2000 deep": (b"predicates: " + b"[" * 2000 + b"]" * 2000 + b"\n",
                         ": error: YAML nested too deeply"),
    "symmetric: maybe": (b"predicates:\n  expels:\n    symmetric: maybe\n",
                         ":3: error: 'symmetric' of predicate 'expels' must be true or false, not 'maybe'"),
    "polarity: true": (b"predicates:\n  expels:\n    polarity: true\n",
                       ":3: error: 'polarity' of predicate 'expels' must be -1, 0 or 1, not true"),
    "description: yes": (b"predicates:\n  expels:\n    description: yes\n",
                         ":3: error: 'description' of predicate 'expels' must be text, not true (quote it"),
    "description as a list": (b"predicates:\n  expels:\n    description: [1, 2]\n",
                              ":3: error: 'description' of predicate 'expels' must be text, not a list"),
    "inverse as a mapping": (b"predicates:\n  expels:\n    inverse: {a: 1}\n",
                             ":3: error: 'inverse' of predicate 'expels' must be text, not a mapping"),
    "an unquoted CAMEO code with a leading zero": (
        b"predicates:\n  expels:\n    cameo: 0174\n",
        ":3: error: 'cameo' of predicate 'expels' 0174 reads as the number 124"),
    "a kind description as a list": (b"actor_kinds:\n  tribe: [a]\n",
                                     ":2: error: the description of kind 'tribe' must be text, not a list"),
    "a kind named by a number": (b"actor_kinds:\n  5: x\n", ":2: error: bad kind name '5'"),
    "a date that does not exist": (b"predicates:\n  expels:\n    description: 2023-02-30\n",
                                   ": error: a value YAML cannot read: day is out of range for month"),
    "a 5,000-digit number": (b"predicates:\n  expels:\n    polarity: " + b"1" * 5000 + b"\n",
                             ": error: a value YAML cannot read: Exceeds the limit (4300 digits)"),
    "a lone surrogate": (b'predicates:\n  expels:\n    description: "a\\ud800"\n',
                         ":3: error: lone surrogate \\ud800"),
    "an unhashable key": (b"predicates:\n  ? [a]\n  : x\n", ":2: error: not valid YAML: found unhashable key"),
    "a scalar document": (b"5\n", ":1: error: expected a mapping with 'predicates' and 'actor_kinds', not 5"),
    "a predicate named actor": (b"predicates:\n  actor:\n    description: x\n",
                                ":2: error: predicate name 'actor' is taken: the databases have a table of that name"),
    "a predicate named source": (b"predicates:\n  source: {}\n", ":2: error: predicate name 'source' is taken"),
    "a predicate named predicate": (b"predicates:\n  predicate: {}\n", ":2: error: predicate name 'predicate' is taken"),
}


@pytest.mark.parametrize("text, expected", BAD.values(), ids=BAD.keys())
def test_bad_ontology_is_one_line_naming_file_and_field(tmp_path, text, expected):
    path = tmp_path / "ontology.yaml"
    path.write_bytes(text)
    with pytest.raises(InvalidInputError) as info:
        load_ontology(path)
    (problem,) = info.value.diagnostics
    assert str(problem).startswith(str(path) + expected), str(problem)


@pytest.mark.parametrize("name", ["actor_kinds as a list", "subject_kinds: 5", "symmetric: maybe",
                                  "polarity: true", "a predicate named actor", "non-UTF-8 bytes",
                                  "nested 2000 deep", "a lone surrogate"])
def test_a_load_with_a_bad_ontology_changes_nothing(tmp_path, mini_db, name):
    dataset = tmp_path / "dataset"
    shutil.copytree(MINI, dataset)
    (dataset / "ontology.yaml").write_bytes(BAD[name][0])
    before = mini_db.read_bytes()
    for command in ("validate", "load"):
        result = CliRunner().invoke(main, ["--db", str(mini_db), command, str(dataset)])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.output.splitlines()[0].startswith(str(dataset / "ontology.yaml") + BAD[name][1])
        assert result.output.splitlines()[-1] == "1 error(s); nothing was changed."
    assert mini_db.read_bytes() == before


def test_good_values_still_read(tmp_path):
    path = tmp_path / "ontology.yaml"
    path.write_text("actor_kinds:\n  tribe:\npredicates:\n  funds:\n    description: pays for\n"
                    "    polarity: +1\n    symmetric: false\n    cameo: 71\n    plover: AID\n"
                    "    subject_kinds: [state, tribe]\n    object_kinds:\n  pays:\n")
    onto = load_ontology(path)
    funds = onto.predicates["funds"]
    assert (funds.polarity, funds.symmetric, funds.cameo, funds.subject_kinds, funds.object_kinds) == (
        1, False, "71", ["state", "tribe"], None)
    assert onto.kinds["tribe"] == "" and onto.predicates["pays"].polarity == 0


def test_deep_nesting_is_refused_whatever_the_recursion_limit(tmp_path):
    import subprocess
    import sys

    flow = tmp_path / "flow.yaml"
    flow.write_text("predicates: " + "[" * 50_000 + "]" * 50_000 + "\n")
    block = tmp_path / "block.yaml"
    block.write_text("".join(" " * i + "a:\n" for i in range(0, 3000, 2)))
    script = ("import sys; sys.setrecursionlimit(1_000_000)\n"
              "from sahelgraph.errors import InvalidInputError\n"
              "from sahelgraph.ontology import load_ontology\n"
              "for path in sys.argv[1:]:\n"
              "    try:\n"
              "        load_ontology(path)\n"
              "    except InvalidInputError as exc:\n"
              "        print(exc)\n")
    result = subprocess.run([sys.executable, "-c", script, str(flow), str(block)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{flow}: error: YAML nested too deeply (an ontology is at most three levels deep: section, name, field)",
        f"{block}: error: YAML nested too deeply (an ontology is at most three levels deep: section, name, field)"]
