"""Intent, slot and response names shared by the actions, kept in one place."""

# Intents (the contract in the project's intents list).
FAQ = "faq"
NLU_FALLBACK = "nlu_fallback"
BOOK_APPOINTMENT = "book_appointment"
HUMAN_HANDOFF = "human_handoff"

# Slots set from the clinic's settings at the start of a conversation.
CLINIC_FACT_SLOTS = (
    "clinic_name",
    "clinic_hours_text",
    "clinic_location_text",
    "clinic_contact_text",
    "clinic_prices_text",
    "clinic_sessions_text",
    "clinic_phone_text",
    "reach_person_text",
)
