"""Qt-widget-free state and logic of the Credentials panel: profiles, tokens, Verify, emulator."""
