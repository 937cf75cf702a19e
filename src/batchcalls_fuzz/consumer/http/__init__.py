"""The HTTP endpoint playing HubSpot's calls batch API: the response plan, the endpoint's
state, and ``fuzz_http_consumer``, which checks a whole HTTP job's contract against it."""
