"""Fault-injection and fuzz tests: damaged files, network faults, generated pastes."""
