"""resoc: a command-line toolkit for Czech resocialisation casework."""

__version__ = "0.1.0"
