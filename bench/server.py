"""Benchmark of the HTTP face: answers per second over loopback HTTP, against the same plan's
answers computed in process (the floor of the HTTP overhead) and the bulk path's valid
documents; and how fast ``fuzz_http_consumer`` finds each known-bad job's breach.

    python bench/server.py            # a few seconds per row
    python bench/server.py --quick    # smaller counts

Rounds are interleaved (HTTP, in-process, bulk, HTTP, ...) and the table gives medians; the
machines are shared and noisy: read the ratios, not the rates.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import requests

from batchcalls_fuzz import ConsumerContractError, fuzz_http_consumer
from batchcalls_fuzz.consumer.http.endpoint import Endpoint
from batchcalls_fuzz.consumer.http.mix import Mix
from batchcalls_fuzz.consumer.http.plan import ResponsePlan
from batchcalls_fuzz.consumer.http.routes import ROUTE_PREFIX
from batchcalls_fuzz.derive import sampling
from batchcalls_fuzz.server import RunningServer
from batchcalls_fuzz.strategies import bundled_schema

READ = {"inputs": [{"id": "512"}]}
DEFAULT_MIX = str(Mix())


def over_http(count: int, mix: str) -> float:
    plan = ResponsePlan(bundled_schema(), seed=1, mix=Mix.parse(mix))
    with RunningServer(Endpoint(plan), drip_seconds=0.1) as server, requests.Session() as session:
        url = f"{server.url}{ROUTE_PREFIX}read"
        started = time.perf_counter()
        for _ in range(count):
            # A cut, a drip or a corrupt gzip body raises: answered all the same.
            with contextlib.suppress(requests.RequestException):
                session.post(url, json=READ, timeout=5).content  # noqa: B018
        return count / (time.perf_counter() - started)


def in_process(count: int, mix: str) -> float:
    plan = ResponsePlan(bundled_schema(), seed=1, mix=Mix.parse(mix))
    started = time.perf_counter()
    for seq in range(count):
        plan.answer(seq, "read")
    return count / (time.perf_counter() - started)


def bulk_valid(count: int, mix: str) -> float:
    started = time.perf_counter()
    for item in sampling.draw("valid", 1, count, bundled_schema().root):
        sampling.payload(item)
    return count / (time.perf_counter() - started)


class SyncError(Exception):
    pass


def trusting_job(base_url: str) -> Any:
    response = requests.post(f"{base_url}{ROUTE_PREFIX}read", json=READ, timeout=5)
    if response.status_code >= 400:
        raise SyncError(response.status_code)
    return response.json()["results"]


def hubspot_job() -> tuple[Callable[[str], Any], type[BaseException]] | None:
    try:
        from hubspot.crm.objects.calls import (
            ApiClient,
            ApiException,
            BatchApi,
            BatchReadInputSimplePublicObjectId,
            Configuration,
            SimplePublicObjectId,
        )
    except ImportError:
        return None

    def job(base_url: str) -> Any:
        api = BatchApi(ApiClient(Configuration(host=base_url, api_key={"oauth2": "t"})))
        body = BatchReadInputSimplePublicObjectId(
            inputs=[SimplePublicObjectId(id="512")], properties=[], properties_with_history=[]
        )
        return api.read(body, _request_timeout=5)

    return job, ApiException


def time_to_breach(job: Callable[[str], Any], rejects: type[BaseException]) -> tuple[str, float]:
    plan = ResponsePlan(bundled_schema(), seed=1)
    with RunningServer(Endpoint(plan)) as server:
        started = time.perf_counter()
        try:
            fuzz_http_consumer(job, server, rejects=rejects, max_examples=200, deadline=2.0, seed=1)
        except ConsumerContractError as error:
            return str(error).splitlines()[0].split(": ", 1)[1], time.perf_counter() - started
        return "none in 200 examples", time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    count = 40 if args.quick else 300
    rows: dict[str, list[float]] = {}
    contenders = {
        "HTTP, default mix (keep-alive, loopback)": (
            over_http,
            "valid=6,invalid=2,malformed=1,fault=1",
        ),
        "HTTP, valid only": (over_http, "valid=1"),
        "in process, default mix (plan.answer)": (
            in_process,
            "valid=6,invalid=2,malformed=1,fault=1",
        ),
        "in process, valid only": (in_process, "valid=1"),
        "bulk path, valid documents (sampling.draw)": (bulk_valid, "valid=1"),
    }
    for _ in range(args.repeats):
        for name, (measure, mix) in contenders.items():
            rows.setdefault(name, []).append(measure(count, mix))
    base = statistics.median(rows["in process, default mix (plan.answer)"])
    print(f"Answers per second ({count} per round, median of {args.repeats} interleaved rounds)")
    print(f"{'what':48} {'answers/s':>10} {'ratio to in-process mix':>24}")
    for name, rates in rows.items():
        rate = statistics.median(rates)
        print(f"{name:48} {rate:10.0f} {rate / base:24.2f}")
    print()
    print("fuzz_http_consumer against known-bad jobs (plan and Hypothesis seed 1, deadline 2 s)")
    print(f"{'job':40} {'seconds':>8}  first breach")
    jobs = [("requests, trusts every body", trusting_job, SyncError)]
    official = hubspot_job()
    if official is not None:
        jobs.append(("hubspot-api-client BatchApi.read", official[0], official[1]))
    for name, job, rejects in jobs:
        breach, seconds = time_to_breach(job, rejects)
        print(f"{name:40} {seconds:8.2f}  {breach}")
    print(json.dumps({"count": count, "repeats": args.repeats}))


if __name__ == "__main__":
    main()
