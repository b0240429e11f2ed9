"""CAPI Desktop: check, compose and debug Meta Conversions API events, locally."""

__version__ = "0.1.0"
