"""The Welsh, Polish and Arabic safeguarding lexicons: they load, disclosures in each
language flag under the right category, and everyday hard negatives do not."""

import pytest

from voices.coding import multilingual
from voices.coding.multilingual import fold, lexicon_for, screen_in
from voices.coding.safeguarding import load_lexicon

ENGLISH_CATEGORIES = set(load_lexicon(multilingual.FOLDER / "lexicon.yaml").categories)

DISCLOSURES = {
    "cy": [
        ("Mae fy nhad yn fy nharo i pan mae e wedi meddwi", "abuse-physical"),
        ("Dw i eisiau marw", "suicidal"),
        ("Dw i ddim isio byw rhagor", "suicidal"),
        ("Dw i wedi bod yn torri fy mreichiau eto", "self-harm"),
        ("Mae fy llystad yn dod i mewn i fy ngwely yn y nos", "abuse-sexual"),
        ("Dw i ddim yn teimlo'n saff adre", "unsafe-now"),
        ("Does dim bwyd yn y tŷ ers dyddiau", "neglect"),
        ("Rhedais i ffwrdd o'r cartref neithiwr", "missing"),
        ("Does gen i unman i fynd heno", "homeless"),
        ("Maen nhw wedi bygwth fy lladd i ar ôl ysgol", "bullying-threat"),
        ("Mae mam a'i chariad yn ymladd drwy'r amser", "domestic-abuse"),
        ("Dw i angen dweud wrth rywun am rywbeth", "disclosure"),
        ("Mae nhw'n mynd â fi dramor i briodi", "honour-based"),
        ("Mae mam yn galw fi'n dda i ddim", "abuse-emotional"),
    ],
    "pl": [
        ("Tata mnie bije jak się napije", "abuse-physical"),
        ("Chcę umrzeć", "suicidal"),
        ("nie chce juz zyc", "suicidal"),
        ("Znowu tnę się żyletką", "self-harm"),
        ("Wujek dotyka mnie w nocy", "abuse-sexual"),
        ("Nigdy nie czuję się bezpiecznie w domu", "unsafe-now"),
        ("W domu nie ma jedzenia od trzech dni", "neglect"),
        ("Uciekłam z domu wczoraj", "missing"),
        ("Nie mam gdzie spać", "homeless"),
        ("Starszy kolega daje mi kasę za wożenie paczek", "exploitation"),
        ("Grożą mi pobiciem po szkole", "bullying-threat"),
        ("Rodzice kłócą się cały czas", "domestic-abuse"),
        ("Muszę komuś coś powiedzieć", "disclosure"),
        ("Mama krzyczy na mnie cały czas", "abuse-emotional"),
        ("Chcą mnie wydać za mąż za kuzyna", "honour-based"),
    ],
    "ar": [
        ("أبي يضربني كل يوم", "abuse-physical"),
        ("بدي أموت", "suicidal"),
        ("أُرِيدُ أَنْ أَمُوتَ", "suicidal"),
        ("أجرح نفسي بالشفرة", "self-harm"),
        ("زوج أمي يلمسني بالليل", "abuse-sexual"),
        ("ما أحس بالأمان في البيت", "unsafe-now"),
        ("ما في أكل في البيت من يومين", "neglect"),
        ("هربت من البيت امبارح", "missing"),
        ("ما عندي مكان أنام فيه", "homeless"),
        ("واحد كبير يعطيني فلوس عشان أوصل أغراض", "exploitation"),
        ("يهددوني بالضرب بعد المدرسة", "bullying-threat"),
        ("أبوي وأمي يتخانقوا كل يوم", "domestic-abuse"),
        ("بدي أحكي لحدا عن شي", "disclosure"),
        ("بدهم يجبروني أتزوج ابن عمي", "honour-based"),
        ("أمي تصرخ علي وتقول إني فاشلة", "abuse-emotional"),
    ],
}

