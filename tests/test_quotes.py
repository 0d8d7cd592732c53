"""The quotation scanner: styles, apostrophes, multi-paragraph and unbalanced quotations."""
from attribution.read.documents import article_from_text
from attribution.quotes import find_quotes


def quotes_of(text):
    art = article_from_text(text)
    return art, [" ".join(art.clean[q.inner.start:q.inner.end].split()) for q in find_quotes(art.clean, art.paragraphs)], \
        find_quotes(art.clean, art.paragraphs)


def test_straight_and_curly_double_quotes():
    _, inner, _ = quotes_of('"We played well," he said.\n\n\u201cBut not enough,\u201d she added.')
    assert inner == ["We played well,", "But not enough,"]


def test_apostrophes_are_not_quotes():
    _, inner, _ = quotes_of("The rebels' leader said Iraq's army don't fight in the '90s style.\n\nAnother line here.")
    assert inner == []


def test_british_single_quotes_with_apostrophes_inside():
    text = ("'We will be back in this chamber in two years' time closing the other five,' he said. "
            "'It isn't over.'\n\nShe called it 'a false economy' after the vote.")
    _, inner, _ = quotes_of(text)
    assert inner[0] == "We will be back in this chamber in two years' time closing the other five,"
    assert inner[1] == "It isn't over."
    assert inner[2] == "a false economy"


def test_nested_double_inside_single():
    _, inner, _ = quotes_of("'He told me \"never again\" and left,' she said.\n\nMore text follows here.")
    assert inner == ['He told me "never again" and left,']


def test_quotation_over_two_paragraphs_is_one():
    text = '"The first part runs on.\n\n"And the second part ends here," she wrote.\n\nNarration.'
    art, inner, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0].closed
    assert inner[0].startswith("The first part") and inner[0].endswith("ends here,")


def test_unbalanced_mark_never_raises_and_is_flagged():
    text = '"This never closes.\n\nA plain paragraph follows.'
    _, inner, qs = quotes_of(text)
    assert len(qs) == 1 and not qs[0].closed
    assert inner == ["This never closes."]


def test_many_unclosed_marks():
    text = "x " + '"a ' * 500
    art, _, qs = quotes_of(text)
    assert all(0 <= q.outer.start <= q.outer.end <= len(art.text) for q in qs)
