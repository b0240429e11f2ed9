"""Browser-vs-server deduplication: which hit pairs with which event, field rows and Meta's verdict."""
