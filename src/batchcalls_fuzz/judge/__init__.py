"""Judging documents: the oracle, label checks and where the validators disagree."""
