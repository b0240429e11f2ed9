"""The HAR / warehouse audit: pairing many hits with many server events, its SQL, and its report."""
