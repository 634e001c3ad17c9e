# SPDX-License-Identifier: EUPL-1.2
"""Decide and account back: chapters, dispositions, participants' own pages, notices."""
