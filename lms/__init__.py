"""Lectern's learning domain: one Django app per bounded context."""
