# SPDX-License-Identifier: EUPL-1.2
"""Dutch first: the interface language is the configured one unless the person switched."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Use the language cookie set by the language switch, else INSPRAAK_LANGUAGE.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a committee whose laptops are set to English still gets the Dutch product.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: no-store` on everything a logged-in person gets.

    Organiser pages, exports, participant data downloads and unpublished reports
    hold names and opinions; no browser cache or shared proxy may keep a copy. Public
    pages (reports by link, the web form, phones) keep their own headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response
