"""import_case_studies: the example file goes in; a bad file is rejected whole."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from learning.models import CaseStudyPage

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "case_studies.json"


def example_items():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def run_import(tmp_path, content, capsys):
    path = tmp_path / "import.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    call_command("import_case_studies", str(path))
    return capsys.readouterr().out


def test_example_file_is_imported(capsys):
    call_command("import_case_studies", str(EXAMPLE))
    assert "4 created" in capsys.readouterr().out
    green_roofs = CaseStudyPage.objects.get(external_id="gdansk-2025-014")
    assert green_roofs.live and green_roofs.city.slug == "gdansk"
    assert green_roofs.locale.language_code == "en"
    assert sorted(t.slug for t in green_roofs.themes.all()) == [
        "integrated-urban-planning",
        "safety-security-resilience",
    ]
    assert sorted(green_roofs.tags.names()) == ["bus stops", "climate adaptation", "green roofs"]
    assert green_roofs.budget_amount == 480000 and green_roofs.budget_currency == "PLN"
    assert [block.block_type for block in green_roofs.body] == [
        "paragraph",
        "key_figures",
        "paragraph",
    ]
    schools = CaseStudyPage.objects.get(external_id="lviv-2026-003")
    assert not schools.live, "publish: false leaves a draft"
    assert schools.locale.language_code == "uk" and schools.city.title == "Львів"
    bicycles = CaseStudyPage.objects.get(external_id="utrecht-2026-007")
    assert bicycles.live and bicycles.locale.language_code == "nl"
    assert bicycles.city.title == "Utrecht" and bicycles.city.locale == bicycles.locale
    assert {t.name for t in bicycles.themes.all()} == {
        "Duurzame mobiliteit",
        "Integrale stedelijke planning",
    }


def test_a_translation_is_linked_to_its_original(client, capsys):
    call_command("import_case_studies", str(EXAMPLE))
    original = CaseStudyPage.objects.get(external_id="gdansk-2025-014")
    polish = CaseStudyPage.objects.get(external_id="gdansk-2025-014-pl")
    assert polish.locale.language_code == "pl" and polish.city.title == "Gdańsk"
    assert list(original.get_translations()) == [polish]
    page = client.get(original.url).content.decode()
    assert f'<link rel="alternate" hreflang="pl" href="http://testserver{polish.url}">' in page
    assert f'<a href="{polish.url}" hreflang="pl" lang="pl">Polski</a>' in page
    page = client.get(polish.url).content.decode()
    assert f'<a href="{original.url}" hreflang="en" lang="en">English</a>' in page


def test_reimporting_updates_by_external_id_and_skips_unchanged(tmp_path, capsys):
    items = example_items()
    run_import(tmp_path, items, capsys)
    revisions = Revision.objects.count()
    assert "4 unchanged" in run_import(tmp_path, items, capsys)
    assert Revision.objects.count() == revisions

    items[0]["title"] = "Green roofs on all bus shelters"
    items[0]["city"] = items[1]["city"] = "warsaw"
    out = run_import(tmp_path, items, capsys)
    assert "2 updated" in out and "2 unchanged" in out
    page = CaseStudyPage.objects.get(external_id="gdansk-2025-014")
    assert page.title == "Green roofs on all bus shelters"
    assert page.city.slug == "warsaw" and page.get_parent().slug == "warsaw"
    assert page.get_translations().get().specific.city.slug == "warsaw"
    assert CaseStudyPage.objects.count() == 4


def bad(change):
    items = example_items()
    change(items)
    return items


BAD_FILES = {
    "unknown city": (
        bad(lambda i: i[0].update(city="atlantis")),
        ["item 0, 'city': unknown city 'atlantis'"],
    ),
    "unknown theme": (
        bad(lambda i: i[1].update(themes=["teleportation"])),
        ["item 1, 'themes': unknown theme 'teleportation'"],
    ),
    "missing title": (bad(lambda i: i[1].pop("title")), ["item 1, 'title': is required"]),
    "wrong types": (
        bad(lambda i: i[0].update(period_start="2024", publish="yes", tags="roofs")),
        [
            "item 0, 'period_start': must be a year",
            "item 0, 'publish': must be true",
            "item 0, 'tags': must be a list",
        ],
    ),
    "several problems": (
        bad(lambda i: (i[0].update(status="done"), i[1].update(locale="fr"))),
        [
            "item 0, 'status': must be one of planned, ongoing, completed",
            "item 1, 'locale': unknown locale 'fr'",
        ],
    ),
    "duplicate id": (
        bad(lambda i: i[1].update(external_id=i[0]["external_id"])),
        ["item 1, 'external_id': 'gdansk-2025-014' appears more than once"],
    ),
    "not a list": ({"title": "x"}, ["must contain a JSON list"]),
    "translation of nothing": (
        bad(lambda i: i[1].update(translation_of="gdansk-2099-001")),
        ["item 1, 'translation_of': no case study 'gdansk-2099-001' before this item"],
    ),
    "translation before its original": (
        bad(lambda i: i.reverse()),
        ["item 2, 'translation_of': no case study 'gdansk-2025-014' before this item"],
    ),
    "translation in the same language": (
        bad(lambda i: i[1].update(locale="en", city="gdansk", themes=["energy-efficiency"])),
        ["item 1, 'translation_of': 'gdansk-2025-014' is in the same language"],
    ),
    "translation about another city": (
        bad(lambda i: i[1].update(city="warsaw")),
        ["item 1, 'translation_of': 'gdansk-2025-014' is about another city"],
    ),
    "two translations in one language": (
        bad(lambda i: i.insert(2, {**i[1], "external_id": "gdansk-2025-014-pl-2"})),
        ["item 2, 'translation_of': item 1 already translates 'gdansk-2025-014'"],
    ),
    # What the admin would refuse later, or the database now: limits come from the model.
    "title without letters": (
        bad(lambda i: i[0].update(title="!!!")),
        ["item 0, 'title': needs a letter or digit"],
    ),
    "title too long": (
        bad(lambda i: i[0].update(title="T" * 256)),
        ["item 0, 'title': Ensure this value has at most 255 characters (it has 256)"],
    ),
    "external id too long": (
        bad(lambda i: i[1].update(external_id="x" * 101)),
        ["item 1, 'external_id': Ensure this value has at most 100 characters"],
    ),
    "contact name too long": (
        bad(lambda i: i[0].update(contact_name="N" * 201)),
        ["item 0, 'contact_name': Ensure this value has at most 200 characters"],
    ),
    "summary too long": (
        bad(lambda i: i[0].update(summary="S" * 601)),
        ["item 0, 'summary': Ensure this value has at most 600 characters"],
    ),
    "tag too long": (
        bad(lambda i: i[0].update(tags=["t" * 101])),
        ["item 0, 'tags': Tag(s) " + "t" * 101 + " are over 100 characters"],
    ),
    "tag without letters": (
        bad(lambda i: i[0].update(tags=["green roofs", "!!!"])),
        ["item 0, 'tags': A tag needs at least one letter or digit: “!!!”"],
    ),
    "key figure too long": (
        bad(lambda i: i[0]["key_figures"][0].update(value="9" * 41)),
        ["item 0, 'key_figures': figure 0, 'value': Ensure this value has at most 40 characters"],
    ),
    "infinite budget": (
        bad(lambda i: i[0].update(budget_amount=float("inf"))),
        ["item 0, 'budget_amount': Enter a number"],
    ),
    "budget not a number": (
        bad(lambda i: i[0].update(budget_amount=float("nan"))),
        ["item 0, 'budget_amount': must be a number"],
    ),
    "budget beyond its digits": (
        bad(lambda i: i[0].update(budget_amount=1e20)),
        ["item 0, 'budget_amount': Ensure that there are no more than 14 digits in total"],
    ),
    "null character": (
        bad(lambda i: i[0].update(results="Done.\x00")),
        ["item 0, 'results': contains a null character"],
    ),
    "null character in a key figure": (
        bad(lambda i: i[1].update(key_figures=[{"label": "\x00", "value": "1"}])),
        ["item 1, 'key_figures': contains a null character"],
    ),
    "lone surrogate": (
        bad(lambda i: i[1].update(external_id="lviv-\ud800")),
        ["item 1, 'external_id': contains an unpaired surrogate"],
    ),
    "lone surrogate in a tag": (
        bad(lambda i: i[0]["tags"].append("roofs \udfff")),
        ["item 0, 'tags': contains an unpaired surrogate"],
    ),
    "nested too deeply": ("[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
    "integer too long": (
        '[{"period_start": ' + "1" * 5000 + "}]",
        ["a number in the file has more than 4300 digits"],
    ),
    "malformed JSON": (
        '[{"external_id": "x",\n  "title": }]',
        ["line 2, column 12: not valid JSON"],
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_rejected_with_every_problem_and_nothing_written(tmp_path, capsys, name):
    content, expected_problems = BAD_FILES[name]
    pages_before = CaseStudyPage.objects.count()
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(tmp_path, content, capsys)
    errors = capsys.readouterr().err
    for problem in expected_problems:
        assert problem in errors
    assert CaseStudyPage.objects.count() == pages_before == 0


def test_large_files_report_progress(tmp_path, capsys):
    template = example_items()[0]
    items = [dict(template, external_id=f"bulk-{n}", title=f"Bulk {n}") for n in range(50)]
    out = run_import(tmp_path, items, capsys)
    assert "50/50 case studies written" in out
    assert "50 created" in out


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_case_studies", str(tmp_path / "missing.json"))
