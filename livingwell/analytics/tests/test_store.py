"""Reading a folder of borough extracts: a broken or misplaced one is a clear ExtractError, naming the file.

The alliance pages catch ExtractError and show its message; anything else (a JSONDecodeError, a
KeyError, DuckDB's IOException half-way through a query) would be a server error.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from livingwell.analytics.kpis import store
from livingwell.analytics.tests.extract_data import ONS_CODE, Extract, at


def written(root: Path) -> Path:
    x = Extract()
    x.introduction(x.person(), at(2025, 4, 5))
    return x.write(root)


def rewrite_manifest(folder: Path, change: Any) -> Path:
    path = store.manifest_path(folder)
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))
    return path


def test_a_whole_extract_opens(tmp_path):
    written(tmp_path)

    assert store.open_store(tmp_path).sql("SELECT ons_code, count(*) FROM people GROUP BY 1").fetchall() == [
        (ONS_CODE, 1)
    ]


def test_the_ons_code_reads_and_compares_as_text(tmp_path):
    written(tmp_path)
    con = store.open_store(tmp_path)

    # An ENUM of the boroughs opened (quicker to join on), but text to whoever reads it.
    assert con.sql("SELECT ons_code FROM introductions WHERE ons_code = ?", params=[ONS_CODE]).fetchall() == [
        (ONS_CODE,)
    ]
    assert con.sql("SELECT count(*) FROM people WHERE ons_code = 'E09000001'").fetchall() == [(0,)]
    assert con.sql("SELECT ons_code FROM boroughs JOIN people USING (ons_code)").fetchall() == [(ONS_CODE,)]


def test_a_folder_named_for_another_borough_is_refused_naming_both(tmp_path):
    shutil.copytree(written(tmp_path), tmp_path / "E09000008")  # a copy would count Lambeth twice

    with pytest.raises(store.ExtractError, match=f"extract of {ONS_CODE} but its folder is named E09000008"):
        store.open_store(tmp_path)

    shutil.rmtree(tmp_path / "E09000008")
    store.open_store(tmp_path)


def test_a_manifest_that_is_not_json_is_refused_naming_it(tmp_path):
    path = store.manifest_path(written(tmp_path))
    path.write_text(path.read_text()[:-10])  # cut short, as by a full disk

    with pytest.raises(store.ExtractError, match=f"{re.escape(str(path))} is not valid JSON"):
        store.open_store(tmp_path)
    with pytest.raises(store.ExtractError, match="not valid JSON"):
        store.read_manifest(path.parent)


def test_a_manifest_that_is_not_an_object_is_refused(tmp_path):
    path = store.manifest_path(written(tmp_path))
    path.write_text("[]")

    with pytest.raises(store.ExtractError, match=f"{re.escape(str(path))} is not a JSON object"):
        store.open_store(tmp_path)


@pytest.mark.parametrize(
    ("change", "lacking"),
    [
        (lambda m: m.pop("ons_code"), "ons_code"),
        (lambda m: m.pop("borough"), "borough"),
        (lambda m: m.pop("population"), "population.adults"),
        (lambda m: m["population"].pop("adults"), "population.adults"),
        (lambda m: m.update(population=None), "population.adults"),
    ],
)
def test_a_manifest_lacking_a_field_is_refused_naming_it(tmp_path, change, lacking):
    path = rewrite_manifest(written(tmp_path), change)

    with pytest.raises(store.ExtractError, match=f"{re.escape(str(path))} lacks {lacking}"):
        store.open_store(tmp_path)


@pytest.mark.parametrize(
    "change",
    [lambda m: m.pop("batches"), lambda m: m.update(batches={}), lambda m: m["batches"][0].pop("batch")],
)
def test_a_manifest_without_a_list_of_numbered_batches_is_refused(tmp_path, change):
    path = rewrite_manifest(written(tmp_path), change)

    with pytest.raises(store.ExtractError, match=f"{re.escape(str(path))} has no list of batches"):
        store.open_store(tmp_path)


def test_a_listed_batch_file_that_is_missing_is_refused_naming_it(tmp_path):
    folder = written(tmp_path)
    missing = folder / "sessions" / "batch-000001.parquet"
    missing.unlink()

    # Refused when opened (as views, read only when queried), not when a query first reads it.
    with pytest.raises(store.ExtractError, match=f"{re.escape(str(missing))} is listed in .* but missing"):
        store.open_store(tmp_path)


def test_batch_files_lists_one_file_per_batch_in_order(tmp_path):
    folder = written(tmp_path)
    store.write_batch(folder, {}, manifest=store.read_manifest(folder), extracted_at=at(2025, 6, 1))

    files = store.batch_files(folder, store.read_manifest(folder), "people")

    assert files == [folder / "people" / "batch-000001.parquet", folder / "people" / "batch-000002.parquet"]
    assert all(f.exists() for f in files)
