"""The project's own NLU building blocks: a fast sentence encoder and the spaCy pipeline."""
