"""fundfinder: find alternative funding and reorganise with care after a lost grant."""

__version__ = "0.1.0"
