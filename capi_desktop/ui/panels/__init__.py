"""The four main panels."""
