"""Language detection for screening: script, marked letters and each language's common words."""

import pytest

from voices.coding.language import detect

ENGLISH = [
    "I feel safe at my placement",
    "my carer is nice and she listens to me",
    "I don't like school because the teachers shout",
    "i want to see my mum more often",
    "They never ask what I think about anything",
    "school is ok but my maths teacher is boring",
    "I have a good social worker who comes to see me",
    "im not allowed my phone after 9 and its not fair",
    "When I moved here I was scared but now it's fine",
    "the food is nice and I have my own room",
    "can we go on more trips in the summer",
    "my brother lives with another family and I miss him",
    "I get on with everyone in the house",
    "it would be better if I could see my friends",
    "nobody tells me what is happening with court",
]
WELSH = [
    "Dw i ddim yn hapus yn yr ysgol",
    "Mae fy ngofalwyr yn garedig iawn",
    "Dwi'n hoffi chwarae pêl-droed gyda fy ffrindiau",
    "Rydw i eisiau gweld fy mam yn amlach",
    "Mae'r athrawon yn gweiddi lot",
    "Dw i wedi symud ysgol dair gwaith",
    "Sai'n gwybod beth sy'n digwydd gyda'r llys",
    "Mae gen i ystafell fy hun a dw i'n hapus",
    "Hoffwn i fynd ar fwy o dripiau",
    "Dw i'n colli fy mrawd bach",
    "Mae'r bwyd yn dda yma",
    "Dydy neb yn gwrando arna i",
    "mae fy brother yn annoying but I love him",
    "Dwi'n hoffi'r ysgol but mae maths yn boring",
    "Ydw, dw i'n teimlo'n saff yma",
]
POLISH = [
    "Nie chcę wracać do domu",
    "Lubię moją szkołę i moich kolegów",
    "Jestem smutna bo mama krzyczy",
    "Chciałbym częściej widzieć tatę",
    "W domu jest dobrze, ale tęsknię za bratem",
    "nie wiem co się dzieje z sądem",
    "Moja opiekunka jest bardzo miła",
    "nauczyciele sa dla mnie mili i pomagaja mi",
    "Mam swój pokój i jest fajnie",
    "Czasami nikt mnie nie słucha",
    "chce isc na wycieczke z klasa",
    "Jedzenie tu jest dobre",
    "Dzięki",
    "jestem happy ale school jest boring",
    "Czuję się tu bezpiecznie",
]
ARABIC = [
    "أنا خائف من أبي",
    "أحب مدرستي وأصدقائي",
    "بدي شوف أمي أكثر",
    "المعلمين يصرخون كثير",
    "أُرِيدُ أَنْ أَعُودَ إِلَى البَيْت",
    "ما حدا بسمعني",
    "الأكل هنا طيب",
    "عندي غرفة لحالي",
    "أبغى أروح رحلات أكثر",
    "اشتقت لأخوي الصغير",
    "انا مبسوط هنا",
    "المدرسة حلوة بس الرياضيات صعبة",
    "شكرا",
    "انا happy في البيت",
    "مش عارف شو بصير بالمحكمة",
]
OTHERS = [
    "Je suis triste à la maison et personne ne m'écoute",
    "Nu vreau să merg acasă, mi-e frică",
    "Waxaan jeclahay dugsiga iyo saaxiibadey",
    "Ich bin nicht glücklich in der Schule",
    "No me gusta mi casa porque mi padre grita",
    "من از پدرم میترسم و نمیخواهم به خانه بروم",
    "میں اسکول جانا پسند نہیں کرتا",
    "Мне страшно дома",
    "Eu não gosto da escola e sinto falta da minha mãe",
    "Aš nenoriu eiti namo",
    "Okulu sevmiyorum ve annem çok bağırıyor",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize("text", WELSH)
def test_welsh(text: str) -> None:
    assert detect(text) == "cy"


@pytest.mark.parametrize("text", POLISH)
def test_polish(text: str) -> None:
    assert detect(text) == "pl"


@pytest.mark.parametrize("text", ARABIC)
def test_arabic(text: str) -> None:
    assert detect(text) == "ar"


@pytest.mark.parametrize("text", OTHERS)
def test_a_language_without_a_lexicon_is_not_read_as_one(text: str) -> None:
    assert detect(text) is None  # the caller says "not screened" and a person reads it


@pytest.mark.parametrize("text", ["ok", "👍", "😭😭😭", "lol", "hi", "Diolch", "123", ""])
def test_too_short_to_tell_falls_back_to_the_page_locale(text: str) -> None:
    assert detect(text, hint="cy") == "cy"
    assert detect(text, hint="pl") == "pl"
    assert detect(text) == "en"
    assert detect(text, hint="fr") == "en"  # a locale with no lexicon is no hint


def test_a_letter_only_one_language_writes_settles_a_short_answer() -> None:
    assert detect("Dzięki", hint="en") == "pl"
    assert detect("tŷ", hint="en") == "cy"


# English with Welsh-looking shapes, and English dialect: was read as Welsh, and so
# screened with the English lexicon's strong patterns only.
ENGLISH_WITH_WELSH_SHAPES = [
    "daddy is kidding",
    "why did they try to move me",
    "the middle one is sadder",
]
DIALECT = frozenset({"dinnae", "didnae", "tae", "maw", "da", "wis", "divvent"})
ENGLISH_DIALECT = [
    "dinnae tell ma da",
    "ma maw didnae come tae contact",
    "dinnae let ma da in",
]


@pytest.mark.parametrize("text", ENGLISH_WITH_WELSH_SHAPES)
def test_english_words_shaped_like_welsh_stay_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize("text", ENGLISH_DIALECT)
def test_english_dialect_spellings_count_as_english(text: str) -> None:
    assert detect(text, dialect=DIALECT) == "en"
    assert detect(text) != "en"  # without the table they read as Welsh or unknown


@pytest.mark.parametrize("text", WELSH)
def test_welsh_stays_welsh_with_the_dialect_table(text: str) -> None:
    from voices.coding.multilingual import dialect_words

    assert detect(text, dialect=dialect_words()) == "cy"


def test_the_screen_reads_scots_as_english() -> None:
    from voices.coding import safeguarding
    from voices.coding.multilingual import screen_in

    text = "ma maw didnae come tae contact an ah wis feart"
    assert screen_in(text) == safeguarding.screen(text)  # the English screen, every layer
