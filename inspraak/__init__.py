# SPDX-License-Identifier: EUPL-1.2
"""inspraak: turn the input of many people into a programme."""

__version__ = "0.1.0"
