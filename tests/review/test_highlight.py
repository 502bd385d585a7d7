"""Evidence spans become escaped, merged marks that name their themes in words."""

from __future__ import annotations

from voices.review import highlight
from voices.review.highlight import Piece


def test_pieces_merge_overlapping_spans_and_name_every_theme():
    text = "I miss my brother"
    got = highlight.pieces(text, [(2, 6, "Nurtured"), (4, 9, "Family"), (2, 4, "Nurtured")])
    assert got == [Piece("I "), Piece("miss my", ("Nurtured", "Family")), Piece(" brother")]


def test_touching_spans_merge_and_out_of_range_ones_are_clipped_or_dropped():
    text = "abcdef"
    got = highlight.pieces(
        text, [(0, 2, "A"), (2, 3, "B"), (5, 99, "C"), (-4, 0, "D"), (4, 4, "E")]
    )
    assert got == [Piece("abc", ("A", "B")), Piece("de"), Piece("f", ("C",))]


def test_no_spans_is_the_whole_text():
    assert highlight.pieces("hello", []) == [Piece("hello")]
    assert highlight.pieces("", [(0, 3, "A")]) == []


def test_offsets_count_characters_so_emoji_and_arabic_line_up():
    text = "مرحبا 😢 miss"
    start = text.index("miss")
    (_, marked) = highlight.pieces(text, [(start, start + 4, "Nurtured")])
    assert marked.text == "miss"


def test_render_escapes_the_childs_words_and_the_labels():
    parts = highlight.pieces("<script>x</script>", [(0, 8, "<Safe & well>")])
    html = str(highlight.render(parts, "evidence for"))
    assert "<script>" not in html
    assert html.startswith('<mark class="review-mark">&lt;script&gt;</mark>')
    assert "[evidence for: &lt;Safe &amp; well&gt;]" in html
    assert html.endswith("x&lt;/script&gt;")


def test_spans_of_reads_stored_suggestions_and_skips_malformed_evidence():
    suggestions = {
        "shanarri": [
            {"theme": "safe", "evidence": [[0, 3, "abc"], ["x", 2], [1]]},
            {"theme": "healthy"},
        ],
        "promise": None,
    }
    got = highlight.spans_of(suggestions, lambda fw, t: f"{fw}/{t}")
    assert got == [(0, 3, "shanarri/safe")]
