"""The clinic's own Python package: settings, database, scheduling, channels and the staff CLI.

Nothing in here imports Rasa or the action server, so the business rules are tested with
plain pytest.
"""
