"""The HTTP face against real clients (requests, httpx, HubSpot's official Python client, a
Node consumer using fetch) and the ``serve`` command. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests

from batchcalls_fuzz.cli import main
from batchcalls_fuzz.consumer.http.endpoint import Endpoint
from batchcalls_fuzz.consumer.http.plan import ResponsePlan
from batchcalls_fuzz.consumer.http.routes import ROUTE_PREFIX
from batchcalls_fuzz.server import RunningServer
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema, resolve_profile

READ = {"inputs": [{"id": "512"}], "properties": ["hs_call_title"]}


def read_url(server: Any) -> str:
    assert server.url.startswith("http://127.0.0.1:")
    return f"{server.url}{ROUTE_PREFIX}read"


def label_of(response: Any) -> dict[str, Any]:
    return dict(json.loads(response.headers["X-Batchcalls-Label"]))


def test_requests_reads_labelled_answers_and_the_log_has_them(batchcalls_server: Any) -> None:
    batchcalls_server.queue("valid", multi_status=False)
    batchcalls_server.queue("invalid", rule="required", pointer="/results/*/id")
    batchcalls_server.queue("valid", multi_status=True)
    first = requests.post(read_url(batchcalls_server), json=READ, timeout=5)
    second = requests.post(read_url(batchcalls_server), json=READ, timeout=5)
    third = requests.post(read_url(batchcalls_server), json=READ, timeout=5)
    assert first.status_code == 200 and bundled_oracle().is_valid(first.json())
    assert first.headers["Content-Type"] == "application/json;charset=utf-8"
    assert label_of(second)["rule"] == "required"
    assert not bundled_oracle().is_valid(second.json())
    assert third.status_code == 207 and third.json()["numErrors"] == len(third.json()["errors"])
    assert [r.headers["X-Batchcalls-Seq"] for r in (first, second, third)] == ["0", "1", "2"]
    logged = [json.loads(line) for line in batchcalls_server.log.read_text().splitlines()]
    assert logged == batchcalls_server.served
    assert [r["label"]["kind"] for r in logged] == ["valid", "invalid", "valid"]


def test_requests_meets_each_fault(batchcalls_server: Any) -> None:
    url = read_url(batchcalls_server)
    batchcalls_server.queue(fault="429")
    limited = requests.post(url, json=READ, timeout=5)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["category"] == "RATE_LIMITS"
    batchcalls_server.queue(fault="502")
    assert requests.post(url, json=READ, timeout=5).status_code == 502
    batchcalls_server.queue(fault="cut")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.post(url, json=READ, timeout=5)
    batchcalls_server.queue(fault="gzip")
    unpacked = requests.post(url, json=READ, timeout=5)
    assert unpacked.headers["Content-Encoding"] == "gzip"
    assert bundled_oracle().is_valid(unpacked.json())
    batchcalls_server.queue(fault="gzip-corrupt")
    with pytest.raises(requests.exceptions.ContentDecodingError):
        requests.post(url, json=READ, timeout=5)
    batchcalls_server.queue(fault="empty-200")
    empty = requests.post(url, json=READ, timeout=5)
    assert empty.status_code == 200 and empty.content == b""
    batchcalls_server.queue(fault="content-type-missing")
    assert "Content-Type" not in requests.post(url, json=READ, timeout=5).headers


def test_a_drip_outlasts_a_read_timeout_but_not_a_deadline(batchcalls_server: Any) -> None:
    batchcalls_server.drip_seconds = 0.6
    batchcalls_server.queue(fault="drip")
    started = time.monotonic()
    # A per-read timeout never fires: a byte arrives every few hundredths of a second.
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.post(read_url(batchcalls_server), json=READ, timeout=0.3)
    assert 0.5 < time.monotonic() - started < 3


def test_httpx_meets_a_gzip_body_and_a_cut(batchcalls_server: Any) -> None:
    with httpx.Client(base_url=batchcalls_server.url, timeout=5) as client:
        batchcalls_server.queue(fault="gzip")
        response = client.post(f"{ROUTE_PREFIX}create", json={"inputs": [{"properties": {}}]})
        assert response.status_code == 201 and bundled_oracle().is_valid(response.json())
        assert gzip.decompress(gzip.compress(response.content)) == response.content
        batchcalls_server.queue(fault="cut")
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(f"{ROUTE_PREFIX}read", json=READ)


def test_it_serves_on_ipv6_loopback_too() -> None:
    plan = ResponsePlan(bundled_schema(), seed=0)
    try:
        running = RunningServer(Endpoint(plan), host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with running:
        assert running.url.startswith("http://[::1]:")
        response = httpx.post(f"{running.url}{ROUTE_PREFIX}read", json=READ, timeout=5)
        assert response.headers["X-Batchcalls-Seq"] == "0"


def test_bad_requests_over_http(batchcalls_server: Any) -> None:
    with httpx.Client(base_url=batchcalls_server.url, timeout=5) as client:
        missing = client.post("/crm/v3/objects/calls/batch/archive-everything", json=READ)
        wrong_method = client.get(f"{ROUTE_PREFIX}read")
        not_input = client.post(f"{ROUTE_PREFIX}update", content=b'{"inputs": "512"}')
    assert (missing.status_code, missing.json()["category"]) == (404, "OBJECT_NOT_FOUND")
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "POST"
    assert not_input.status_code == 400 and not_input.json()["status"] == "error"


@pytest.fixture
def realistic_server() -> Iterator[RunningServer]:
    """HubSpot's client reads HubSpot-like bodies (the schema alone allows shapes it cannot
    read, such as a list of errors whose ``context`` values are not lists)."""
    schema = bundled_schema()
    plan = ResponsePlan(schema, profile=resolve_profile("realistic", schema.root), seed=1)
    with RunningServer(Endpoint(plan)) as running:
        yield running


def test_hubspots_python_client_reads_through_the_endpoint(realistic_server: Any) -> None:
    calls = pytest.importorskip("hubspot.crm.objects.calls")
    batchcalls_server = realistic_server
    api = calls.BatchApi(
        calls.ApiClient(calls.Configuration(host=batchcalls_server.url, api_key={"oauth2": "t"}))
    )
    read_input = calls.BatchReadInputSimplePublicObjectId(
        inputs=[calls.SimplePublicObjectId(id="512")], properties=[], properties_with_history=[]
    )
    batchcalls_server.queue("valid", multi_status=False)
    batchcalls_server.queue("valid", multi_status=True)
    batchcalls_server.queue(fault="429")
    assert isinstance(api.read(read_input), calls.BatchResponseSimplePublicObject)
    assert isinstance(api.read(read_input), calls.BatchResponseSimplePublicObjectWithErrors)
    with pytest.raises(calls.ApiException) as limited:
        api.read(read_input)
    assert limited.value.status == 429
    assert [r["status"] for r in batchcalls_server.served] == [200, 207, 429]


NODE_CONSUMER = """
const base = process.argv[2];
const outcomes = [];
for (let i = 0; i < 4; i++) {
  const response = await fetch(`${base}/crm/v3/objects/calls/batch/read`, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({inputs: [{id: "512"}]}),
  });
  const label = JSON.parse(response.headers.get("x-batchcalls-label"));
  try {
    const body = await response.json();
    outcomes.push([response.status, label.kind, Array.isArray(body.results)]);
  } catch (error) {
    outcomes.push([response.status, label.kind, error.name]);
  }
}
console.log(JSON.stringify(outcomes));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_a_node_consumer_using_fetch(batchcalls_server: Any, tmp_path: Path) -> None:
    script = tmp_path / "consumer.mjs"
    script.write_text(NODE_CONSUMER)
    batchcalls_server.queue("valid", multi_status=False)
    batchcalls_server.queue(fault="gzip")
    batchcalls_server.queue("malformed", defect="truncated")
    batchcalls_server.queue(fault="503")
    done = subprocess.run(
        ["node", str(script), batchcalls_server.url],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert json.loads(done.stdout) == [
        [200, "valid", True],
        [200, "fault", True],
        [200, "malformed", "SyntaxError"],
        [503, "fault", "SyntaxError"],
    ]


def serve_command(*options: str) -> list[str]:
    program = "from batchcalls_fuzz.cli import main; main()"
    return [sys.executable, "-c", program, "serve", *options]


def test_serve_prints_its_url_answers_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    log = tmp_path / "answers.jsonl"
    process = subprocess.Popen(
        serve_command("--port", "0", "--seed", "7", "--log", str(log), "--mix", "valid=1"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        announced = process.stderr.readline()
        url = announced.split("serving ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        response = requests.post(f"{url}{ROUTE_PREFIX}read", json=READ, timeout=10)
        assert label_of(response)["kind"] == "valid"
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
    assert code == 0
    assert json.loads(log.read_text())["seq"] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--mix", "valid=lots"], "bad mix"),
        (["--port", "70000"], "--port"),
        (["--profile", "nonsense"], "--profile"),
    ],
)
def test_serve_refuses_bad_options_in_one_line(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["serve", *options])
    assert exit.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("batchcalls-fuzz: error: ")
    assert message in error
