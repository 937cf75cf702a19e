"""The endpoint's state: the sequence counter, the queue of chosen cases, what was served and
the JSON Lines log. Safe to call from the server's request threads."""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import IO, Any

from .answer import Answer
from .plan import Chosen, ResponsePlan
from .routes import BadRequest, check_request


class Endpoint:
    """Answers requests from a ``ResponsePlan``, numbering them from 0 in arrival order."""

    def __init__(self, plan: ResponsePlan, log: IO[str] | None = None) -> None:
        self.plan = plan
        self._log = log
        self._lock = threading.Lock()
        self._next_seq = 0
        self._queue: deque[Chosen] = deque()
        self._served: list[dict[str, Any]] = []

    def queue(self, kind: str | None = None, **details: Any) -> None:
        """Serve this case to a coming well-formed request, after the cases queued before it
        and before the mix's own choices: ``queue(kind="invalid", rule="required",
        pointer="/results/*/id")``, ``queue(fault="429")``, ``queue(kind="malformed",
        defect="truncated")``, ``queue("valid", multi_status=True)``."""
        chosen = Chosen.of(kind, **details)
        self.plan.check(chosen)
        with self._lock:
            self._queue.append(chosen)

    @property
    def served(self) -> list[dict[str, Any]]:
        """The log records of the answers sent so far (seq, method, path, status, label)."""
        with self._lock:
            return list(self._served)

    def respond(self, method: str, path: str, body: bytes) -> Answer:
        checked = check_request(method, path, body)
        with self._lock:
            seq = self._next_seq
            self._next_seq += 1
            chosen = None
            if not isinstance(checked, BadRequest) and self._queue:
                chosen = self._queue.popleft()
        if isinstance(checked, BadRequest):
            answer = self.plan.refusal(seq, checked)
        else:
            answer = self.plan.answer(seq, checked, chosen)
        record = answer.record(method, path)
        with self._lock:
            self._served.append(record)
            if self._log is not None:
                self._log.write(json.dumps(record, ensure_ascii=False) + "\n")
                self._log.flush()
        return answer
