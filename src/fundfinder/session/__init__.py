"""The interactive adviser session (the shell): interview, results commands, drafts, exports."""
