"""Advice around the ranking: financial diagnosis, funding forms, checklist, the report, a batch of members."""
