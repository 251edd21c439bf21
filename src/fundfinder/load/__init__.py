"""Reading files: safe YAML, field checks, profiles, funder databases and the other data files, curators' checks."""
