"""Authoring checks in Wagtail: the blocks validate what trainers type, and the editor opens."""

import pytest
from django.core.exceptions import ValidationError

from courses.knowledge_checks import MultipleChoiceBlock, SingleChoiceBlock
from tests.factories import organiser


def options(*flags):
    return {"question": "Which?", "explanation": "",
            "options": [{"text": f"o{n}", "correct": flag, "feedback": ""}
                        for n, flag in enumerate(flags)]}


@pytest.mark.parametrize("flags", [(False, False), (True, True)])
def test_single_choice_needs_exactly_one_right_option(flags):
    block = SingleChoiceBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(options(*flags)))
    block.clean(block.to_python(options(True, False)))


def test_multiple_choice_needs_a_right_option():
    block = MultipleChoiceBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(options(False, False)))
    block.clean(block.to_python(options(True, True)))


def test_a_question_longer_than_the_limit_is_refused():
    block = SingleChoiceBlock()
    value = options(True, False)
    value["question"] = "x" * 501
    with pytest.raises(ValidationError):
        block.clean(block.to_python(value))


def test_module_editor_offers_the_check_and_its_settings(client, module):
    client.force_login(organiser())
    response = client.get(f"/cms/pages/{module.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Knowledge check" in html and 'name="pass_mark"' in html
    assert 'name="max_attempts"' in html
