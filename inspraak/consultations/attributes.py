# SPDX-License-Identifier: EUPL-1.2
"""The participant attributes a consultation declares, and how they are stored.

`Consultation.participant_attributes` is a JSON list. Its shape, since the set-up pages:

    [{"name": "gemeente", "label_nl": "Gemeente", "label_en": "Municipality",
      "choices": ["Amsterdam", "Zaanstad"]}, ...]

- `name`: the key in `Participant.attributes` (lower case, letters, digits, `_`);
  never changes once participants carry it.
- `label_nl`, `label_en`: what a person reads (join form, tables); empty falls back to
  the other language, then to the name.
- `choices`: the values offered; an empty list means free text.

Older consultations (and imports) stored bare names: `["role", "municipality"]`. Both
shapes, and lists mixing them, are read by `consultation_attributes`; read the list
only through it, never directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language


@dataclass(frozen=True)
class AttributeSpec:
    name: str
    label_nl: str = ""
    label_en: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)

    def label(self, language: str | None = None) -> str:
        """The label in `language` (default: the active one), falling back sensibly."""
        language = (language or get_language() or "nl")[:2]
        first, second = (
            (self.label_en, self.label_nl) if language == "en" else (self.label_nl, self.label_en)
        )
        return first or second or self.name

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label_nl": self.label_nl,
            "label_en": self.label_en,
            "choices": list(self.choices),
        }


def attributes_parse(raw: Any) -> list[AttributeSpec]:
    """Specs from the stored JSON, old (bare names) or new shape; junk items are skipped."""
    specs: list[AttributeSpec] = []
    seen: set[str] = set()
    for item in raw if isinstance(raw, list) else []:
        spec = _spec_from(item)
        if spec is not None and spec.name not in seen:
            seen.add(spec.name)
            specs.append(spec)
    return specs


def _spec_from(item: Any) -> AttributeSpec | None:
    if isinstance(item, str):
        return AttributeSpec(name=item) if item else None
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        return None
    choices = item.get("choices") or []
    return AttributeSpec(
        name=item["name"],
        label_nl=str(item.get("label_nl") or ""),
        label_en=str(item.get("label_en") or ""),
        choices=tuple(str(c) for c in choices if str(c)) if isinstance(choices, list) else (),
    )


def consultation_attributes(consultation: Any) -> list[AttributeSpec]:
    """The attributes `consultation` declares, in order, whatever shape they were stored in."""
    return attributes_parse(consultation.participant_attributes)


def consultation_attribute_names(consultation: Any) -> list[str]:
    return [spec.name for spec in consultation_attributes(consultation)]
