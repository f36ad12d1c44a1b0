"""The forms' conversations in plain Python, with no Rasa: what a patient's message gives, what
to say back (response names from domain.yml, with their values and buttons), and which question
comes next. actions/ turns a Turn into Rasa events; pytest drives these directly.

The answer to the question being asked comes first: text that fits it fills it, whatever the
intent classifier preferred. Only a clear interruption (a crisis, a question, "stop", a request
for a person...) leaves the question to the dialogue rules (data/dialogue/interruptions.yml).
"""
