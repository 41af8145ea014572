"""The incremental layer around the stages: what the last build made, and what a build may reuse."""
