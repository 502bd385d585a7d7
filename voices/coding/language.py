"""Which language is an answer written in? Enough to pick a safeguarding lexicon.

No downloaded model: the script (Arabic letters), letters only one language uses (Polish
"ł", "ż"; Welsh "ŵ", "ŷ") and each language's commonest short words ("mae", "yn", "ddim";
"nie", "się", "jest"; "the", "and", "is"). Returns "en", "cy", "pl", "ar", or None when the
answer is in some other language (French, Romanian, Somali, Farsi, Russian...) or reads
as none: the caller then says "not screened" and a person reads it. A very short answer
("ok", "👍", "Diolch") says too little and falls back to the page's locale (`hint`).
"""

from __future__ import annotations

import re
import unicodedata

SCREENED = ("en", "cy", "pl", "ar")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_APOSTROPHES = str.maketrans("", "", "'\u2019")
# Arabic-script letters that Arabic itself does not use: Farsi, Urdu, Pashto, Kurdish.
_NOT_ARABIC = set("پچژگکیےٹڈںہۀھۆێڕڵ")
_ONLY = {"pl": set("ąćęłńśźż"), "cy": set("ŵŷ")}
_OTHER_LETTERS = set("ășşțţ" + "çéèàùœ" + "ñ¿¡" + "ãõ" + "äöüß" + "ėįųūč" + "ğı")

# Each language's commonest short words, lower case, apostrophes dropped. A word in two
# lists ("a", "i", "o") counts for both, so only the words that differ decide.
_COMMON = {
    "en": """the and i to a is my me it in of you that was have not dont im with for but
        they he she we are be so at like just get when what this all on do can go feel
        want its because cos really there them her him if would could about been has had
        didnt cant wont were your out up no yes our us know think people things""",
    "cy": """dw dwi mae ma yn n ddim fy gyda efo ac a wedi chi ti fi ni nhw y yr ar
        ond hefyd iawn da eisiau isio ishe moyn ydw ydy oedd roedd rwy rydw dydw dyw dydy
        sut beth pam mewn ir yng ym gen bod cael mynd gwneud gallu hoffi ysgol teulu
        achos felly pethau weithiau byth neb dim adre adref gartref hi fe fo nid neu
        pan os gan hyn hynny nawr rwan yma fan fod dwin maen ddim dwim sain sydd oes
        does allan i fy mam nhad yw gwaith ffrindiau hapus trist ofn""",
    "pl": """i nie sie się jest jestem że ze mnie mi mam w na to jak ale co mój moja moje
        moj tak już juz bo czy tylko z do mama tata chcę chce bardzo tu tutaj są sa było
        bylo był byl była byla mną nikt nic kiedy dlaczego szkole szkoła domu dom wiem
        lubię lubie dobrze fajnie jego jej ich oni ona on ja ty my wy się mnie też tez
        jak gdzie tego ten ta żeby zeby może moze nigdy wszystko wszyscy czasami""",
    # Languages without a lexicon: found, so as not to be read as English.
    "other": """je le la les est pas et suis mon des une que cest très tres mais avec
        pour dans il elle nous vous sont ai
        și si nu sunt este mea meu că ca foarte eu mai cu pentru când cand acasă acasa
        waa iyo ku aan hooyo aabo waxaan ayaa oo iga uu ay aad wax si laga dugsiga
        el los las es por con para muy pero yo tengo mi casa soy estoy
        não nao eu com uma muito minha meu sou estou
        ich und nicht ist das die der mit mein meine bin auch sehr
        aš esu ir ne mano labai kad
        ve bir bu çok ben değil annem babam evde""",
}
_VOCABULARY = {lang: frozenset(words.split()) for lang, words in _COMMON.items()}
_MIN_WORDS = 3  # fewer words than this: too little to tell, use the hint


