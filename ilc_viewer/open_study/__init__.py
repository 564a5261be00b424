"""One opened study: the chosen study and layout, the viewer state, annotations and pixels."""
