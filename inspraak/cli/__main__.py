# SPDX-License-Identifier: EUPL-1.2
"""`python -m inspraak.cli`: the same as the `inspraak` command."""

from inspraak.cli import main

main()
