"""undertow: measure the morale of extremist movements' supporters against their official voice.

The library is the product; the CLI and the dashboard are thin views over it.
"""

__version__ = "0.1.0"
