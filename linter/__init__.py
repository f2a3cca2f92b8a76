"""wirelint: a rights linter for publishers that republish wire-service news."""

__version__ = "0.1.0"
