"""Feed valid, invalid and malformed BatchCallsResponse payloads to HubSpot's own client.

HubSpot's official Python client (``hubspot-api-client``) is a consumer of these payloads:
``ApiClient.deserialize`` turns a response body into its models. This script reports how it
treats each kind of payload. It is not a dependency of batchcalls-fuzz; install it yourself:

    pip install . hubspot-api-client
    python examples/hubspot_client.py --count 600
    python examples/hubspot_client.py --count 600 --markdown   # the table README shows
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import version

from hubspot.crm.objects.calls import ApiClient
from hubspot.crm.objects.calls.exceptions import ApiException

from batchcalls_fuzz import draw
from batchcalls_fuzz.derive.invalid import Invalid
from batchcalls_fuzz.derive.malformed import Malformed
from batchcalls_fuzz.derive.sampling import payload

MODEL = "BatchResponseSimplePublicObjectWithErrors"
ACCEPTED = "accepted"


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
    return ACCEPTED


@dataclass
class Findings:
    count: int
    seed: int
    valid: dict[str, Counter[str]]
    """Per profile of valid documents: outcome -> how many."""
    invalid: dict[str, Counter[str]]
    """Per rule."""
    malformed: dict[str, Counter[str]]
    """Per ``defect (kind)``."""


def findings(count: int, seed: int) -> Findings:
    client = ApiClient()
    valid = {
        profile: Counter(
            outcome(client, payload(doc)) for doc in draw("valid", seed, count, profile=profile)
        )
        for profile in ("realistic", "schema")
    }
    invalid: dict[str, Counter[str]] = defaultdict(Counter)
    for item in draw("invalid", seed, count, profile="realistic"):
        assert isinstance(item, Invalid)
        invalid[item.violation.rule][outcome(client, payload(item))] += 1
    malformed: dict[str, Counter[str]] = defaultdict(Counter)
    for item in draw("malformed", seed, count, profile="realistic"):
        assert isinstance(item, Malformed)
        malformed[f"{item.defect} ({item.kind})"][outcome(client, item.payload)] += 1
    return Findings(count, seed, valid, dict(invalid), dict(malformed))


def _total(groups: Iterable[Counter[str]]) -> Counter[str]:
    found: Counter[str] = Counter()
    for group in groups:
        found.update(group)
    return found


def _escaped(outcomes: Counter[str]) -> str:
    """The exceptions other than the client's own, most frequent first."""
    other = [
        (name, n) for name, n in outcomes.most_common() if name not in (ACCEPTED, "ApiException")
    ]
    return ", ".join(f"`{name}` {n}" for name, n in other) or "none"


def _row(what: str, outcomes: Counter[str]) -> str:
    return (
        f"| {what} | {sum(outcomes.values())} | {outcomes[ACCEPTED]} | "
        f"{outcomes['ApiException']} | {_escaped(outcomes)} |"
    )


def _table(title: str, groups: Mapping[str, Counter[str]]) -> list[str]:
    lines = [
        f"| {title} | payloads | accepted | `ApiException` | other exceptions |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(f"`{name}`", outcomes) for name, outcomes in sorted(groups.items())]
    return lines


def markdown(found: Findings) -> str:
    """The figures README shows, as Markdown (deterministic for a seed and count)."""
    lines = [
        f"`hubspot-api-client` {version('hubspot-api-client')}, seed {found.seed}, "
        f"{found.count} payloads of each kind:",
        "",
        "| payloads | count | accepted | `ApiException` | other exceptions |",
        "|---|---|---|---|---|",
        _row("valid, realistic profile", found.valid["realistic"]),
        _row("valid, schema profile", found.valid["schema"]),
        _row("invalid (one rule broken)", _total(found.invalid.values())),
        _row("malformed", _total(found.malformed.values())),
        "",
        *_table("invalid, by rule", found.invalid),
        "",
        *_table("malformed, by defect (kind)", found.malformed),
    ]
    return "\n".join(lines) + "\n"


def text(found: Findings) -> str:
    lines = [f"valid documents ({found.count} per profile):"]
    lines += [f"  {profile:<20} {dict(outcomes)}" for profile, outcomes in found.valid.items()]
    lines.append(f"\ninvalid documents ({found.count}), by rule:")
    lines += [f"  {rule:<20} {dict(outcomes)}" for rule, outcomes in sorted(found.invalid.items())]
    lines.append(f"\nmalformed payloads ({found.count}), by defect:")
    lines += [
        f"  {name:<40} {dict(outcomes)}" for name, outcomes in sorted(found.malformed.items())
    ]
    accepted = _total(found.invalid.values())[ACCEPTED]
    lines.append(f"\ninvalid documents accepted silently: {accepted} of {found.count}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="print README's tables")
    args = parser.parse_args()
    found = findings(args.count, args.seed)
    print(markdown(found) if args.markdown else text(found), end="")


if __name__ == "__main__":
    main()
