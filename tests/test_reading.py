"""Reading pages as copied from news sites: the story kept, page furniture left out, and the
title, dateline and publication date found. The pages are written in the styles of several
outlets; no model is needed."""

from __future__ import annotations

import pytest

from kg.ingest import prepare
from kg.records import Article

BODY = (
    "Russia's Foreign Ministry on Monday accused NATO of provoking tension in the Baltic Sea by "
    "holding large naval exercises near Kaliningrad.\n"
    '"These drills are a direct threat to our security," Deputy Foreign Minister Alexander Grushko said.\n'
    "NATO spokeswoman Allison Hart said the exercises were defensive and had been planned for months.\n"
)


def _read(text: str) -> Article:
    return prepare(Article(source="page.txt", text=text))


def _lines(article: Article) -> list[str]:
    return [article.text[span.begin : span.end] for span in article.content]


def test_reading_drops_menus_and_share_buttons_above_the_story() -> None:
    page = (
        "AP NEWS\nMenu\nWorld News\nU.S. News\nPolitics\n"
        "Russia warns NATO over Baltic naval drills\n"
        "Share\nCopy\nLink copied\nEmail\nFacebook\nX\nReddit\n"
        "MOSCOW (AP) — " + BODY
    )
    article = _read(page)
    assert _lines(article)[0] == "Russia warns NATO over Baltic naval drills"
    assert not {"Menu", "World News", "Politics", "Link copied", "Reddit"} & set(_lines(article))
    assert article.title == "Russia warns NATO over Baltic naval drills"
    assert article.dateline_place == "Moscow"


def test_reading_drops_a_menu_line_of_separated_items() -> None:
    article = _read("Home | Politics | Economy | Sport\nPoland to host NATO exercise\n" + BODY)
    assert article.title == "Poland to host NATO exercise"


def test_reading_keeps_a_list_after_a_colon() -> None:
    article = _read("Troops from four countries take part in the drills, the army said. They are:\n"
                    "Poland\nLithuania\nLatvia\nEstonia\n" + BODY)
    assert {"Poland", "Lithuania", "Latvia", "Estonia"} <= set(_lines(article))


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Updated 14:32 GMT, 3 March 2025", "2025-03-03"),
        ("March 3, 2025 2:14 PM GMT+1Updated 2 hours ago", "2025-03-03"),
        ("Mon 3 Mar 2025 14.32 GMT", "2025-03-03"),
        ("Updated 5 March 2025 | Published 3 March 2025", "2025-03-03"),
        ("by Jane Doe March 3, 2025 4:12 PM 2 min read", "2025-03-03"),
    ],
)
def test_reading_a_timestamp_line_dates_the_article_and_is_no_story_text(stamp: str, published: str) -> None:
    article = _read(f"Russia warns NATO over Baltic naval drills\n{stamp}\n{BODY}")
    assert article.published == published
    assert stamp not in _lines(article)


def test_reading_a_timestamp_below_the_story_dates_another_story() -> None:
    article = _read(f"Russia warns NATO over Baltic naval drills\n{BODY}Related:\nNATO chief visits Kyiv\nMarch 1, 2025\n")
    assert article.published is None


def test_reading_a_sentence_that_starts_with_a_date_is_story_text() -> None:
    article = _read("March 3, 2025 will be remembered as the day the alliance changed.\n" + BODY)
    assert _lines(article)[0].startswith("March 3, 2025 will")


@pytest.mark.parametrize(
    ("opening", "place", "agency", "published"),
    [
        ("KYIV, Ukraine (AP) — ", "Kyiv", "AP", None),
        ("Warsaw, 3 March 2025 /PAP/ - ", "Warsaw", "PAP", "2025-03-03"),
        ("LONDON, 4 March 2025 (PA) - ", "London", "PA", "2025-03-04"),
        ("VILNIUS, Lithuania, March 5 (Reuters) - ", "Vilnius", "Reuters", None),
        ("Helsinki (STT) - ", "Helsinki", "STT", None),
        ("BERLIN, 8 March (dpa) - ", "Berlin", "dpa", None),
        ("WASHINGTON, D.C. — ", "Washington", None, None),
        ("Kyiv, Ukraine CNN —\n", "Kyiv", "CNN", None),
    ],
)
def test_reading_dateline_shapes(opening: str, place: str, agency: str | None, published: str | None) -> None:
    article = _read(opening + BODY)
    assert (article.dateline_place, article.publisher, article.published) == (place, agency, published)
    assert article.dateline is not None and article.text[article.dateline.begin : article.dateline.end] == opening.rstrip("\n")


