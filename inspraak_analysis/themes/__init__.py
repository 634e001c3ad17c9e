# SPDX-License-Identifier: EUPL-1.2
"""Grouping contributions into themes: features, clustering, labels, duplicates."""
