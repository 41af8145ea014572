"""careerguide: Markdown articles and YAML fact boxes become a multilingual static career guide."""

__version__ = "0.1.0"
