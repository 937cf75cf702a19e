"""What real BatchCallsResponse payloads hold (HubSpot's client models and calls guide)."""

from __future__ import annotations

BATCH_STATUSES = ("COMPLETE", "COMPLETE", "COMPLETE", "PROCESSING", "PENDING", "CANCELED")
"""Batch statuses, weighted: real batch answers are mostly complete."""

CALL_DIRECTIONS = ("INBOUND", "OUTBOUND")

CALL_STATUSES = (
    "BUSY",
    "CALLING_CRM_USER",
    "CANCELED",
    "COMPLETED",
    "CONNECTING",
    "FAILED",
    "IN_PROGRESS",
    "NO_ANSWER",
    "QUEUED",
    "RINGING",
    "missed",
)

DEFAULT_DISPOSITIONS = {
    "Busy": "9d9162e7-6cf3-4944-bf63-4dff82258764",
    "Connected": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
    "Left live message": "a4c4c377-d246-4b32-a13b-75a56a4cd0ff",
    "Left voicemail": "b2cf5968-551e-4856-9783-52b3da59a7d0",
    "No answer": "73a0d17f-1163-4015-bdd5-ec830791da20",
    "Wrong number": "17b47fee-58de-441e-a44c-c6300d46f273",
}

CALL_SOURCES = ("INTEGRATIONS_PLATFORM", "CALLING_WIDGET", "CRM_UI")

CALL_TITLES = (
    "Discovery Call",
    "Follow-up call",
    "Demo",
    "Renewal check-in",
    "Support callback",
    "Call with Ana Müller",
    "Llamada de seguimiento",
    "Intro call 📞",
)

CALL_BODIES = (
    "Discussed product requirements",
    "<p>Left a voicemail about the <strong>Q3</strong> renewal.</p>",
    "<div>Customer asked for pricing.<br>Send proposal by Friday.</div>",
    "No answer, will try again tomorrow.",
    "<p>Spoke with procurement &amp; legal.</p><ul><li>MSA</li><li>DPA</li></ul>",
    "",
)

PHONE_NUMBERS = (
    "(857) 829 5489",
    "+1 617-555-0142",
    "+44 20 7946 0958",
    "+49 30 901820",
    "617.555.0199",
    "+81 3-1234-5678",
)

HISTORY_SOURCE_TYPES = (
    "CRM_UI",
    "INTEGRATION",
    "API",
    "CALCULATED",
    "IMPORT",
    "AUTOMATION_PLATFORM",
)

ERROR_CATEGORIES = {
    "VALIDATION_ERROR": ("Property values were not valid", ("INVALID_INTEGER", "INVALID_OPTION")),
    "OBJECT_NOT_FOUND": (
        "Could not find object",
        ("crm.associations.FROM_OBJECT_NOT_FOUND", "crm.objects.OBJECT_NOT_FOUND"),
    ),
    "RATE_LIMITS": ("You have reached your secondly limit.", ("TEN_SECONDLY_ROLLING",)),
    "INVALID_AUTHENTICATION": ("Authentication credentials not found.", ("INVALID_TOKEN",)),
    "MISSING_SCOPES": (
        "This app hasn't been granted all required scopes to make this call.",
        ("crm.objects.contacts.read",),
    ),
}

LINKS = {
    "self": "https://api.hubapi.com/crm/v3/objects/calls/batch/read",
    "docs": "https://developers.hubspot.com/docs/api/crm/calls",
}
