"""The crisis detector (bot/safety/crisis.py) on the messages of issue 9 and their kin.

It needs build/crisis-detector-en.npz (`make` builds it; `make pytest` depends on it). Its
figures on the held-out sets are printed by `make eval` (scripts/crisis_eval.py).
"""

from __future__ import annotations

import pytest

from bot.language.en import crisis_phrases
from bot.language.en.crisis_phrases import passages, pieces, unmistakable
from bot.safety.crisis import CATEGORIES, REASSURED_DISCOUNT, Crisis, shared_detector

CRISES = {
    "going to hang myself": "suicide",
    "i'm going to end it": "suicide",
    "i have a gun and i'm thinking of using it": "suicide",
    "life isn't worth living": "suicide",
    "I don't want to wake up tomorrow": "suicide",
    "nobody would miss me": "suicide",
    "I've been saving up my pills": "suicide",
    "kms": "suicide",
    "my speech is slurred": "medical",
    "short of breath": "medical",
    "i think i have gangrene": "medical",
    "my blood sugar is 40 and i'm shaky and confused": "medical",
    "my dad just collapsed": "medical",
    "the device burned my skin": "burn",
    "my grandson swallowed a handful of my pills": "overdose",
    "my son hits me when he drinks": "abuse",
}
ROUTINE = [
    "my feet burn and tingle",
    "pins and needles in my toes all day",
    "my feet are numb",
    "it feels like walking on broken glass",
    "my feet are always cold",
    "I'd kill for a Saturday slot",
    "my heart sank at the price",
    "I had a stroke five years ago",
    "is it safe with a pacemaker?",
    "my husband gets short of breath on stairs, is there an elevator?",
    "what are your hours on thursday?",
    "I'd like to book an appointment",
    "Mary Jones",
    "skip",
]


@pytest.mark.parametrize("text, category", CRISES.items())
def test_crises_as_people_write_them_are_found_with_their_kind(text, category):
    crisis = shared_detector().detect(text)
    assert crisis is not None, text
    assert crisis.category == category


@pytest.mark.parametrize("text", ROUTINE)
def test_everyday_neuropathy_talk_figures_of_speech_and_history_are_not_crises(text):
    assert shared_detector().detect(text) is None


def test_a_crisis_in_the_middle_of_a_long_message_is_found():
    text = (
        "What are your hours? My son drives me on Thursdays. " * 30
        + "the gun is next to me... sorry. "
        + "Is there parking? " * 30
    )
    assert shared_detector().detect(text).category == "suicide"


def test_a_crisis_in_a_long_run_on_sentence_is_found():
    text = (
        "can i move my thursday appt because my daughter has work and also " * 3
        + "my toe went black yesterday and i have chills"
    )
    assert shared_detector().detect(text) is not None


def test_every_category_can_be_told_apart():
    assert {c for c in CRISES.values()} == set(CATEGORIES)


def test_empty_and_huge_messages_are_safe():
    assert shared_detector().detect("") is None
    assert shared_detector().detect("   \n ") is None
    assert shared_detector().detect("hello " * 20_000) is None


def test_pieces_are_sentences_and_windows_of_long_ones():
    assert pieces("Hi there. How are you?\nFine") == ["Hi there", "How are you", "Fine"]
    long = " ".join(f"w{i}" for i in range(40))
    found = pieces(long)
    assert found[0] == long and all(len(p.split()) <= 12 for p in found[1:])
    assert found[-1].endswith("w39") and len(found) > 3


@pytest.mark.parametrize(
    "text",
    [
        "I was suicidal years ago but I'm doing well now",
        "I'm not suicidal, just fed up with the pain",
        "I burned my foot on a heating pad last winter, it healed",
        "does the lamp burn numb skin?",
    ],
)
def test_past_denied_and_asked_phrases_are_left_to_the_classifier(text):
    assert unmistakable(text) is None


def test_the_classifier_reads_each_sentence_with_its_neighbours():
    assert passages("Hi there.") == ["Hi there"]
    assert passages("Is he safe? He's very calm") == ["Is he safe He's very calm"]
    assert passages("A b. C d. E f. G h") == ["A b C d", "A b C d E f", "C d E f G h", "E f G h"]
    long = " ".join(f"w{i}" for i in range(40))
    assert passages(f"Hello. {long}") == [f"Hello {long}", *pieces(long)[1:]]
    assert passages("") == []


