"""The distribution version (its own module so code_version can read it without importing the API)."""
__version__ = "0.1.0"
