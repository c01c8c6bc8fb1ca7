"""slemu: a loopback AWS emulator for slctl's tests (Python stdlib only)."""

__version__ = "0.1.0"
