from kg.names import acronym, name_key, slug, translit_key, variant_keys


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
