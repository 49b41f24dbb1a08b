"""Benchmarks that print figures (run as scripts: ``.venv/bin/python bench/extract.py``)."""
