"""Analyse: pronouns and descriptions that point back to a named person.

In: a parsed Doc and the article's actor groups (kind, name token spans, role).
Out: for each group, the extra mentions (doc character offsets) with their kind,
"pronoun" ("he said") or "description" ("the spokeswoman said"). The quotes
stage maps a speaker span to the actor whose mention overlaps it, so a quote
cued by "he said" reaches its speaker through these.

Only clear cases are linked; anything else is left alone:
- a third-person personal pronoun outside quotation marks, to the last person
  named (not as a modifier: "the Cruise video") in the same or the previous sentence (the subject first when the
  pronoun is a subject; the one who says or thinks the clause when the pronoun
  opens a reported clause, "Kerry told Lavrov he would return") whose honorific,
  or a pronoun already linked to them, does not contradict it ("Ms." / "he");
- "the" + a role noun ("the spokeswoman", "the minister"), outside quotation
  marks, to the last person named within DESCRIPTION_REACH sentences whose
  role has that head noun, when exactly one person has such a role.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from generator.analyse.names import PRONOUN_GENDER, name_gender
from generator.analyse.roles import Role, is_role_noun, role_head
from generator.analyse.doccache import sentences
from generator.analyse import doccache

# (the names layer states them once)
# How many sentences back a description may reach for its person. "Maria
# Zakharova, the ministry spokeswoman, told ..." then "the spokeswoman added"
# a few sentences on; further away a reader has lost the thread too.
DESCRIPTION_REACH = 4
# How many sentences back a pronoun may look for its person (a description counts as
# a mention): "Maria Zakharova ... The spokeswoman said ... She added" reaches back one.
PRONOUN_REACH = 1
OPENING_QUOTES = "\u201c"
CLOSING_QUOTES = "\u201d"

GroupSpec = tuple[str, list[tuple[int, int]], Role | None]  # kind, name token spans, role


def inside_quotes(doc: Doc, token: Token) -> bool:
    """Is the token inside a quotation, counting marks from the start of its paragraph?"""
    text = doccache.text(doc)
    para_start = text.rfind("\n\n", 0, token.idx)
    before = text[para_start + 1 if para_start >= 0 else 0: token.idx]
    opened = before.count(OPENING_QUOTES) - before.count(CLOSING_QUOTES)
    straight = before.count('"')
    return opened > 0 or straight % 2 == 1


def is_modifier(doc: Doc, start: int, end: int) -> bool:
    """Is the name at doc[start:end] a modifier of a common noun ("the Cruise video")?"""
    root = doc[start:end].root
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= end


def reporting_subject(doc: Doc, pronoun: Token) -> int:
    """The token index of who says or thinks the clause a subject pronoun opens, or -1.

    "Kerry told Lavrov he would return", "Devocht, who had told Montalvo he would assist him"
    (GUM news_defector): a "he" that is the subject of a reported clause is, first of all,
    the reporter, not the last name before it. The clause is a `ccomp` of the verb; its
    subject is the reporter, through "who" to the name it hangs on.
    """
    clause = pronoun.head
    if clause.dep_ != "ccomp":
        return -1
    verb = clause.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return -1
    if subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head
    return subject.i


def find_references(doc: Doc, groups: Sequence[GroupSpec]) -> dict[int, list[tuple[int, int, str]]]:
    """Group index -> [(start_char, end_char, "pronoun" | "description")]."""
    sents = sentences(doc)
    sent_of = [0] * len(doc)
    for si, sent in enumerate(sents):
        for k in range(sent.start, sent.end):
            sent_of[k] = si
    # every name mention of a person: (token start, token end, group)
    # a name used to modify a noun ("the Cruise video", GUM news_hackers) is not someone a
    # later "he" can point back to
    named = sorted((s, e, gi) for gi, (kind, spans, _r) in enumerate(groups) if kind == "person" for s, e in spans
                   if not is_modifier(doc, s, e))
    # a person's gender as their names state it (honorific, or a given name of one gender: the
    # names layer's hard constraint), so "her" never goes to "Michael Mukasey"
    gender: dict[int, str] = {}
    for gi, (kind, spans, _r) in enumerate(groups):
        if kind == "person":
            said = {g for s, e in spans if (g := name_gender(doc[s:e].text))}
            if len(said) == 1:
                gender[gi] = said.pop()
    taken = {t for _gi, (_k, spans, _r) in enumerate(groups) for s, e in spans for t in range(s, e)}
    role_tokens: set[int] = set()
    for _k, _spans, role in groups:
        if role:
            span = doc.char_span(role.start, role.end, alignment_mode="expand")
            if span is not None:
                role_tokens.update(range(span.start, span.end))
    out: dict[int, list[tuple[int, int, str]]] = {}
    described: list[tuple[int, int, int]] = []

    for t in doc:
        if t.i in taken or t.i in role_tokens or t.lower_ != "the" or t.i + 1 >= len(doc):
            continue
        # "the spokeswoman", "the Russian minister": the head is the last noun of the phrase
        k = t.i + 1
        while k < len(doc) and k - t.i <= 3 and doc[k].pos_ in ("ADJ", "NOUN", "PROPN") and not is_role_noun(doc[k]):
            k += 1
        if k >= len(doc) or not is_role_noun(doc[k]) or k in taken or k in role_tokens:
            continue
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.lower_ in ("of", "for", "to", "at")):
            continue  # "the minister of defense", "the president Bashar": not a bare description
        if inside_quotes(doc, t):
            continue
        head = doc[k].lower_
        holders = {gi for gi, (kind, _s, role) in enumerate(groups) if kind == "person" and role and role_head(role.text) == head}
        if len(holders) != 1:
            continue
        [gi] = holders
        si = sent_of[t.i]
        if not any(g == gi and e <= t.i and si - sent_of[s] <= DESCRIPTION_REACH for s, e, g in named):
            continue
        out.setdefault(gi, []).append((t.idx, doc[k].idx + len(doc[k].text), "description"))
        described.append((t.i, k + 1, gi))

    antecedents = sorted(named + described)
    for t in doc:
        if t.i in taken or t.i in role_tokens:
            continue
        word = t.lower_
        if not (word in PRONOUN_GENDER and t.pos_ == "PRON" or word in ("his", "her") and t.pos_ in ("PRON", "DET")):
            continue
        if inside_quotes(doc, t):
            continue
        si = sent_of[t.i]
        want = PRONOUN_GENDER.get(word)
        before = []
        for back in range(PRONOUN_REACH + 1):
            before = [(s, e, gi) for s, e, gi in antecedents if e <= t.i and si - back <= sent_of[s] <= si
                      and gender.get(gi, want) == want]
            if before:
                break
        if not before:
            continue
        if t.dep_ in ("nsubj", "nsubjpass"):
            here = [x for x in before if sent_of[x[0]] == si]
            pool = here or [x for x in before if doc[x[1] - 1].dep_ in ("nsubj", "nsubjpass")] or before
            pool = [x for x in pool if x[0] <= reporting_subject(doc, t) < x[1]] or pool
        else:
            pool = before
        gi = pool[-1][2]
        out.setdefault(gi, []).append((t.idx, t.idx + len(t.text), "pronoun"))
        # a person once called "he" is not "her" later ("Jafari said she felt Mohamed had been
        # subject to Islamophobia and her hashtag ...", GUM news_clock)
        if want:
            gender.setdefault(gi, want)
    return out
