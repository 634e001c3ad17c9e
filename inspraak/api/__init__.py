# SPDX-License-Identifier: EUPL-1.2
"""The read-only JSON API (django-ninja) and organisers' API tokens."""