@pytest.mark.parametrize(
    "reading, crisis", [("40", True), ("54", True), ("55", False), ("180", False), ("400", False), ("450", True)]
)
def test_a_blood_sugar_reading_is_a_crisis_only_when_dangerous(reading, crisis):
    assert (unmistakable(f"my blood sugar is {reading}") == "medical") is crisis


# --- right after the crisis reply (channels/common.py reads these only then) -----------------


@pytest.mark.parametrize(
    "text",
    [
        "no im not ok, i still want to do it",
        "actually no im not fine",
        "still want to",
        "i dont feel safe",
        "not really, no one to talk to",
        "i still feel that way still",
        "you're a robot, you don't get it. it doesn't matter anymore",
        "whats the point",
        "shes getting more sleepy now and hot, should i wait",
        "my mom is really sleepy and burning up, do i wait or what",
        "shes barely waking up",
        "stop. i dont want a hotline",
    ],
)
def test_words_that_say_the_crisis_goes_on(text):
    assert crisis_phrases.still_in_crisis(text) and not crisis_phrases.all_right_now(text)


@pytest.mark.parametrize("text", ["no", "yeah", "idk", "not really"])
def test_bare_answers_count_only_right_after_the_crisis_reply(text):
    assert crisis_phrases.bare_answer(text) and not crisis_phrases.all_right_now(text)


@pytest.mark.parametrize(
    "text",
    ["im fine now, sorry", "nvm forget it", "false alarm, its gone now", "shes fine now", "no its not a emergancy"],
)
def test_words_that_say_all_is_well_now(text):
    assert crisis_phrases.all_right_now(text) and not crisis_phrases.still_in_crisis(text)


def test_a_message_read_twice_is_classified_once_and_its_text_is_not_kept(monkeypatch):
    detector = shared_detector()
    text = "my toes went black this morning and there is pus, just checking twice"
    calls = []
    real = detector._detect
    monkeypatch.setattr(detector, "_detect", lambda t: calls.append(t) or real(t))
    first, second = detector.detect(text), detector.detect(text)
    assert first == second and first is not None and len(calls) <= 1
    assert all(isinstance(key, bytes) and text.encode() not in key for key in detector._recent)


@pytest.mark.parametrize("text", ["i already took some of them", "like 10 of them maybe", "swallowed the pills"])
def test_after_a_crisis_reply_having_taken_something_is_an_overdose(text):
    assert crisis_phrases.still_in_crisis(text) and crisis_phrases.took_something(text)


@pytest.mark.parametrize("text", ["forget i said anything", "just venting lol", "ignore me"])
def test_taking_it_back_gets_the_check_in(text):
    assert crisis_phrases.all_right_now(text)


