"""Renderers: turn a Report into terminal output, markdown or JSON."""