@pytest.mark.parametrize("opening", ["The President (Putin) said on Monday that ", "Moscow, meanwhile, said that ", "Russia, March 6 and "])
def test_reading_a_sentence_opening_with_a_name_is_no_dateline(opening: str) -> None:
    assert _read(opening + BODY).dateline is None


@pytest.mark.parametrize(
    "furniture",
    [
        "Reporting by Jane Doe; Editing by John Roe",
        "Advertisement · Scroll to continue",
        "Author: Jan Kowalski",
        "Tags: NATO, Poland, army",
        "Edited by: John Roe",
        "CNN's John Roe contributed reporting.",
        "Associated Press writer John Roe in Moscow contributed to this report.",
        "Cookies: This website uses cookies. By continuing to browse you agree to our use of cookies.",
        "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
        "Follow AP's coverage of the war at https://apnews.com/hub/russia-ukraine",
        "This article is also available in: French, German",
        "Skip to main contentSkip to navigation",
        "The Guardian - Back to homeThe Guardian",
        "Show comments",
        "Become a member",
    ],
)
def test_reading_drops_credit_label_and_notice_lines(furniture: str) -> None:
    assert furniture not in _lines(_read(f"{BODY}{furniture}\n{BODY}"))


def test_reading_cuts_a_photograph_credit_from_its_caption() -> None:
    caption = "Ukrainian servicemen fire a howitzer near Pokrovsk. Photograph: Sergei Supinsky/AFP/Getty Images"
    assert "Photograph" not in " ".join(_lines(_read(f"{caption}\n{BODY}")))


def test_reading_a_section_name_above_the_headline_is_not_the_title() -> None:
    article = _read("Russia-Ukraine war\nPoland says Russia behind sabotage of Warsaw shopping centre\n" + BODY)
    assert article.title == "Poland says Russia behind sabotage of Warsaw shopping centre"


def test_reading_a_teaser_without_a_blank_line_ends_at_the_next_paragraph() -> None:
    article = _read(BODY + "Read more:\nNATO chief visits Kyiv\n" + BODY.replace("Monday", "Tuesday"))
    assert any("on Tuesday accused" in line for line in _lines(article))
    assert "NATO chief visits Kyiv" not in _lines(article)


def test_reading_drops_the_author_bio_that_ends_the_page() -> None:
    article = _read(BODY + "Jane Doe\nJane Doe is a news editor at the Kyiv Independent.\n")
    assert _lines(article)[-1].startswith("NATO spokeswoman")


def test_reading_topics_under_the_story_are_dropped() -> None:
    article = _read(BODY + "Explore more on these topics\nRussia\nEurope\n")
    assert _lines(article)[-1].startswith("NATO spokeswoman")


@pytest.mark.parametrize(
    "byline",
    ["Andrew Hollis in Warsaw", "Daniel Hartley in Brussels and Olena Marchenko in Kyiv", "Staff and agencies in Kyiv",
     "Marta Kowalczyk in Warsaw, Jan Novak in Prague and agencies"],
)
def test_reading_a_byline_naming_where_the_reporter_files_is_no_story_text(byline: str) -> None:
    """Guardian style, without "By": the reporters and where they are, between the headline and the story."""
    article = _read(f"Poland tightens border controls after drone incursion\n\n{byline}\n\n{BODY}")
    assert byline not in _lines(article)
    assert article.title == "Poland tightens border controls after drone incursion"
    assert article.dateline_place is None


def test_reading_a_headline_shaped_like_a_byline_is_still_the_title() -> None:
    """"Xi Jinping in Moscow" on the first line is a headline: bylines are only looked for after it."""
    article = _read(f"Xi Jinping in Moscow\n\n{BODY}")
    assert article.title == "Xi Jinping in Moscow"
    assert _lines(article)[0] == "Xi Jinping in Moscow"
