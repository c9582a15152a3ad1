"""The account pages as people meet them in the browser."""

from .conftest import BROWSER, PHONE

pytestmark = BROWSER


def test_remember_me_sits_beside_its_label_in_sentence_case(site, page):
    """allauth writes Ukrainian in English title case ("Запам'ятати Мене"); our corrections
    (locale-overrides/) say it as Ukrainian does, and the checkbox sits right before it."""
    page.set_viewport_size(PHONE)
    page.goto(site + "/uk/accounts/login/")
    label = page.locator("label[for=id_remember]")
    assert label.inner_text().startswith("Запам'ятати мене")
    box, text = page.locator("#id_remember").bounding_box(), label.bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < 8
    assert 0 <= text["x"] - (box["x"] + box["width"]) < 16
