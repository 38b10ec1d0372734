"""Lectern's project configuration, imported as lms_site."""
