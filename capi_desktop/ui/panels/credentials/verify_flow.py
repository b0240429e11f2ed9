"""Verify: run `check_credentials` in the background (cancellable) and show the outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from capi_desktop.domain.redact import redact
from capi_desktop.domain.secret import Secret

if TYPE_CHECKING:
    import asyncio

    from capi_desktop.ui.panels.credentials.panel import CredentialsPanel


class VerifyFlow:
    """Runs Verify for the panel; the results live in the ProfilesController (this session)."""

    def __init__(self, panel: CredentialsPanel) -> None:
        self.panel = panel
        self.profiles = panel.controller
        self._verify_task: asyncio.Task[Any] | None = None

    def verify(self, background: bool = False) -> asyncio.Task[Any] | None:
        """Start (or restart) a verification of what the form shows."""
        self.cancel_verify()
        self._verify_task = self.panel.spawn(self._verify(bool(background)))
        return self._verify_task

    def cancel_verify(self) -> None:
        task = self._verify_task
        if task is not None and not task.done():
            task.cancel()

    async def stop(self) -> None:
        """Cancel a running verification and wait until it has unwound (before the HTTP client
        closes: a request cancelled but never awaited leaks its half-open connection attempt)."""
        import asyncio  # here, not at import: off the path to the first painted panel

        task = self._verify_task
        self.cancel_verify()
        if task is not None and not task.done() and task is not asyncio.current_task():
            await asyncio.wait({task}, timeout=3)  # never raises; the task keeps its outcome

    def is_verifying(self) -> bool:
        return self._verify_task is not None and not self._verify_task.done()

    async def _verify(self, background: bool) -> None:
        import asyncio

        view, form = self.panel.verify_view, self.panel.form
        key = self.profiles.result_key
        try:
            profile = form.build_profile(key or "unsaved")
        except ValueError as exc:
            view.show_message("error", f"Fix the profile first: {exc}.")
            return
        token = form.token.token()
        typed = bool(token)
        if not token:
            token = await self.profiles.token(self.profiles.current_id) or ""
        if not token:
            view.show_message(
                "warning",
                "No token to verify: paste one into Access token (see “How do I get a token?”).",
            )
            return
        graph = self.panel.services.graph
        if graph is None:
            view.show_message("error", "The Graph client is not available.")
            return
        secret = Secret(token)
        view.show_busy(
            "Verifying the saved profile in the background…" if background else "Verifying…"
        )
        self.panel.verify_button.setEnabled(False)
        task = asyncio.current_task()
        try:
            check = await graph.check_credentials(profile, secret)
        except asyncio.CancelledError:
            if self._shows(key, task):  # not when replaced by a newer run or another profile
                view.show_message("info", "Verification cancelled.")
            raise
        except Exception as exc:  # e.g. plain http to a remote host: refused before sending
            if self._shows(key, task):
                view.show_message("error", f"Could not verify: {redact(str(exc), secret.reveal())}")
            return
        finally:
            if self._verify_task is task:
                self.panel.verify_button.setEnabled(True)
        emulator = form.is_emulator() if self._shows(key, None) else False
        self.profiles.record(key, check, emulator=emulator)
        if key:
            self.panel.profiles.set_status(key, bool(check.ok))
        if self._shows(key, task):
            self.show_cached_result(key)
            if typed and check.ok:
                self.panel.show_status(
                    "info", "Verified with the token you typed: Save to keep it."
                )

    def _shows(self, key: str, task: asyncio.Task[Any] | None) -> bool:
        """Is the form still on this profile (and, given a task, is it the latest run)?"""
        latest = task is None or self._verify_task is task
        return latest and self.profiles.result_key == key

    def show_cached_result(self, profile_id: str | None) -> None:
        """The last Verify result of this profile in this session, if any."""
        found = self.profiles.result(profile_id)
        if found is None:
            self.panel.verify_view.clear()
            return
        self.panel.verify_view.show_check(
            found.check, emulator=found.emulator, checked_at=found.checked_at
        )
