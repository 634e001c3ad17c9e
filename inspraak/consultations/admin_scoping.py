# SPDX-License-Identifier: EUPL-1.2
"""The admin, scoped: an organiser sees and edits only the consultations they organise."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest

from inspraak.consultations.access import (
    CONSULTATION_PATHS,
    consultations_managed_by,
    scope_managed,
)
from inspraak.core.models import AuditEvent


def _manages_any(request: HttpRequest) -> bool:
    return consultations_managed_by(request.user).exists()


class ScopedAdmin(admin.ModelAdmin):
    """Rows, choices and rights limited to the consultations the user organises.

    Rights come from the organiser role, not from Django's model permissions, so
    an organiser needs no per-model permission grants.
    """

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return scope_managed(request.user, super().get_queryset(request))

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:
            return _manages_any(request)
        return scope_managed(request.user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # A plain filter on a relation lists every related row in the database (every
        # consultation's title); RelatedOnlyFieldListFilter lists only those the scoped
        # queryset reaches.
        return tuple(_scoped_filter(self.model, spec) for spec in super().get_list_filter(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped_choices(field, db_field, request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped_choices(field, db_field, request)


def _scoped_filter(model: type[models.Model], spec: Any) -> Any:
    if not isinstance(spec, str):
        return spec
    try:
        field = get_fields_from_path(model, spec)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return spec
    return (spec, admin.RelatedOnlyFieldListFilter) if field.is_relation else spec


def _scoped_choices(field: Any, db_field: Any, request: HttpRequest) -> Any:
    if field is not None and db_field.related_model._meta.label_lower in CONSULTATION_PATHS:
        field.queryset = scope_managed(request.user, field.queryset)
    return field


class ReadOnlyScopedAdmin(ScopedAdmin):
    """For records nobody edits by hand: votes, audit events, analysis results."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "created_at",
        "actor_label",
        "action",
        "consultation",
        "target_type",
        "target_id",
    )
    list_filter = ("action",)
    search_fields = ("actor_label", "action", "target_id")
