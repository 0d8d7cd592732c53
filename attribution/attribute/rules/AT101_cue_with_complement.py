# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT101 cue-with-complement: a speech verb whose clausal complement is the content.

**Anti-pattern** (caught: reported speech after its cue clause)::

    A source close to the talks said the main sticking point was prisoners.
    -> indirect, cue "said", mention "A source close to the talks",
       content "the main sticking point was prisoners"

    The company disclosed in a filing that it first detected unusual activity.
    -> cue "disclosed", content "it first detected unusual activity"

**Best practice** (left alone: no content is credited)::

    She declined to comment on the talks.      (a non-answer: the not-negated filter)

Strategy ``complement``: the clause after the cue clause, when the cue has a clausal
complement after it, a complementiser follows the cue clause ("said that"), or a subject
opens the sentence and the rest has its own finite clause. Where the parse finds no
clause, data decides (rules/cues.toml):

* ``[clause_takers]``: the rest is a reported clause when a verb follows within a few words
  ("officials said the two raised $5m");
* ``[infinitive_takers]``: the infinitive is the content, from the cue on ("urged his
  followers to stay calm"; not negated, passive or coordinated after another cue);
* ``[object_takers]``: a noun-phrase object is the content ("has denied any wrongdoing";
  not when a participle after it carries what was said: "denied the accusation, saying ...");
* ``[topic_takers]``: an about/over phrase is the content ("complained about his microphone").

A second cue sharing the subject ("said A, adding that B"; "said A, and said B") ends
the first one's content and is an attribution of its own; a cue heading a relative clause
("the union, which contended that ...") ends its content with the clause; the content
stops where a clause that is not the cue's begins after a comma ("assured him the cuts
were temporary, but the workers were furious"; "Although X admitted that A, he claimed
B"), while a coordinated verb sharing the subject stays in it, as the guide counts it
("said it would appeal and predicted a long fight"). A cue heading a relative clause
whose antecedent is the reported clause's subject takes the rest ("a plan that the mayor
said would save money" -> "would save money"); a reported question starts at its
interrogative, the person asked belongs to the cue clause ("asked the minister whether
...", [function_words] interrogatives); a passive cue without a clause reports nobody's
speech ("who was posted to the embassy").
"""
from ...model import Sentence
from ..context import Context
from ..filters import said_spans
from ..matcher import Match, cue_of
from ..strategies import Complement, Content, clause

CODE = "AT101"


class Rule(Complement):
    """AT101 runs the complement strategy, then refuses words the parse hangs elsewhere
    (:func:`..filters.said_spans`): a relative clause on another noun ('accused the audience
    of being groups that support X') and the source's own relative clause ('..., said Jane
    Roe, who leads the group')."""

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list) -> Content | None:
        found = super().content(ctx, sent, match, core)
        if found is None:
            return None
        kept = said_spans(ctx, sent, cue_of(match), found.spans, self.mention(ctx, sent, match))
        if len(kept) == len(found.spans):
            return found
        return clause(ctx, kept)
