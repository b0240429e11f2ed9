"""The no-test-code question: live dataset wording for Meta, emulator wording for loopback."""

from __future__ import annotations

from capi_desktop.domain.lint.live_send import no_test_code_warning, sends_to_live_data


def test_meta_graph_is_live_and_says_so() -> None:
    text = no_test_code_warning("https://graph.facebook.com", "123")
    assert sends_to_live_data("https://graph.facebook.com")
    assert "live dataset of pixel 123" in text and "real conversions" in text


def test_an_emulator_profile_never_talks_of_real_conversions() -> None:
    for url in ("http://127.0.0.1:8765", "http://localhost:9000", "http://[::1]:8000"):
        text = no_test_code_warning(url, "123")
        assert not sends_to_live_data(url)
        assert (
            "real conversions" not in text and "emulator" in text and "nothing reaches Meta" in text
        )


def test_an_unparseable_url_is_treated_as_live() -> None:
    assert sends_to_live_data("http://[x")
