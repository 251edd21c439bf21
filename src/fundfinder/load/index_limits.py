"""Where a database file counts as large (compiled for bulk scoring; see index)."""

LARGE_FILE = 2000
