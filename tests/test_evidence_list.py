"""EvidenceList: a relation's evidence made when first used, behaving as a list of dicts."""

import copy
import json
import pickle
import time

import pytest

from sahelgraph.evidence_list import GROUP, EvidenceList, StoredEvidence, plain, plain_or_text


def counted(lengths, pause=0.0):
    """Stored evidence of relations with ``lengths`` pieces each, and the (start, stop) of
    every call that made rows (each taking ``pause`` seconds, as reading columns may, while
    other threads run)."""
    calls = []

    def records(start, stop):
        time.sleep(pause)
        calls.append((start, stop))
        return [{"row": i} for i in range(start, stop)]

    return StoredEvidence(lengths, records), calls


def test_nothing_is_made_until_used_and_lengths_are_known_before():
    stored, calls = counted([2, 0, 3])
    lists = stored.lists()
    assert [len(x) for x in lists] == [2, 0, 3] and [bool(x) for x in lists] == [True, False, True]
    assert calls == []
    assert lists[2] == [{"row": 2}, {"row": 3}, {"row": 4}]
    assert lists[0][1] == {"row": 1} and list(lists[1]) == []


def test_a_group_is_made_once_for_all_its_relations():
    lengths = [1] * (GROUP + 5)
    stored, calls = counted(lengths)
    lists = stored.lists()
    assert lists[3][0] == {"row": 3}
    assert calls == [(0, GROUP)]
    assert [x[0]["row"] for x in lists[:GROUP]] == list(range(GROUP))
    assert calls == [(0, GROUP)]  # the others of the group took their rows from the same call
    assert lists[GROUP + 4] == [{"row": GROUP + 4}]
    assert calls == [(0, GROUP), (GROUP, GROUP + 5)]
    assert len(stored._ready) == 4  # the rest of the second group, waiting to be taken


def test_it_behaves_as_a_list_of_dicts():
    stored, _ = counted([2, 1])
    first, second = stored.lists()
    assert first == [{"row": 0}, {"row": 1}] and [{"row": 0}, {"row": 1}] == first
    assert first != second and first != "not a list"
    assert repr(second) == "[{'row': 2}]"
    assert first[-1] == {"row": 1} and first[:1] == [{"row": 0}]
    assert first + second == [{"row": 0}, {"row": 1}, {"row": 2}]
    assert [{"row": -1}] + second == [{"row": -1}, {"row": 2}]
    first[0]["quote"] = "kept"  # a change to a piece stays
    assert first[0]["quote"] == "kept"
    first.append({"row": 9})
    del first[1]
    assert first == [{"row": 0, "quote": "kept"}, {"row": 9}] and len(first) == 2
    first.sort(key=lambda e: -e["row"])
    assert first[0] == {"row": 9}
    with pytest.raises(TypeError):
        hash(first)


def test_copies_and_pickles_are_plain_lists():
    stored, _ = counted([1, 1])
    first, second = stored.lists()
    assert type(copy.copy(first)) is list and copy.copy(first) == first
    deep = copy.deepcopy(first)
    assert type(deep) is list and deep == first and deep[0] is not first[0]
    assert pickle.loads(pickle.dumps(second)) == [{"row": 1}]
    assert type(first.copy()) is list


def test_json_through_plain():
    stored, _ = counted([1])
    (only,) = stored.lists()
    assert json.dumps({"evidence": only}, default=plain) == '{"evidence": [{"row": 0}]}'
    with pytest.raises(TypeError, match="object is not JSON serializable|not JSON serializable"):
        json.dumps({"x": object()}, default=plain)
    assert json.loads(json.dumps([only, {1, 2}.__class__], default=plain_or_text))[0] == [{"row": 0}]
    assert isinstance(only, EvidenceList)


def test_threads_reading_one_graph_make_each_group_once():
    from concurrent.futures import ThreadPoolExecutor

    lengths = [1, 2, 0, 3] * GROUP  # four groups
    stored, calls = counted(lengths, pause=0.01)
    lists = stored.lists()
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda x: [e["row"] for e in x], lists * 3))
    assert sorted(calls) == [(g * 6 * GROUP // 4, (g + 1) * 6 * GROUP // 4) for g in range(4)]
    assert made[:len(lists)] == [[e["row"] for e in x] for x in lists]
    assert sum(map(len, made[:len(lists)])) == 6 * GROUP and stored._ready == {}
