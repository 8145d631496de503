"""The device tests use the session-wide `pulse_testbed` fixture from tests/conftest.py."""
