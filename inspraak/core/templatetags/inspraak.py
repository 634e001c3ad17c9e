# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`{{ dict|get_item:key }}`: a value by a key held in a variable ("" when missing)."""
    if hasattr(mapping, "get"):
        return mapping.get(key, "")
    return ""
