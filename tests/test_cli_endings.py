"""How commands end when the world around them does: a reader that stops reading, a signal
that stops the server, an address the server cannot listen on. Real pipes, real signals,
real sockets (loopback, or an address no interface has: nothing leaves the machine)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import batchcalls_fuzz.strategies

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
BUNDLED = Path(batchcalls_fuzz.strategies.__file__).with_name("BatchCallsResponse.schema.json")


@pytest.mark.parametrize(
    "args",
    [
        ["sample", "--count", "100000"],
        ["sample", "--count", "100000", "--schema", str(BUNDLED)],  # read by typer itself
        ["sample", "--count", "100000", "--kind", "malformed", "--labels", "--jobs", "2"],
    ],
    ids=["plain", "typer", "jobs"],
)
def test_a_reader_that_stops_reading_ends_the_command_quietly_with_0(args: list[str]) -> None:
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    code = process.wait(timeout=120)
    assert first.endswith(b"\n")
    assert (code, process.stderr.read()) == (0, b"")


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def serve(*options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, "serve", *options], capture_output=True, text=True, timeout=60)


def test_a_busy_port_is_one_line_naming_host_and_port(busy_port: int) -> None:
    result = serve("--port", str(busy_port))
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"batchcalls-fuzz: error: cannot listen on 127.0.0.1:{busy_port}: "
    )
    assert result.stderr.count("\n") == 1


def test_a_host_that_is_not_ours_is_one_line_naming_host_and_port() -> None:
    # 192.0.2.1 (TEST-NET-1) is numeric, so no name is looked up, and no interface has it.
    result = serve("--host", "192.0.2.1", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.startswith("batchcalls-fuzz: error: cannot listen on 192.0.2.1:0: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_serve_stopped_by_a_signal_says_so_and_exits_0(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [*COMMAND, "serve", "--port", "0"], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    try:
        assert "serving http://127.0.0.1:" in process.stderr.readline()
    finally:
        process.send_signal(stop)
        code = process.wait(timeout=30)
    assert code == 0
    assert process.stderr.read() == f"batchcalls-fuzz: stopped by {stop.name} after 0 answers\n"


@pytest.mark.parametrize(
    "args",
    [
        ["dict"],
        ["sample", "--count", "1"],
        ["sample", "--show-source"],
        ["diff", "--examples", "1"],
    ],
)
def test_a_closed_stdout_is_one_line_and_exit_2(args: list[str]) -> None:
    def close_stdout() -> None:
        os.close(1)

    result = subprocess.run(
        [*COMMAND, *args], stderr=subprocess.PIPE, preexec_fn=close_stdout, timeout=60
    )
    assert (result.returncode, result.stderr) == (2, b"batchcalls-fuzz: error: stdout is closed\n")


def test_the_api_raises_cannot_listen_naming_the_address(busy_port: int) -> None:
    from batchcalls_fuzz.consumer.http.endpoint import Endpoint
    from batchcalls_fuzz.consumer.http.plan import ResponsePlan
    from batchcalls_fuzz.server import CannotListen, RunningServer
    from batchcalls_fuzz.strategies import bundled_schema

    endpoint = Endpoint(ResponsePlan(bundled_schema()), None)
    with pytest.raises(CannotListen, match=f"^cannot listen on 127.0.0.1:{busy_port}: ") as error:
        RunningServer(endpoint, "127.0.0.1", busy_port)
    assert isinstance(error.value, OSError)
    assert (error.value.host, error.value.port) == ("127.0.0.1", busy_port)
