"""Rasa stores of this project (named by module path in endpoints.yml)."""
