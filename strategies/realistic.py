"""The realistic profile: results that look like call engagements from a real HubSpot portal.

Member generators give each value a real shape; the finishing pass makes the document
coherent: unique numeric ids, ``hs_object_id`` equal to ``id``, ordered timestamps,
``archivedAt`` present exactly when ``archived`` is true, history whose latest value is the
property's value, error contexts naming ids that are not among the results, ``numErrors``
equal to the number of errors.
"""

from __future__ import annotations

import datetime
from typing import Any

from batchcalls_fuzz.derive.profile import Profile
from batchcalls_fuzz.derive.source import Source
from batchcalls_fuzz.schema.ir import JSON

from . import hubspot_data as data

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_FIRST_MS = 1_420_070_400_000  # 2015-01-01
_LAST_MS = 1_793_491_200_000  # 2026-11-01


def timestamp_at(ms: int) -> str:
    moment = _EPOCH + datetime.timedelta(milliseconds=ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def timestamp_ms(text: str) -> int:
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    delta = moment.replace(tzinfo=datetime.timezone.utc) - _EPOCH
    return delta // datetime.timedelta(milliseconds=1)


def timestamp(src: Source) -> str:
    return timestamp_at(src.integer(_FIRST_MS, _LAST_MS))


def numeric_id(src: Source) -> str:
    return str(src.integer(1, 99_999_999_999))


def _maybe(src: Source, value: Any) -> Any:
    """A property with no value comes back as null."""
    return None if src.integer(0, 7) == 0 else value


def call_properties(src: Source) -> dict[str, JSON]:
    disposition = (
        src.choice(tuple(data.DEFAULT_DISPOSITIONS.values()))
        if src.integer(0, 5)
        else f"{src.integer(0, 16**8 - 1):08x}-0000-4000-8000-{src.integer(0, 16**12 - 1):012x}"
    )
    hs_timestamp = timestamp(src)
    return {
        "hs_call_title": _maybe(src, src.choice(data.CALL_TITLES)),
        "hs_call_body": _maybe(src, src.choice(data.CALL_BODIES)),
        "hs_call_direction": src.choice(data.CALL_DIRECTIONS),
        "hs_call_status": src.choice(data.CALL_STATUSES),
        "hs_call_disposition": disposition,
        "hs_call_duration": _maybe(src, str(src.integer(0, 7_200_000))),
        "hs_call_from_number": _maybe(src, src.choice(data.PHONE_NUMBERS)),
        "hs_call_to_number": _maybe(src, src.choice(data.PHONE_NUMBERS)),
        "hs_call_recording_url": _maybe(
            src,
            f"https://api.twilio.com/2010-04-01/Accounts/AC{src.integer(10**9, 10**10 - 1)}"
            f"/Recordings/RE{src.integer(10**9, 10**10 - 1)}.{src.choice(('mp3', 'wav'))}",
        ),
        "hs_call_source": _maybe(src, src.choice(data.CALL_SOURCES)),
        "hubspot_owner_id": _maybe(src, str(src.integer(10**7, 10**11))),
        "hs_timestamp": hs_timestamp if src.integer(0, 3) else str(timestamp_ms(hs_timestamp)),
    }


_SUBCATEGORIES = tuple(sub for _, subs in data.ERROR_CATEGORIES.values() for sub in subs)
_FIELDS = ("hs_call_duration", "hs_timestamp", "hubspot_owner_id")


OVERRIDES = {
    "/status": lambda src: src.choice(data.BATCH_STATUSES),
    "/requestedAt": timestamp,
    "/startedAt": timestamp,
    "/completedAt": timestamp,
    "/results/*/id": numeric_id,
    "/results/*/properties": call_properties,
    "/results/*/propertiesWithHistory": lambda src: {},
    "/results/*/createdAt": timestamp,
    "/results/*/updatedAt": timestamp,
    "/results/*/archivedAt": timestamp,
    "/results/*/archived": lambda src: src.integer(0, 5) == 0,
    "/errors/*/status": lambda src: "error",
    "/errors/*/category": lambda src: src.choice(tuple(data.ERROR_CATEGORIES)),
    "/errors/*/message": lambda src: src.choice([m for m, _ in data.ERROR_CATEGORIES.values()]),
    "/errors/*/context": lambda src: {},
    # Leaves, not whole objects: a mutation may need any optional member present.
    "/errors/*/errors/*/message": lambda src: src.choice(
        [m for m, _ in data.ERROR_CATEGORIES.values()]
    ),
    "/errors/*/errors/*/code": lambda src: src.choice(tuple(data.ERROR_CATEGORIES)),
    "/errors/*/errors/*/in": lambda src: src.choice(_FIELDS),
    "/errors/*/errors/*/subCategory": lambda src: src.choice(_SUBCATEGORIES),
    "/errors/*/errors/*/context": lambda src: {"propertyName": [src.choice(_FIELDS)]},
    "/links": lambda src: dict(data.LINKS) if src.boolean() else {},
}


def _in_time_order(record: dict[str, JSON], names: tuple[str, ...]) -> None:
    """Reassigns the timestamps of ``names`` so that they increase in that order."""
    present = [n for n in names if isinstance(record.get(n), str)]
    # One format (milliseconds and Z): text order is time order.
    for name, value in zip(present, sorted(record[n] for n in present), strict=True):
        record[name] = value


def _finish_result(
    src: Source, result: dict[str, JSON], skip: frozenset[str], keep_archived_at: bool
) -> None:
    if "/results/*/archived" not in skip and "/results/*/archivedAt" not in skip:
        if keep_archived_at and "archivedAt" in result:
            result["archived"] = True
        if result.get("archived") is True:
            result.setdefault("archivedAt", timestamp(src))
        else:
            result.pop("archivedAt", None)
    if not {"/results/*/createdAt", "/results/*/updatedAt", "/results/*/archivedAt"} & skip:
        _in_time_order(result, ("createdAt", "updatedAt", "archivedAt"))
    properties = result.get("properties")
    if "/results/*/properties" not in skip and isinstance(properties, dict):
        properties["hs_object_id"] = result["id"]
        properties["hs_createdate"] = result.get("createdAt")
        properties["hs_lastmodifieddate"] = result.get("updatedAt")
        if "/results/*/propertiesWithHistory" not in skip and "propertiesWithHistory" in result:
            result["propertiesWithHistory"] = _history(src, properties, result)
    if src.integer(0, 4) == 0:
        result["objectWriteTraceId"] = f"trace-{src.integer(0, 10**9)}"


def _history(src: Source, properties: dict[str, JSON], result: dict[str, JSON]) -> JSON:
    """Newest first, as HubSpot lists it; the newest value is the property's value."""
    latest = timestamp_ms(str(result.get("updatedAt") or timestamp(src)))
    history: dict[str, JSON] = {}
    names = [n for n, v in properties.items() if isinstance(v, str)]
    for name in names[: src.integer(0, len(names))]:
        entries = []
        when = latest
        for position in range(src.integer(1, 3)):
            value = properties[name] if position == 0 else f"{properties[name]} (v{position})"
            entry: dict[str, JSON] = {
                "value": value,
                "timestamp": timestamp_at(when),
                "sourceType": src.choice(data.HISTORY_SOURCE_TYPES),
            }
            if src.boolean():
                entry["sourceId"] = f"userId:{src.integer(10**6, 10**8)}"
            if src.boolean():
                entry["updatedByUserId"] = src.integer(10**6, 10**8)
            entries.append(entry)
            when = max(_FIRST_MS, when - src.integer(1, 10**10))
        history[name] = entries
    return history


def finish(src: Source, document: JSON, skip: frozenset[str], focus: str | None) -> JSON:
    if not isinstance(document, dict):
        return document
    results = [r for r in document.get("results", []) if isinstance(r, dict)]
    used: set[str] = set()
    for result in results:
        if "/results/*/id" not in skip and isinstance(result.get("id"), str):
            while result["id"] in used:
                result["id"] = str(int(result["id"]) + 1)
            used.add(result["id"])
        keep = focus is not None and focus.startswith("/results/*/archivedAt")
        _finish_result(src, result, skip, keep)
    if not {"/requestedAt", "/startedAt", "/completedAt"} & skip:
        _in_time_order(document, ("requestedAt", "startedAt", "completedAt"))
    errors = document.get("errors")
    if isinstance(errors, list):
        for error in errors:
            if isinstance(error, dict) and "/errors/*/context" not in skip and "context" in error:
                missing: list[str] = []
                count = src.integer(1, 2)
                while len(missing) < count:
                    candidate = numeric_id(src)
                    if candidate not in used:
                        missing.append(candidate)
                error["context"] = {"id": missing}
        if errors and src.boolean():
            document["numErrors"] = len(errors)
    return document


REALISTIC = Profile("realistic", OVERRIDES, finish, extra_members=False)
