"""Intent, slot, form and action names the actions share, kept in one place.

The forms' own slots are named in bot/dialogue/ (booking.py, lookup.py); tests/test_dialogue_names.py
checks every name here and there against domain.yml.
"""

# Intents (the contract in the project's intents list).
FAQ = "faq"
NLU_FALLBACK = "nlu_fallback"
BOOK_APPOINTMENT = "book_appointment"
CHECK_APPOINTMENT = "check_appointment"
HUMAN_HANDOFF = "human_handoff"

# Forms.
BOOKING_FORM = "booking_form"
LOOKUP_FORM = "lookup_form"
CALLBACK_FORM = "callback_form"

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

# After a booking: its reference, and (for "will someone confirm tonight?") that one was just
# made, and whether the patient may be called or texted.
BOOKING_REFERENCE = "booking_reference"
JUST_BOOKED = "just_booked"
BOOKED_WITH_CONTACT = "booked_with_contact"
# The FAQ topic answered last, so a follow-up on it gets more than the same paragraph.
LAST_FAQ_TOPIC = "last_faq_topic"
# The call-back form's own slots (its name and phone are shared with the other forms).
CALLBACK_SLOTS = ("callback_reason", "callback_time")
