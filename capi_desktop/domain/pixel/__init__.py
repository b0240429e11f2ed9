"""The browser side: Pixel hits read from URLs, bodies, cURL/fetch/fbq pastes and HAR, and built back."""
