"""The site as values: the parsed files, the checked content, and the one error type."""
