"""The response plan: what the endpoint answers to request ``seq``, decided from the seed.

Answer ``seq`` depends on (seed, seq, route) only, so the same seed and the same sequence of
requests give the same answers. A ``Chosen`` case (queued by a test) replaces the mix's choice
of kind and narrows it to a rule and place, a defect or a fault.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ...derive import bulk, sampling
from ...derive.invalid import Invalid
from ...derive.malformed import DEFECT_NAMES, DEFECTS, Malformed, malformed_generator
from ...derive.profile import SCHEMA_PURE, Profile
from ...derive.source import RandomSource, Source
from ...derive.valid import Limits, compile_valid
from ...errors import BatchCallsFuzzError
from ...schema.ir import AnyNode, ArrayNode, ObjectNode, Schema
from .answer import WHOLE, Answer
from .faults import FAULTS, fault_response
from .mix import MIX_KINDS, Mix
from .routes import JSON_TYPE, SUCCESS_STATUS, BadRequest, error_body

MULTI_STATUS_SHARE = 4
"""One valid answer in this many is the 207 variant, where the schema has ``errors``."""


@dataclass(frozen=True, repr=False)
class Chosen:
    """A case asked for by name: served before the mix's own choices."""

    kind: str
    rule: str | None = None
    pointer: str | None = None
    defect: str | None = None
    fault: str | None = None
    multi_status: bool | None = None
    """For a valid case: the 207 variant (True), the plain success (False) or either."""
    index: int | None = None
    """Draw the body as item ``index`` of the seed instead of item ``seq``."""

    def __repr__(self) -> str:
        details = [f"{name}={value!r}" for name, value in self.details().items()]
        return f"Chosen({', '.join([repr(self.kind), *details])})"

    def details(self) -> dict[str, Any]:
        """The fields beside ``kind`` that are set: ``Chosen.of(kind, **details())`` is this."""
        names = ("rule", "pointer", "defect", "fault", "multi_status", "index")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    @classmethod
    def of(
        cls,
        kind: str | None = None,
        *,
        rule: str | None = None,
        pointer: str | None = None,
        defect: str | None = None,
        fault: str | None = None,
        multi_status: bool | None = None,
        index: int | None = None,
    ) -> Chosen:
        """A checked case; ``fault=...`` alone means ``kind="fault"``."""
        chosen = kind or ("fault" if fault is not None else None)
        if chosen not in MIX_KINDS:
            raise BatchCallsFuzzError(f"kind={kind!r}; choose one of {', '.join(MIX_KINDS)}")
        if (rule or pointer) and chosen != "invalid":
            raise BatchCallsFuzzError("rule and pointer go with kind='invalid'")
        if defect is not None and (chosen != "malformed" or defect not in DEFECT_NAMES):
            raise BatchCallsFuzzError(
                f"defect={defect!r} goes with kind='malformed' and is one of "
                f"{', '.join(DEFECT_NAMES)}"
            )
        if chosen == "fault" and fault not in FAULTS:
            raise BatchCallsFuzzError(f"fault={fault!r}; choose one of {', '.join(FAULTS)}")
        if fault is not None and chosen != "fault":
            raise BatchCallsFuzzError("fault goes with kind='fault'")
        if multi_status is not None and chosen != "valid":
            raise BatchCallsFuzzError("multi_status goes with kind='valid'")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
            raise BatchCallsFuzzError(f"index={index!r} must be an integer")
        return cls(chosen, rule, pointer, defect, fault, multi_status, index)


