"""The Ray engine on a local cluster (2 CPUs, loopback): the local engine's outputs, byte for byte, for every
format; crash-tolerant and resumable."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from summix.errors import SummixError
from summix.options import GenerationOptions, RuntimeOptions

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'summix[ray]')")

from summix import api, batch, rayengine  # noqa: E402
from summix.request import TranslateRequest  # noqa: E402
from summix.session import Session  # noqa: E402

GREEDY = GenerationOptions(num_beams=1, max_new_tokens=16)
RUNTIME = RuntimeOptions(threads=1)
TEXTS = [
    "The summit opened on Monday.",
    "Leaders discussed water and energy. They signed agreements.",
    "",
    "Trade grew despite the crisis.",
    "The summit opened on Monday.",
    "A long sentence about transport corridors, borders, customs rules and railway tariffs.",
]
RECORDS = [
    {"id": f"r{i}", "text": text, "meta": {"n": i, "tags": ["a", "b"]}, "score": i / 2}
    for i, text in enumerate(TEXTS)
]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _request(paths: list[Path], fmt: str, out: Path, model: Path, engine: str) -> TranslateRequest:
    return TranslateRequest(
        tuple(str(p) for p in paths),
        "ru",
        "en",
        str(model),
        fmt,
        output_dir=str(out),
        chunk_size=2,
        generation=GREEDY,
        engine=engine,
    )


def _ray_run(paths: list[Path], fmt: str, out: Path, model: Path) -> batch.BatchSummary:
    request = _request(paths, fmt, out, model, "ray")
    return rayengine.run(request, RUNTIME, rayengine.RayOptions(workers=2), notify=print)


def _local_run(paths: list[Path], fmt: str, out: Path, model: Path) -> batch.BatchSummary:
    with Session(RUNTIME) as session:
        return batch.run(
            _request(paths, fmt, out, model, "local"), session, stdin=None, stdout=None, notify=print
        )


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_equals_the_local_engine_and_a_rerun_keeps_it(cluster, tiny_marian, tmp_path: Path) -> None:
    first = _jsonl(tmp_path / "a.jsonl", RECORDS)
    second = _jsonl(tmp_path / "b.jsonl", [*RECORDS[:2], {"id": "bad", "text": 5}])
    _local_run([first], "jsonl", tmp_path / "local", tiny_marian)
    summary = _ray_run([first], "jsonl", tmp_path / "ray", tiny_marian)
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local") != {}
    assert summary.done == len(RECORDS) and summary.stats.source_tokens > 0
    rows = [json.loads(x) for x in (tmp_path / "ray" / "a.ru.jsonl").read_text().splitlines()]
    assert [{k: r[k] for k in RECORDS[0]} for r in rows] == RECORDS  # every record once, in order, untouched
    done = (tmp_path / "ray" / "a.ru.jsonl").stat().st_mtime_ns
    with pytest.raises(SummixError, match="b.jsonl:3: field 'text' is int"):
        _ray_run([first, second], "jsonl", tmp_path / "ray", tiny_marian)
    assert (tmp_path / "ray" / "a.ru.jsonl").stat().st_mtime_ns == done  # complete: not redone


def test_lines_in_lines_out_on_both_engines_despite_a_crash(
    cluster, tiny_marian, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.txt"
    source.write_text("".join(t + "\n" for t in TEXTS * 2), encoding="utf-8")
    _local_run([source], "lines", tmp_path / "local", tiny_marian)
    marker = tmp_path / "crashed-once"
    # Workers started from here on read the variable; the first one to take a batch exits hard, once.
    monkeypatch.setenv(rayengine.FAULT_ONCE_ENV, str(marker))
    summary = _ray_run([source], "lines", tmp_path / "ray", tiny_marian)
    assert marker.exists()  # the crash really happened
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    lines = (tmp_path / "ray" / "in.ru.txt").read_text(encoding="utf-8").split("\n")
    assert len(lines) == len(TEXTS) * 2 + 1 and lines[2] == "" and all(lines[i] for i in (0, 1, 3))
    assert summary.done == len(TEXTS) * 2 and summary.failed == 0


def test_parquet_on_both_engines(cluster, tiny_marian, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{"id": r["id"], "text": r["text"], "score": r["score"]} for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(flat), tmp_path / "in.parquet")
    _local_run([tmp_path / "in.parquet"], "parquet", tmp_path / "local", tiny_marian)
    _ray_run([tmp_path / "in.parquet"], "parquet", tmp_path / "ray", tiny_marian)
    local = pq.read_table(tmp_path / "local" / "in.ru.parquet").to_pylist()
    rows = pq.read_table(tmp_path / "ray" / "in.ru.parquet").to_pylist()
    assert rows == local and [{k: r[k] for k in flat[0]} for r in rows] == flat
    expected = [
        i.translations.get("ru")
        for i in api.translate_batch(
            TEXTS, "ru", source="en", model=str(tiny_marian), generation=GREEDY, runtime=RUNTIME
        )
    ]
    assert [r["text_ru"] for r in rows] == expected and all(r["summix_error"] is None for r in rows)


def test_markdown_and_html_on_both_engines(cluster, tiny_marian, tmp_path: Path) -> None:
    from markupdocs import HTML, MARKDOWN, markdown_structure

    (tmp_path / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    for name, fmt in (("notes.md", "md"), ("page.html", "html")):
        _local_run([tmp_path / name], fmt, tmp_path / "local", tiny_marian)
        summary = _ray_run([tmp_path / name], fmt, tmp_path / "ray", tiny_marian)
        assert summary.done == 1 and summary.failed == 0
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    assert sorted(_outputs(tmp_path / "ray")) == ["notes.ru.md", "page.ru.html"]
    out = (tmp_path / "ray" / "notes.ru.md").read_text(encoding="utf-8")
    assert markdown_structure(out) == markdown_structure(MARKDOWN)


def test_engine_ray_without_the_extra_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(SummixError, match=r"pip install 'summix\[ray\]'"):
        rayengine.require_ray()


def test_a_missing_model_or_standard_input_is_one_line_before_ray_starts(tmp_path: Path) -> None:
    from summix.errors import ModelNotFoundError

    source = _jsonl(tmp_path / "a.jsonl", RECORDS[:1])
    request = TranslateRequest(
        (str(source),), "ru", "en", None, "jsonl", output_dir=str(tmp_path / "o"), engine="ray"
    )
    with pytest.raises(ModelNotFoundError, match="summix models pull"):
        rayengine.run(request, RuntimeOptions(threads=1, models_dir=str(tmp_path / "none")), notify=print)
    with pytest.raises(SummixError, match="not standard input"):
        TranslateRequest(("-",), "ru", "en", None, "lines", output_dir=str(tmp_path / "o"), engine="ray")