@pytest.mark.parametrize(
    "text, category",
    [
        ("thinking of jumping off my balcony right now", "suicide"),
        ("can you take 15 tramadol at once? i already did", "overdose"),
        ("i took like 20 of my pills", "overdose"),
        ("my son ODd last night", "overdose"),
        ("mi esposo no puede hablar bien y su cara esta caida", "medical"),
    ],
)
def test_phrases_found_on_the_fourth_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "will I be the odd one out lol",
        "my overdose of coffee today lol, i'm jittery",
        "i'm gonna die of boredom in the waiting room",
        "my feet burn like crazy every night, is this something your light therapy can help with",
        "I take 20 units of insulin in the morning",
        "i take 3 pills in the morning",
    ],
)
def test_figures_of_speech_and_doses_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text, category",
    [
        ("he ran a hose from the exhaust into the garage", "suicide"),
        ("what if i swallow all my gabapentin, would that be painless", "suicide"),
        ("whats a painless way to die", "suicide"),
        ("grandma fell in the hallway and isn't answering me", "medical"),
        ("my husband fell off the step stool and can't get up", "medical"),
        ("the skin on my heel went white and leathery after the heat lamp", "burn"),
        ("my aide ties me to the chair all afternoon", "abuse"),
        ("I think my father was poisoned by the old gas heater", "overdose"),
        ("my daughter says he poisoned her drink", "overdose"),
        ("my son OD'd on his pain pills", "overdose"),
    ],
)
def test_phrases_found_on_the_fifth_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "I poisoned the weeds along the fence with vinegar",
        "I take 14 pills a day, can I bring the list",
        "he takes 10 tablets daily for his heart",
        "overdosed on christmas cookies again",
        "OD'd on netflix all weekend",
        "i'll die happy if these feet stop burning",
        "I fell last spring and couldn't get up for a while, I'm fine now",
        "is the light therapy painless?",
    ],
)
def test_treats_doses_and_old_falls_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text, category",
    [
        ("left a goodbye letter on the kitchen table", "suicide"),
        ("by the time anyone reads this i'll be gone", "suicide"),
        ("it was nice knowing everyone here", "suicide"),
        ("last time i tried to end it i failed", "suicide"),
        ("my wife is on chemo and has a fever of 101 tonight", "medical"),
        ("dont bother booking me, by tomorrow i wont be here", "suicide"),
        ("i won't be around to feel any of it soon", "suicide"),
    ],
)
def test_phrases_found_on_the_sixth_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "I'm bleeding out here with all these co-pays",
        "she had a fever during chemo back in 2015, fine now",
        "I won't be around next week, we're at the lake",
        "I won't be here to answer the phone, try my cell",
    ],
)
def test_money_talk_old_fevers_and_trips_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text, carry_on",
    [("its ok now, can we finish the booking", True), ("lets keep going", True), ("thanks, bye", False)],
)
def test_asking_to_go_on_with_a_paused_form(text, carry_on):
    assert crisis_phrases.wants_to_carry_on(text) is carry_on


@pytest.mark.parametrize(
    "text, category",
    [
        ("do you have a number for someone to talk to? i dont trust myself tonight", "suicide"),
        ("the baby bit into one of those dishwasher pods", "overdose"),
        ("my husband just passed out in the kitchen", "medical"),
        ("mi madre tomo muchas pastillas para dormir", "overdose"),
        ("mi padre no despierta", "medical"),
        ("mi pie esta negro y tengo fiebre", "medical"),
        ("also i have a noose set up in the basement", "suicide"),
        ("what if my husband is having a stroke right now", "medical"),
        ("if hes not breathing what do i do", "medical"),
    ],
)
def test_phrases_found_on_the_seventh_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "I dont trust myself to drive with numb feet",
        "I passed out once in 2019 after a blood draw",
        "she ate some coffee cake before the session",
        "If my feet start to blister after treatment what should I do",
        "If I get chest pain at home after a session, should I call you or 911",
        "What happens if someone has a seizure during treatment",
    ],
)
def test_trust_fainting_food_talk_and_what_ifs_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "the feet thing is secondary. my boyfriend pushed me down the stairs last night",
        "he says hell do worse if i tell anyone",
        "my son hit me again",
    ],
)
def test_violence_by_a_partner_or_relative_is_abuse(text):
    # Found by the outside check: the first got the 988 reply, with no domestic-violence line.
    assert unmistakable(text) == "abuse"


@pytest.mark.parametrize(
    "text",
    ["my husband pushed my wheelchair up the ramp", "he hit my car in the parking lot", "he pushed me to the car"],
)
def test_pushing_a_wheelchair_or_hitting_a_car_is_not_abuse(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text, safe",
    [
        ("ok the ambulance came, im safe", True),
        ("she is safe now, the paramedics checked her", True),
        ("we're all safe", True),
        ("im not safe", False),
        ("i dont feel safe", False),
        ("is it safe for diabetics?", False),
    ],
)
def test_saying_they_are_safe_in_so_many_words(text, safe):
    assert crisis_phrases.says_safe(text) is safe


@pytest.mark.parametrize(
    "text, safe",
    [
        ("ok called poison control, he's ok for now", True),
        ("paramedics came, she is ok now and sitting up", True),
        ("i called them and talked to someone, im safe now", True),
        ("The paramedics have been. He's fine. Can we finish the booking for him?", True),
        ("police came and took him. im at my sisters now, safe. ok where were we", True),
        ("I'm fine, I'll just take them all tonight", False),
        ("its ok hes not here right now", False),
        ("called poison control but hes not ok", False),
    ],
)
def test_safe_now_once_help_came_or_in_so_many_words(text, safe):
    assert crisis_phrases.safe_now(text) is safe


