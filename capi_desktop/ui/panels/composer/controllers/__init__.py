"""The Composer's Qt-free state and logic: the document being edited and its undo history."""
