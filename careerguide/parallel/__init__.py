"""The parallel layer around the stages: worker processes and the garbage collector's pauses."""
