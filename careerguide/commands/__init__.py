"""The commands around the build: the command line, the preview, check and new."""
