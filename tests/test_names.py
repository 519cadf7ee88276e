from collections import Counter

from kg.names import acronym, name_key, preferred_spelling, slug, spelling_key, translit_key, variant_keys


def test_names_key_ignores_case_article_possessive_and_dots() -> None:
    assert name_key("the U.S.") == name_key("US") == "us"
    assert name_key("NATO’s") == "nato"


def test_names_translit_key_merges_romanisations() -> None:
    assert translit_key("Sergei Lavrov") == translit_key("Sergey Lavrov")
    assert translit_key("Aleksandr Fomin") == translit_key("Alexander Fomin")
    assert translit_key("Rudskoi") == translit_key("Rudskoy")
    assert translit_key("Sergei Lavrov") != translit_key("Sergei Shoigu")


def test_names_variant_keys_try_ukrainian_h_last() -> None:
    assert variant_keys("Lugansk")[-1] == "luhansk"


def test_names_acronym_and_slug() -> None:
    assert acronym("North Atlantic Treaty Organization") == "NATO"
    assert acronym("Russia") == ""
    assert slug("Zakharova’s") == "zakharova"


def test_names_spelling_key_merges_romanised_endings() -> None:
    assert spelling_key("Sergei Shoigu") == spelling_key("Sergey Shoigu") == "sergey shoigu"
    assert spelling_key("Rudskoi") == spelling_key("Rudskoy")
    assert spelling_key("Aleksandr Fomin") != spelling_key("Alexander Fomin")  # translit_key merges these; an IRI keeps its slug


def test_names_preferred_spelling_is_the_most_used_then_the_first_in_text_order() -> None:
    assert preferred_spelling(Counter({"Sergei Shoigu": 1, "Sergey Shoigu": 2})) == "Sergey Shoigu"
    assert preferred_spelling(Counter({"Sergey Shoigu": 1, "Sergei Shoigu": 1})) == "Sergei Shoigu"
