"""Free text understood: theme phrases (stems, lexicon) and places below country level."""
