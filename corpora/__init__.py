"""The seed corpus shipped with the package (used by @pytest.mark.batchcalls_corpus)."""
