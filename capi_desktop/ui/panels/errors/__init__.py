"""Error lookup: search the catalogue, decode a pasted Graph response, copy a support summary."""