@pytest.mark.parametrize(
    "text, came",
    [
        ("ok ambulance come and take her to hospital", True),
        ("we called 911 and the paramedics arrived", True),
        ("ok my husband is driving me to the ER now", True),
        ("we're on our way to the hospital", True),
        ("ya vino la ambulancia", True),
        ("i am calling now they not answer yet, i am scared", False),
    ],
)
def test_help_came(text, came):
    assert crisis_phrases.help_came(text) is came


@pytest.mark.parametrize(
    "text, category",
    [
        ("theres a man following me from the bus stop", "abuse"),
        ("a car has been following me since the pharmacy", "abuse"),
        ("mi esposo me esta golpeando, estoy encerrada en el cuarto", "abuse"),
        ("ya no importa, me voy a matar hoy", "suicide"),
        ("el pie de mi papa esta negro y huele muy mal", "medical"),
        ("i just lost vision in one eye, like a curtain came down over it", "medical"),
        ("he suddenly lost feeling in his left arm", "medical"),
    ],
)
def test_phrases_found_on_the_eighth_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "my battery is about to die, just confirm tues 2pm",
        "went to the er last week for chest pain, turned out to be heartburn, all clear",
        "the therapist told me to watch out for blisters from the session",
        "is there a risk of burns from the lamp",
        "I just lost my wife last month",
        "my dog keeps following me around",
    ],
)
def test_dying_phones_resolved_scares_warnings_and_loss_are_not_phrases(text):
    assert unmistakable(text) is None


def test_a_thing_that_dies_does_not_hide_a_person_who_wants_to():
    assert unmistakable("my phone is going to die and I want to die") == "suicide"


@pytest.mark.parametrize(
    "text, category",
    [
        ("mi papa no puede respirar y tiene los labios morados", "medical"),
        ("mi papá se desmayó en el baño", "medical"),
        ("mi esposo tiene la cara chueca desde hace 10 minutos", "medical"),
        ("me tomé todo el frasco de gabapentina", "overdose"),
        ("la niña se bebió el cloro", "overdose"),
        ("me quemé el pie con la almohadilla eléctrica", "burn"),
        ("mi hijo le está pegando a mi mamá", "abuse"),
        ("dice que me va a matar", "abuse"),
        ("mi hermano dice que se va a matar", "suicide"),
    ],
)
def test_a_crisis_written_in_spanish_gets_its_own_kind(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "me queman los pies en la noche",
        "este dolor me mata",
        "me muero de ganas de empezar la terapia",
        "tuve una quemadura hace dos años",
        "¿la lámpara puede causar quemaduras?",
    ],
)
def test_spanish_neuropathy_talk_figures_and_history_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text, category",
    [
        ("ive got a temp of 103 and my diabetic ulcer is full of pus", "medical"),
        ("pus coming out of his toe and now he has the chills", "medical"),
        ("my hubby's having a fit in the pharmacy next door to you", "medical"),
        ("she is having a fit right now on the kitchen floor", "medical"),
    ],
)
def test_phrases_found_on_the_ninth_dev_set(text, category):
    assert unmistakable(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "pus coming out of the wound, no fever",
        "my wife is having a fit about the bill",
        "got a tiny blister from new shoes, not from the therapy",
        "say I got a blister after treatment, what do I do",
        "my friend said she got blisters from a cheap infrared pad",
        "I heard that the lamp burned someone at another clinic",
    ],
)
def test_no_fever_anger_other_causes_supposed_and_hearsay_are_not_phrases(text):
    assert unmistakable(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "short of breath even sitting still, can't finish a sentence",
        "I'm short of breath just sitting here",
        "so out of breath i cant finish sentences",
        "he's short of breath lying down tonight",
    ],
)
def test_breathless_at_rest_is_a_medical_phrase(text):
    assert unmistakable(text) == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "my husband gets short of breath on stairs, is there an elevator?",
        "I had pneumonia last month and was really short of breath but I've recovered",
        "what if I start feeling short of breath during the session, can I sit up?",
    ],
)
def test_breathless_on_effort_or_in_the_past_is_not_a_phrase(text):
    assert unmistakable(text) is None


def test_a_burn_a_relative_reports_still_counts():
    assert unmistakable("my mom said the pad burned her foot, blister now") == "burn"


