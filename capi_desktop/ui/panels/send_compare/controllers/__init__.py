"""Send & Compare controllers: state and logic, no widgets."""
