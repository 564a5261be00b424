"""The words the program shows: the phrase library, the captions and the overlay texts."""
