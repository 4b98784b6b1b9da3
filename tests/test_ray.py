"""The Ray engine on a local cluster (2 CPUs, loopback): local-engine output, crash-tolerant, resumable."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from summix.errors import SummixError
from summix.options import GenerationOptions, RuntimeOptions

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'summix[ray]')")

from summix import api, rayengine  # noqa: E402

GREEDY = GenerationOptions(num_beams=1, max_new_tokens=16)
RECORDS = [
    {"id": f"r{i}", "text": text, "meta": {"n": i, "tags": ["a", "b"]}, "score": i / 2}
    for i, text in enumerate(
        [
            "The summit opened on Monday.",
            "Leaders discussed water and energy. They signed agreements.",
            "",
            "Trade grew despite the crisis.",
            "The summit opened on Monday.",
            "A long sentence about transport corridors, borders, customs rules and railway tariffs.",
        ]
    )
]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _local(texts: list[str], model: Path) -> list[str]:
    items = api.translate_batch(texts, "ru", source="en", model=str(model), generation=GREEDY,
                                runtime=RuntimeOptions(threads=1))  # fmt: skip
    return [item.translations.get("ru") for item in items]


def _ray_run(paths: list[Path], fmt: str, out: Path, model: Path, workers: int = 2) -> rayengine.RaySummary:
    return rayengine.run(
        [str(p) for p in paths], input_format=fmt, text_field="text", output_dir=str(out), targets=("ru",),
        source="en", model=str(model), runtime=RuntimeOptions(threads=1), generation=GREEDY,
        options=rayengine.RayOptions(workers=workers, records_per_batch=2),
    )  # fmt: skip


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_matches_local_engine_record_for_record(cluster, tiny_marian, tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", RECORDS)
    summary = _ray_run([source], "jsonl", tmp_path / "out", tiny_marian)
    rows = rayengine.read_output(tmp_path / "out" / "in.jsonl")
    assert [r["id"] for r in rows] == [r["id"] for r in RECORDS]  # every record once, input order
    assert [r["text_ru"] for r in rows] == _local([r["text"] for r in RECORDS], tiny_marian)
    for row, record in zip(rows, RECORDS, strict=True):
        assert {k: row[k] for k in record} == record  # other fields untouched
        assert row["summix_error"] is None
    positions = [r["position"] for r in rows]
    assert positions == sorted(positions) and len(set(positions)) == len(rows)
    assert summary.records == len(RECORDS) and summary.failed == 0 and summary.source_tokens > 0


def test_parquet_matches_local_engine(cluster, tiny_marian, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{"id": r["id"], "text": r["text"], "score": r["score"]} for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(flat), tmp_path / "in.parquet")
    _ray_run([tmp_path / "in.parquet"], "parquet", tmp_path / "out", tiny_marian)
    rows = rayengine.read_output(tmp_path / "out" / "in.parquet")
    assert [r["id"] for r in rows] == [r["id"] for r in flat]
    assert [r["score"] for r in rows] == [r["score"] for r in flat]
    assert [r["text_ru"] for r in rows] == _local([r["text"] for r in flat], tiny_marian)


def test_a_crashed_worker_is_restarted_and_every_record_written_once(
    cluster, tiny_marian, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "crashed-once"
    # Workers started from here on read the variable; the first one to take a batch exits hard, once.
    monkeypatch.setenv(rayengine.FAULT_ONCE_ENV, str(marker))
    records = [{"id": i, "text": f"Sentence number {i} is here."} for i in range(12)]
    source = _jsonl(tmp_path / "many.jsonl", records)
    summary = _ray_run([source], "jsonl", tmp_path / "out", tiny_marian)
    assert marker.exists()  # the crash really happened
    rows = rayengine.read_output(tmp_path / "out" / "many.jsonl")
    assert [r["id"] for r in rows] == list(range(12))
    assert all(r["text_ru"] for r in rows) and summary.failed == 0


def test_rerun_skips_complete_files(cluster, tiny_marian, tmp_path: Path) -> None:
    first = _jsonl(tmp_path / "a.jsonl", RECORDS[:2])
    second = _jsonl(tmp_path / "b.jsonl", RECORDS[2:4])
    out = tmp_path / "out"
    _ray_run([first], "jsonl", out, tiny_marian)  # as if the job stopped after the first file
    done = (out / "a.jsonl" / rayengine.SUCCESS).stat().st_mtime_ns
    summary = _ray_run([first, second], "jsonl", out, tiny_marian)
    assert (summary.kept, summary.records) == (1, 2)
    assert (out / "a.jsonl" / rayengine.SUCCESS).stat().st_mtime_ns == done
    assert len(rayengine.read_output(out / "b.jsonl")) == 2


def test_engine_ray_without_the_extra_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(SummixError, match=r"pip install 'summix\[ray\]'"):
        rayengine.require_ray()
