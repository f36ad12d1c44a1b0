"""The rasa-sdk action server: thin actions over the clinic's `bot` package, one module per concern."""