HARD_NEGATIVES = {
    "cy": [
        "Mae hi'n bwrw glaw eto heddiw",
        "Nes i dorri fy mraich yn chwarae rygbi",
        "Mae gen i ofn pryfed cop",
        "Mae mam yn mynd i fy lladd i os dw i'n hwyr",
        "Dyw fy nhad ddim yn fy nharo i",
        "Nath Osian fy nghuro i ar FIFA",
        "Dw i'n teimlo'n saff gyda fy ngofalwyr",
        "Ges i fy nghicio allan o'r wers heddiw lol",
        "Cawson ni wers am hunan-niweidio yn ABCh",
        "Mae'r gwaith cartref yn fy lladd i",
        "Dw i'n llwgu pryd mae cinio",
    ],
    "pl": [
        "Mama mnie zabije jak zobaczy oceny",
        "Boję się pająków",
        "Umieram ze śmiechu",
        "Kolega pobił mnie w FIFĘ",
        "Tata nie bije mnie",
        "Uciekł mi autobus",
        "Czuję się bezpiecznie u cioci",
        "Obcięłam sobie włosy",
        "Mieliśmy lekcję o samobójstwie",
        "Lubię moją szkołę i moich kolegów",
    ],
    "ar": [
        "مت من الضحك",
        "أخاف من العناكب",
        "أحب المدرسة وأصحابي",
        "أمي رح تقتلني إذا شافت العلامات",
        "أبي ما يضربني",
        "أنا بأمان هنا",
        "ضربني أخوي في فيفا",
        "اموت فيك يا ماما",
        "طردوني من الصف اليوم",
        "القطة هربت امبارح",
    ],
}


@pytest.mark.parametrize("language", multilingual.LEXICON_LANGUAGES)
def test_each_lexicon_loads_with_the_english_categories(language: str) -> None:
    path = multilingual.FOLDER / f"lexicon.{language}.yaml"
    assert set(load_lexicon(path).categories) == ENGLISH_CATEGORIES  # as written
    lexicon = lexicon_for(language)  # and folded, as the screen reads it
    assert lexicon is not None and set(lexicon.categories) == ENGLISH_CATEGORIES
    assert "awaiting review by a native speaker" in path.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("language", "text", "category"),
    [(lang, text, cat) for lang, cases in DISCLOSURES.items() for text, cat in cases],
)
def test_disclosures_flag_under_their_category(language: str, text: str, category: str) -> None:
    signal = screen_in(text, language)
    assert signal.screened and signal.flag
    assert category in {r.category for r in signal.reasons}
    for reason in signal.reasons:  # offsets point at the child's own words
        assert text[reason.start : reason.end] == reason.words


@pytest.mark.parametrize(
    ("language", "text"),
    [(lang, text) for lang, texts in HARD_NEGATIVES.items() for text in texts],
)
def test_hard_negatives_do_not_flag(language: str, text: str) -> None:
    signal = screen_in(text, language)
    assert signal.screened and not signal.flag, signal.reasons


def test_english_mixed_into_another_language_is_screened_too() -> None:
    signal = screen_in("Mae'n hitio fi a dw i eisiau kill myself", "cy")
    assert {r.category for r in signal.reasons} >= {"abuse-physical", "suicidal"}


def test_an_english_answer_goes_to_the_english_screen() -> None:
    assert screen_in("my stepdad hits me when he is drunk", "cy").flag


@pytest.mark.parametrize(
    "text", ["Je veux mourir, personne ne m'aime", "Waxaan jeclahay dugsiga iyo saaxiibadey"]
)
def test_a_language_with_no_lexicon_comes_back_not_screened(text: str) -> None:
    signal = screen_in(text, "en")
    assert not signal.screened and not signal.flag and signal.reasons == ()


def test_folding_keeps_offsets_and_maps_arabic_marks_back() -> None:
    assert fold("zabiję się", "pl") == ("zabije sie", list(range(11)))
    folded, origin = fold("أَمُوت", "ar")
    assert folded == "اموت"
    assert origin == [0, 2, 4, 5, 6]
