"""Feed realistic, invalid and malformed BatchCallsResponse payloads to HubSpot's own client.

HubSpot's official Python client (``hubspot-api-client``) is a consumer of these payloads:
``ApiClient.deserialize`` turns a response body into its models. This script reports how it
treats each kind of payload. It is not a dependency of batchcalls-fuzz; install it yourself:

    pip install . hubspot-api-client
    python examples/hubspot_client.py --count 300
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from hubspot.crm.objects.calls import ApiClient
from hubspot.crm.objects.calls.exceptions import ApiException

from batchcalls_fuzz import draw
from batchcalls_fuzz.derive.invalid import Invalid
from batchcalls_fuzz.derive.malformed import Malformed
from batchcalls_fuzz.derive.sampling import payload

MODEL = "BatchResponseSimplePublicObjectWithErrors"


@dataclass
class Response:
    """What ``ApiClient.deserialize`` reads: the body in ``data``."""

    data: bytes | str


def outcome(client: ApiClient, body: bytes) -> str:
    try:
        client.deserialize(Response(body), MODEL)
    except ApiException:
        return "ApiException"
    except Exception as error:  # the point: which exceptions escape
        return type(error).__name__
    return "accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    client = ApiClient()

    valid = Counter(
        outcome(client, payload(doc))
        for doc in draw("valid", args.seed, args.count, profile="realistic")
    )
    print(f"realistic valid documents ({args.count}): {dict(valid)}")

    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for item in draw("invalid", args.seed, args.count, profile="realistic"):
        assert isinstance(item, Invalid)
        by_rule[item.violation.rule][outcome(client, payload(item))] += 1
    print(f"\ninvalid documents ({args.count}), by rule:")
    for rule, outcomes in sorted(by_rule.items()):
        print(f"  {rule:<20} {dict(outcomes)}")

    by_defect: dict[str, Counter[str]] = defaultdict(Counter)
    for item in draw("malformed", args.seed, args.count, profile="realistic"):
        assert isinstance(item, Malformed)
        by_defect[f"{item.defect} ({item.kind})"][outcome(client, item.payload)] += 1
    print(f"\nmalformed payloads ({args.count}), by defect:")
    for defect, outcomes in sorted(by_defect.items()):
        print(f"  {defect:<40} {dict(outcomes)}")
    accepted: Any = sum(c["accepted"] for c in by_rule.values())
    print(f"\ninvalid documents accepted silently: {accepted} of {args.count}")


if __name__ == "__main__":
    main()