def detect(text: str, hint: str | None = None, dialect: frozenset[str] = frozenset()) -> str | None:
    """ "en", "cy", "pl", "ar" or None (another language). Too short to tell: hint or "en".

    dialect: English dialect and phonetic spellings ("didnae", "divvent", "becos"), which
    count as English words: Scots "dinnae tell ma da" is not Welsh for having "ma" and "da".
    """
    fallback = hint if hint in SCREENED else "en"
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return fallback  # emoji, numbers, punctuation only
    script = _script(letters)
    if script == "arabic":
        return None if _NOT_ARABIC.intersection(letters) else "ar"
    if script != "latin":
        return None  # Cyrillic, Chinese, Tigrinya...: no lexicon reads them
    lowered = text.lower()
    words = [w.translate(_APOSTROPHES) for w in _WORDS.findall(lowered)]
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _VOCABULARY.items()}
    scores["en"] += sum(w in dialect for w in words)
    for lang, only in _ONLY.items():
        scores[lang] += 2 * sum(c in only for c in lowered)
    scores["other"] += 2 * sum(c in _OTHER_LETTERS for c in lowered)
    scores["cy"] += _welsh_shapes(words)
    if len(words) < _MIN_WORDS:
        # A word or two ("hi", "ok", "Diolch") is too little to go on: the page's
        # language, unless a letter only one language writes settles it ("Dzięki").
        marked = [lang for lang, only in _ONLY.items() if only.intersection(lowered)]
        return marked[0] if len(marked) == 1 else fallback
    top = max(scores.values())
    if top == 0:
        # No known word: a long answer is probably in another language, a short one
        # ("lol ok") most likely in the page's.
        return None if len(words) >= 2 * _MIN_WORDS else fallback
    # English last among ties: a Welsh or Polish answer borrows English words, rarely back.
    tied = [lang for lang in ("cy", "pl", "other", "en") if scores[lang] == top]
    if fallback in tied and len(tied) > 1:
        return fallback
    return None if tied[0] == "other" else tied[0]


def _script(letters: list[str]) -> str:
    # ASCII letters are Latin: counted at once, since looking up a letter's Unicode name
    # is the slowest step of coding a plain English answer.
    ascii_letters = sum(c.isascii() for c in letters)
    counts: dict[str, int] = {"latin": ascii_letters} if ascii_letters else {}
    for c in letters:
        if c.isascii():
            continue
        name = unicodedata.name(c, "")
        script = "arabic" if name.startswith("ARABIC") else name.split(" ", 1)[0].lower()
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: counts[s])


# English words that have Welsh shapes: "dd" before an English ending ("daddy",
# "kidding", "middle"), "y" as the only vowel ("why", "try").
_ENGLISH_DD = re.compile(r"dd(?:y|ie|ies|ing|ed|er|ers|est|en|le|les|led|ling|ly|s)$")
_ENGLISH_Y = frozenset(
    [
        "why",
        "try",
        "cry",
        "shy",
        "dry",
        "fly",
        "sky",
        "spy",
        "fry",
        "sly",
        "wry",
        "pry",
        "ply",
        "thy",
        "gym",
        "gyms",
        "myth",
        "myths",
        "hymn",
        "hymns",
        "rhythm",
        "rhythms",
        "lynch",
        "crypt",
        "nymph",
        "psych",
        "sync",
        "spry",
    ]
)


def _welsh_shapes(words: list[str]) -> int:
    # Spellings English and Polish rarely have: "dd" anywhere, "ll" or "rh" opening a
    # word, "w" or "y" as the only vowel ("cwm", "gwn", "yng").
    vowels = set("aeiouóąęéáàâêô")
    shapes = 0
    for w in words:
        if _ENGLISH_DD.search(w) or w in _ENGLISH_Y:
            continue
        digraph = "dd" in w or w.startswith(("ll", "rh", "ngh", "mh", "nh"))
        shapes += digraph or (len(w) > 2 and not vowels.intersection(w))
    return shapes
