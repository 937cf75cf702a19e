"""What the endpoint answers to one request: status, headers, body, how to send it, its label."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

WHOLE, CUT, DRIP = "whole", "cut", "drip"
DELIVERIES = (WHOLE, CUT, DRIP)
"""``whole``: the body as announced; ``cut``: the connection closes halfway through the
announced body; ``drip``: the body trickles out and never completes."""

LABEL_HEADER = "X-Batchcalls-Label"
SEQ_HEADER = "X-Batchcalls-Seq"


@dataclass(frozen=True)
class Answer:
    seq: int
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    label: dict[str, Any]
    delivery: str = WHOLE

    def all_headers(self) -> list[tuple[str, str]]:
        """The headers to send, with the label and sequence number (ASCII JSON, no message:
        the log has it) and the length the body announces."""
        shown = {key: value for key, value in self.label.items() if key != "message"}
        return [
            *self.headers,
            ("Content-Length", str(len(self.body))),
            (LABEL_HEADER, json.dumps(shown, ensure_ascii=True, separators=(",", ":"))),
            (SEQ_HEADER, str(self.seq)),
        ]

    def record(self, method: str, path: str) -> dict[str, Any]:
        """The JSON Lines log record of this answer."""
        return {
            "seq": self.seq,
            "method": method,
            "path": path,
            "status": self.status,
            "label": self.label,
        }
