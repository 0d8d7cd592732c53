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


def test_two_apostrophes_are_a_double_mark():
    _, inner, qs = quotes_of("''We will win,'' said the mayor. She called it a ''false economy'' today.\n\nEnd.")
    assert inner == ["We will win,", "false economy"]
    assert qs[0].outer.end - qs[0].outer.start == len("''We will win,''")


def test_two_apostrophes_around_a_nested_single_quotation():
    _, inner, _ = quotes_of("''He told me 'no,''' she said. It isn't over.\n\nEnd.")
    assert inner == ["He told me 'no,'"]


def test_an_apostrophe_inside_a_two_apostrophe_quotation_is_no_mark():
    _, inner, _ = quotes_of("''The mayor's plan won't work,'' he said.\n\nEnd.")
    assert inner == ["The mayor's plan won't work,"]


def test_curly_single_quotation_outside_double_ones():
    text = "Voters: It\u2019s \u2018all in their heads\u2019\n\n\"We won,\" he said of the \u2018big night\u2019."
    _, inner, qs = quotes_of(text)
    assert inner == ["all in their heads", "We won,", "big night"]
    assert [q.style for q in qs] == ["single", "double", "single"]


def test_curly_single_quotation_inside_a_double_one_stays_nested():
    _, inner, _ = quotes_of("\"He said \u2018no\u2019 to me,\" she said.\n\nEnd.")
    assert inner == ["He said \u2018no\u2019 to me,"]


def test_a_quotation_never_runs_on_into_another_kind_of_mark():
    text = '"A stray mark opens here.\n\n\u201cA new quotation,\u201d she said.\n\nNarration.'
    _, inner, qs = quotes_of(text)
    assert inner == ["A stray mark opens here.", "A new quotation,"]
    assert [q.closed for q in qs] == [False, True]


def test_a_closing_curly_mark_that_opens_a_paragraph_opens_a_quotation():
    text = ("The posts drew replies.\n\n\u202a\u201dSorry, you should have said no!!\u201d posted Jane Roe.\n\n"
            "\u201cAnd this one,\u201d he said, \u201cends here.\u201d")
    _, inner, _ = quotes_of(text)
    assert inner == ["Sorry, you should have said no!!", "And this one,", "ends here."]


def test_an_opening_curly_mark_after_a_comma_closes_a_quotation():
    _, inner, _ = quotes_of("\u201cApparently not,\u201c he said. \u201cA leopard does not change.\u201d\n\nMore text.")
    assert inner == ["Apparently not,", "A leopard does not change."]