class ResponsePlan:
    """Answers for one schema, profile, seed and mix."""

    def __init__(
        self,
        schema: Schema,
        *,
        profile: Profile = SCHEMA_PURE,
        seed: int = 0,
        mix: Mix | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.schema = schema
        self.profile = profile
        self.seed = seed
        self.mix = mix or Mix()
        self._limits = limits or Limits()
        self._valid = profile.compile(schema.root, self._limits)
        self._generators: dict[Any, Callable[[Source], Any]] = {}
        self._errors = self._errors_generator()

    @property
    def multi_status_possible(self) -> bool:
        """Whether the schema has the ``errors`` array of a 207 answer."""
        return self._errors is not None

    def check(self, chosen: Chosen) -> None:
        """Raise BatchCallsFuzzError now if ``chosen`` cannot be served (no such mutation)."""
        if chosen.kind == "invalid":
            self._invalid(chosen)
        if chosen.multi_status and self._errors is None:
            raise BatchCallsFuzzError("this schema has no 'errors' array for a 207 answer")

    def answer(self, seq: int, route: str, chosen: Chosen | None = None) -> Answer:
        chance = random.Random(f"{self.seed}:{seq}:plan")
        if chosen is None:
            chosen = Chosen(self.mix.pick(chance))
        index = seq if chosen.index is None else chosen.index
        status = SUCCESS_STATUS[route]
        json_type = (("Content-Type", JSON_TYPE),)
        if chosen.kind == "invalid":
            item: Invalid = bulk.draw_at(self._invalid(chosen), self.seed, index)
            label = {"kind": "invalid", **item.violation.to_dict()}
            return Answer(seq, status, json_type, sampling.payload(item), label)
        if chosen.kind == "malformed":
            broken: Malformed = bulk.draw_at(self._malformed(chosen.defect), self.seed, index)
            label = {"kind": "malformed", "defect": broken.defect, "defect_kind": broken.kind}
            return Answer(seq, status, json_type, broken.payload, label)
        document = bulk.draw_at(self._valid, self.seed, index)
        if chosen.kind == "fault":
            fault = chosen.fault or chance.choice(FAULTS)
            body = sampling.payload(document)
            code, headers, data, delivery = fault_response(fault, status, body, self.seed, seq)
            return Answer(seq, code, headers, data, {"kind": "fault", "fault": fault}, delivery)
        multi = chosen.multi_status
        if multi is None:
            multi = self._errors is not None and chance.randrange(MULTI_STATUS_SHARE) == 0
        if multi:
            document = self._with_errors(document, index)
            status = 207
        label = {"kind": "valid", "variant": "multi-status" if multi else "success"}
        return Answer(seq, status, json_type, sampling.payload(document), label, WHOLE)

    def refusal(self, seq: int, bad: BadRequest) -> Answer:
        """HubSpot's answer to a bad request."""
        body = error_body(bad.category, bad.message, self.seed, seq)
        label = {"kind": "bad-request", "category": bad.category, "message": bad.message}
        headers = (("Content-Type", JSON_TYPE), *bad.headers)
        return Answer(seq, bad.status, headers, body, label)

    def _invalid(self, chosen: Chosen) -> Callable[[Source], Any]:
        key = ("invalid", chosen.rule, chosen.pointer)
        if key not in self._generators:
            self._generators[key] = sampling.generator(
                "invalid",
                self.schema.root,
                self.schema.dialect,
                self.profile,
                [chosen.rule] if chosen.rule else None,
                [chosen.pointer] if chosen.pointer else None,
                self._limits,
            )
        return self._generators[key]

    def _malformed(self, defect: str | None) -> Callable[[Source], Any]:
        key = ("malformed", defect)
        if key not in self._generators:
            defects = tuple(d for d in DEFECTS if defect in (None, d[0]))
            self._generators[key] = malformed_generator(self._valid, defects)
        return self._generators[key]

    def _errors_generator(self) -> Callable[[Source], list[Any]] | None:
        """A non-empty ``errors`` array of the root, if the schema has one (the 207 variant)."""
        root = self.schema.root
        if not isinstance(root, ObjectNode):
            return None
        errors = root.properties.get("errors")
        if not isinstance(errors, ArrayNode) or errors.max_items == 0:
            return None
        plan = replace(self.profile.plan(self._limits), finish=None)
        array, item = compile_valid(errors, plan), compile_valid(errors.items, plan)

        def non_empty(src: Source) -> list[Any]:
            drawn = array(src)
            return drawn if isinstance(drawn, list) and drawn else [item(src)]

        return non_empty

    def _with_errors(self, document: Any, index: int) -> Any:
        """The 207 variant of a valid document: a non-empty ``errors`` and, where the schema
        lets it, ``numErrors`` counting them (as HubSpot's multi-status model has it)."""
        if self._errors is None or not isinstance(document, dict):
            raise BatchCallsFuzzError("this schema has no 'errors' array for a 207 answer")
        errors = self._errors(RandomSource(f"{self.seed}:{index}:errors"))
        root = self.schema.root
        assert isinstance(root, ObjectNode)
        out = {**document, "errors": errors}
        if "numErrors" in root.properties or isinstance(root.additional, AnyNode):
            out["numErrors"] = len(errors)
        return out
