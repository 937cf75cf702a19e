"""``fuzz_http_consumer``: a careful HTTP job keeps the contract; jobs that accept bad answers,
let transport errors escape, hang on a drip or retry where they may not are caught."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import urllib3
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz import ConsumerContractError, fuzz_http_consumer
from batchcalls_fuzz.consumer.http.routes import ROUTE_PREFIX
from batchcalls_fuzz.strategies import bundled_oracle

READ = {"inputs": [{"id": "512"}]}
RETRIED_STATUSES = {429, 500, 502, 503}


class SyncError(Exception):
    """The job's declared error."""


def fetch(base_url: str, budget: float = 0.3) -> requests.Response:
    """One request whose whole body must arrive within ``budget`` seconds (read as it comes,
    so that a dripping body is noticed as it drips)."""
    started = time.monotonic()
    response = requests.post(f"{base_url}{ROUTE_PREFIX}read", json=READ, timeout=1, stream=True)
    with response:
        body = bytearray()
        try:
            while chunk := response.raw.read1(65536, decode_content=True):
                body += chunk
                if time.monotonic() - started > budget:
                    raise SyncError("the answer is too slow")
        except urllib3.exceptions.HTTPError as error:
            raise requests.ConnectionError(error) from error
    response._content = bytes(body)
    return response


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def careful_job(base_url: str) -> Any:
    """Retries transport errors and 429/5xx (without sleeping, for the test's sake), then
    checks the status, the JSON and the schema."""
    for _ in range(3):
        try:
            response = fetch(base_url)
        except requests.RequestException:
            continue
        if response.status_code in RETRIED_STATUSES:
            continue
        if response.status_code not in (200, 201, 207):
            raise SyncError(f"status {response.status_code}")
        try:
            # Strict UTF-8 and no NaN or Infinity: RFC 8259, not Python's lenient reading.
            document = json.loads(response.content.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, RecursionError) as error:
            raise SyncError("not JSON") from error
        if not bundled_oracle().is_valid(document):
            raise SyncError("not a BatchCallsResponse")
        return document
    raise SyncError("gave up after 3 attempts")


def test_a_careful_job_keeps_the_contract(batchcalls_server: Any) -> None:
    fuzz_http_consumer(careful_job, batchcalls_server, rejects=SyncError, max_examples=30)
    kinds = {record["label"]["kind"] for record in batchcalls_server.served}
    assert kinds == {"valid", "invalid", "malformed", "fault"}


def trusting_job(base_url: str) -> Any:
    response = fetch(base_url)
    response.raise_for_status()
    return response.json()


def test_a_job_that_trusts_every_body_is_caught(batchcalls_server: Any) -> None:
    with pytest.raises(ConsumerContractError, match="accepted silently"):
        fuzz_http_consumer(
            trusting_job,
            batchcalls_server,
            rejects=(requests.RequestException, ValueError, SyncError),
            kinds=["valid", "invalid"],
            max_examples=20,
        )


def test_a_job_that_lets_transport_errors_escape_is_caught(batchcalls_server: Any) -> None:
    def job(base_url: str) -> Any:
        try:
            return careful_job_once(base_url)
        except ValueError as error:
            raise SyncError(str(error)) from error

    with pytest.raises(ConsumerContractError, match="not one of \\(SyncError\\)"):
        fuzz_http_consumer(job, batchcalls_server, rejects=SyncError, kinds=["fault"])


def careful_job_once(base_url: str) -> Any:
    response = fetch(base_url)
    if response.status_code >= 400:
        raise SyncError(f"status {response.status_code}")
    return response.json()


def test_a_job_without_an_overall_deadline_hangs_on_a_drip(batchcalls_server: Any) -> None:
    def job(base_url: str) -> Any:
        # A read timeout alone: a body that trickles in never trips it.
        try:
            response = requests.post(f"{base_url}{ROUTE_PREFIX}read", json=READ, timeout=5)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise SyncError(str(error)) from error

    with pytest.raises(ConsumerContractError, match=r"no answer within 0\.5 s"):
        fuzz_http_consumer(job, batchcalls_server, rejects=SyncError, kinds=["fault"], deadline=0.5)


def test_retries_can_be_forbidden(batchcalls_server: Any) -> None:
    with pytest.raises(ConsumerContractError, match=r"ended in success \(retried\)"):
        fuzz_http_consumer(
            careful_job, batchcalls_server, rejects=SyncError, retries_ok=False, kinds=["fault"]
        )


def test_a_job_that_sends_nothing_is_caught(batchcalls_server: Any) -> None:
    with pytest.raises(ConsumerContractError, match="sent no request"):
        fuzz_http_consumer(lambda url: None, batchcalls_server, max_examples=1)


def test_a_job_that_sends_only_bad_requests_is_caught(batchcalls_server: Any) -> None:
    def job(base_url: str) -> Any:
        response = requests.post(f"{base_url}{ROUTE_PREFIX}read", json={"ids": ["512"]}, timeout=5)
        if response.status_code >= 400:
            raise SyncError(response.json()["message"])

    with pytest.raises(ConsumerContractError, match="sent bad requests only"):
        fuzz_http_consumer(job, batchcalls_server, rejects=SyncError, max_examples=1)
    assert batchcalls_server.served[0]["status"] == 400


def test_hubspots_python_client_as_a_job_is_caught(batchcalls_server: Any) -> None:
    calls = pytest.importorskip("hubspot.crm.objects.calls")

    def job(base_url: str) -> Any:
        configuration = calls.Configuration(host=base_url, api_key={"oauth2": "t"})
        api = calls.BatchApi(calls.ApiClient(configuration))
        read_input = calls.BatchReadInputSimplePublicObjectId(
            inputs=[calls.SimplePublicObjectId(id="512")], properties=[], properties_with_history=[]
        )
        return api.read(read_input, _request_timeout=1)

    # Its documented error is ApiException; bare TypeErrors and urllib3 errors escape it.
    with pytest.raises(ConsumerContractError):
        fuzz_http_consumer(
            job, batchcalls_server, rejects=calls.ApiException, max_examples=30, deadline=2
        )


@pytest.mark.parametrize(
    "options",
    [
        {"retries_ok": "429"},
        {"retries_ok": ["teapot"]},
        {"kinds": ["valid", "haunted"]},
        {"kinds": []},
        {"rejects": "ValueError"},
        {"max_examples": 0},
        {"deadline": 0},
    ],
)
def test_bad_arguments_are_refused(batchcalls_server: Any, options: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        fuzz_http_consumer(careful_job, batchcalls_server, **options)
    assert batchcalls_server.served == []


def test_the_readme_job_fails_with_a_message_naming_the_case(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Fuzz your HubSpot sync job")[1]
    pytester.makeconftest(
        "from hypothesis import settings\n"
        "settings.register_profile('fixed', derandomize=True, database=None)\n"
        "settings.load_profile('fixed')\n"
    )
    pytester.makepyfile(section.split("```python\n")[1].split("```")[0])
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*HTTP consumer broke its contract*", "*asked for: Chosen(*"])
