"""Send & Compare controllers: state and logic of the tabs, tested without widgets."""
