"""Pure Meta CAPI knowledge: no Qt, no network, no file I/O."""
