"""xxgk: review China's government information-disclosure annual reports (the CLI lives in ``xxgk.cli``)."""

__version__ = "0.1.0"
