"""Files of a dataset directory that resolve outside it are refused, one line each: a link
from sources/ to a private file must not put its text in the store, and a triple file
linked to another file must not echo its first line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.errors import InvalidInputError
from sahelgraph.readers import read_triples

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
SECRET = "root:x:0:0:SECRET-PASSWORD-LINE:/root:/bin/bash\n"


@pytest.fixture
def dataset(tmp_path) -> Path:
    copy = tmp_path / "dataset"
    shutil.copytree(MINI, copy)
    (tmp_path / "private").write_text(SECRET)
    return copy


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *map(str, args)])


def test_source_text_linked_outside_is_refused(dataset, mini_db):
    text = dataset / "sources" / "mini-wire.txt"
    if text.exists():
        text.unlink()
    text.symlink_to(dataset.parent / "private")
    before = mini_db.read_bytes()
    result = run("load", dataset, db=mini_db)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"{text}: error: a link to a file outside the dataset directory "
        "(copy the file into the dataset, or name it on the command line)",
        "1 error(s); nothing was changed."]
    assert "SECRET" not in result.output
    assert mini_db.read_bytes() == before
    found = run("query", "MATCH (s:Source) WHERE s.text CONTAINS 'SECRET' RETURN s.id", db=mini_db)
    assert found.exit_code == 0 and "mini-wire" not in found.output


def test_triple_file_linked_outside_is_refused_without_echo(dataset, mini_db):
    (dataset / "extra.tsv").symlink_to(dataset.parent / "private")
    (dataset / "notes.jsonl").symlink_to("/etc/hostname")
    with pytest.raises(InvalidInputError) as info:
        read_triples(dataset)
    assert [(Path(d.file).name, d.message) for d in info.value.diagnostics] == [
        ("extra.tsv", "a link to a file outside the dataset directory"),
        ("notes.jsonl", "a link to a file outside the dataset directory")]
    result = run("validate", dataset, db=mini_db)
    assert result.exit_code == 1 and "SECRET" not in result.output


def test_links_inside_the_dataset_and_files_named_on_the_command_line_are_read(dataset, tmp_path):
    (dataset / "again.tsv").symlink_to(dataset / "triples.tsv")
    assert read_triples(dataset).rows_read == 14
    elsewhere = tmp_path / "elsewhere.tsv"
    elsewhere.symlink_to(dataset / "triples.tsv")
    batch = read_triples(dataset / "actors.tsv", dataset / "sources.tsv", elsewhere)
    assert batch.rows_read == 7 and not batch.errors


def test_linked_directory_out_of_the_dataset_is_not_walked(dataset):
    outside = dataset.parent / "outside"
    outside.mkdir()
    (outside / "t.tsv").write_text(SECRET)
    (dataset / "more").symlink_to(outside)
    batch = read_triples(dataset)
    assert batch.rows_read == 7 and not batch.errors


def test_file_name_that_is_not_utf8_is_one_line(dataset):
    name = os.fsdecode(b"\xff.tsv")
    (dataset / name).write_text("subject\tpredicate\tobject\n")
    with pytest.raises(InvalidInputError) as info:
        read_triples(dataset)
    assert [str(d) for d in info.value.diagnostics] == [
        f"{dataset}/\\xff.tsv: error: file name is not UTF-8 (rename it)"]