@pytest.mark.parametrize(
    "text, reassured",
    [
        ("took an extra half pill last night, feel fine today", True),
        ("scratched my leg a little. Nothing serious", True),
        ("I'm going to kill my husband lol", True),
        ("just want to know ahead of time", True),
        ("my daughter says I'll give her a heart attack 😂", True),
        ("my chest hurts and my arm is numb", False),
        ("I'm not fine", False),
        ("the hotel lobby", False),
    ],
)
def test_words_that_say_all_is_well_or_in_jest(text, reassured):
    assert crisis_phrases.reassured(text) is reassured


def test_a_reassured_message_is_scored_lower_by_the_classifier_but_not_by_a_phrase():
    detector = shared_detector()
    text = "took an extra half of my nerve pill last night because the pain was bad, feel fine today"
    read = passages(text)
    unreassured = detector.classifier.crisis_scores(read, detector.encoder.sentence_vectors(read)).max()
    assert detector.crisis_score(text) == pytest.approx(unreassured - REASSURED_DISCOUNT)
    assert detector.detect("I can't breathe lol") == Crisis("medical", "phrase")


@pytest.mark.parametrize(
    "text",
    [
        "I've got a small blister on my heel from new work shoes, nothing to do with any therapy",
        "There's no device and no burn, it's a shoe blister",
        "So is the shoe blister a problem for the treatment or not",
        "My husband wants to burn a CD of relaxing music for the sessions",
    ],
)
def test_a_blister_from_shoes_or_a_burn_denied_is_not_a_burn_phrase(text):
    assert all(unmistakable(piece) is None for piece in pieces(text))


@pytest.mark.parametrize(
    "text",
    [
        "my foot has a red blister where the pad was and it's getting bigger",
        "My husband's foot looks cooked, red and blistered, after he fell asleep with the heating pad on it",
        "Woke up to big blisters where the hot water bottle leaked on my feet",
        "blisters on my feet after the session yesterday",
        "scalded my feet in the foot bath",
    ],
)
def test_a_burn_from_a_device_or_heat_is_a_burn_phrase(text):
    assert any(unmistakable(piece) == "burn" for piece in pieces(text))


def test_burning_oneself_with_a_lighter_on_purpose_is_self_harm_not_a_device_burn():
    text = "burnt my arm with a lighter on purpose again tonight, I keep doing it and now I want to do something worse"
    assert shared_detector().detect(text) == Crisis("suicide", "classifier")


def test_a_question_after_a_greeting_that_supposes_a_blister_is_not_a_burn_phrase():
    text = "hi! quick question before i book, what should i do if i ever get a blister after one of the sessions?"
    assert all(unmistakable(piece) is None for piece in pieces(text))
    assert unmistakable("my dad collapsed, what should i do if he stops breathing") == "medical"


def test_a_blister_from_boots_lowers_the_classifier_score():
    assert crisis_phrases.reassured("i got a blister on my heel from these new boots, theyre way too tight")
    assert not crisis_phrases.reassured("the pad left a blister on my heel")


@pytest.mark.parametrize(
    "text, losing",
    [
        ("shes getting really drowsy now and wont answer me properly", True),
        ("hes barely awake", True),
        ("she passed out", True),
        ("shes awake and talking, just a bit dizzy", False),
        ("how many is too many", False),
    ],
)
def test_after_a_crisis_reply_words_that_say_someone_is_passing_out(text, losing):
    assert crisis_phrases.losing_consciousness(text) is losing


@pytest.mark.parametrize(
    "typed", ["i dont have it", "I don't have it", "Ive been before", "Im safe", "Talk to a person"]
)
def test_button_titles_typed_by_hand_are_not_crises(typed):
    assert shared_detector().detect(typed) is None


@pytest.mark.parametrize(
    "text, category",
    [
        ("hi. i had an appointment next week but honestly i dont see the point of going on anymore", "suicide"),
        ("i cant see any reason to go on", "suicide"),
        ("i dont see the point of going on with the treatment", None),
        ("is there any reason to go on the waiting list", None),
    ],
)
def test_seeing_no_point_in_going_on_is_a_phrase_but_not_going_on_with_a_treatment(text, category):
    assert next(filter(None, map(unmistakable, pieces(text))), None) == category
