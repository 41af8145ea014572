"""Language and text: Markdown, locale formatting, alphabetical order, hyphenation and UI strings."""
