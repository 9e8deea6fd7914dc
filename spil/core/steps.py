"""The one pattern of a form page that calls a service: show the form; on a valid POST
run the service in a transaction; a ValidationError from the service lands on the form
(nothing is stored); on success, a message and a redirect."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import add_service_error


def form_step(
    request: HttpRequest,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    *,
    template: str,
    context: dict[str, Any],
    success_message: str,
    success_url: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(request, template, {"form": form, **context})


def post_data(request: HttpRequest) -> Any:
    """The POST data for a bound form, or None on GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
