"""Scoring of every question kind, on snapshots (courses.knowledge_checks)."""

import pytest

from courses.knowledge_checks import Score, feedback_for, is_correct, normalise_text, score


def choice(kind, *correct_flags, feedback=()):
    feedback = list(feedback) + [""] * (len(correct_flags) - len(feedback))
    return {"id": "q", "kind": kind, "text": "?", "accepted": [], "explanation": "",
            "feedback_correct": "", "feedback_incorrect": "",
            "options": [{"text": f"o{n}", "correct": c, "feedback": f}
                        for n, (c, f) in enumerate(zip(correct_flags, feedback, strict=True))]}


def short(*accepted, right="Right.", wrong="Wrong."):
    return {"id": "q", "kind": "short_text", "text": "?", "options": [], "explanation": "",
            "accepted": list(accepted), "feedback_correct": right, "feedback_incorrect": wrong}


def test_single_choice_needs_the_one_right_option():
    question = choice("single_choice", False, True, False)
    assert is_correct(question, [1])
    assert not is_correct(question, [0])
    assert not is_correct(question, [1, 2])  # a forged multi-answer is not right
    assert not is_correct(question, None)


def test_multiple_choice_needs_exactly_the_right_set():
    question = choice("multiple_choice", True, True, False)
    assert is_correct(question, [0, 1])
    assert is_correct(question, [1, 0])
    assert not is_correct(question, [0])  # a subset is not enough
    assert not is_correct(question, [0, 1, 2])  # nor a superset


def test_true_false():
    statement_is_false = choice("true_false", False, True)
    assert is_correct(statement_is_false, [1])
    assert not is_correct(statement_is_false, [0])


@pytest.mark.parametrize("typed", ["Agent", "  agent ", "AGENT.", "agent!"])
def test_short_text_ignores_case_spaces_and_final_punctuation(typed):
    assert is_correct(short("agent"), typed)


def test_short_text_accepts_any_alternative_and_collapses_inner_spaces():
    question = short("human agent", "helpline staff")
    assert is_correct(question, "Helpline   Staff")
    assert is_correct(question, "human agent")
    assert not is_correct(question, "agent")
    assert not is_correct(question, "")


def test_short_text_devanagari_compares_after_nfc():
    # क़ (U+0958, precomposed) and क + ़ (U+0915 U+093C) are the same letter.
    question = short("\u0958\u093e\u0928\u0942\u0928")  # क़ानून
    assert is_correct(question, "\u0915\u093c\u093e\u0928\u0942\u0928")
    assert is_correct(short("सहमति"), " सहमति। ")  # the danda is punctuation
    assert not is_correct(short("सहमति"), "सहमत")


def test_normalise_text():
    assert normalise_text("  Opt   IN. ") == "opt in"


def test_feedback_of_chosen_options_and_short_text():
    question = choice("multiple_choice", True, False, True, feedback=("yes", "no", ""))
    assert feedback_for(question, [0, 1]) == ["yes", "no"]
    assert feedback_for(question, [99]) == []  # forged index: nothing, no error
    assert feedback_for(short("a"), "a") == ["Right."]
    assert feedback_for(short("a"), "b") == ["Wrong."]


def test_score_and_pass_mark_compare_exactly():
    snapshot = {"questions": [dict(choice("single_choice", True, False), id=str(n))
                              for n in range(3)]}
    two_of_three = score(snapshot, {"0": [0], "1": [0], "2": [1]})
    assert (two_of_three.correct, two_of_three.total, two_of_three.percent) == (2, 3, 66)
    assert not two_of_three.passes(67)  # 66.67 % is below 67 %
    assert two_of_three.passes(66)
    assert two_of_three.passes(None)
    assert Score(7, 10).passes(70)
    assert not Score(6, 10).passes(70)
    assert not Score(0, 0).passes(1)
