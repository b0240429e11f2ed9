"""Live test session: browser Pixel hits and relayed server events paired as they arrive."""
