"""Speaker shapes that went wrong on unseen articles (issue 14), each on a sentence written for
the test, with its negative: the real spaCy model and the whole quotes component."""

from __future__ import annotations

import pytest


def speakers_of(nlp, text: str) -> list[tuple[str, str | None]]:
    doc = nlp(text)
    assert not doc._.digest_errors
    return [(q["text"][:12], q["speaker_name"]) for q in doc._.digest_quotes]


SHAPES = [
    # given-name conflict: a bare surname goes to the nearest full name before it ...
    pytest.param(
        "Bill Clinton spoke first at the rally in Denver on Tuesday.\n\n"
        "Later, Hillary Clinton took the stage and talked about jobs. "
        "“We will build an economy that works for everyone,” Clinton said.",
        [("We will buil", "Hillary Clinton")], id="given-name-nearest-full-name",
    ),
    pytest.param(
        "Hillary Clinton spoke first at the rally in Denver on Tuesday.\n\n"
        "Later, Bill Clinton took the stage and talked about trade. "
        "“We will build an economy that works for everyone,” Clinton said.",
        [("We will buil", "Bill Clinton")], id="given-name-nearest-full-name-negative",
    ),
    # ... whose gender fits the honorific
    pytest.param(
        "Hillary Clinton spoke first at the rally in Denver on Tuesday.\n\n"
        "Later, Bill Clinton introduced the speakers. "
        "“We will build an economy that works for everyone,” Mrs. Clinton said.",
        [("We will buil", "Hillary Clinton")], id="given-name-honorific-gender",
    ),
    # gender: "she" never goes to the man named last
    pytest.param(
        "Laura Diaz met Mark Jensen at the courthouse on Monday. "
        "“The ruling is a disgrace,” she said.",
        [("The ruling i", "Laura Diaz")], id="gender-she",
    ),
    pytest.param(
        "Laura Diaz met Mark Jensen at the courthouse on Monday. "
        "“The ruling is a disgrace,” he said.",
        [("The ruling i", "Mark Jensen")], id="gender-he",
    ),
    # "he" is the subject of the running sentences, not the last man named
    pytest.param(
        "Senator Ray Hill spoke for an hour on Monday. He criticised the budget and praised the governor, "
        "Tom Pike, for his patience. “We can do better than this,” he said.",
        [("We can do be", "Ray Hill")], id="pronoun-running-subject",
    ),
    pytest.param(
        "Senator Ray Hill spoke for an hour on Monday. Later the governor, Tom Pike, took the floor "
        "and answered him. “We can do better than this,” he said.",
        [("We can do be", "Tom Pike")], id="pronoun-running-subject-negative",
    ),
    # subject of the cue over the nearest name
    pytest.param(
        "Senator Paula Grant, for whom Mr. Hollis once worked, was heard telling one aide: "
        "“Keep the doors open for him.”",
        [("Keep the doo", "Paula Grant")], id="subject-over-nearest-name",
    ),
    pytest.param(
        "Donald Lamb was tweeting that the vote was a “disaster” for Grant and asking, "
        "“Who will fix this mess?”",
        [("disaster", "Donald Lamb"), ("Who will fix", "Donald Lamb")], id="participle-subject-over-object-name",
    ),
    # an organisation is never "she"
    pytest.param(
        "Anna Berg reviewed the files that WikiLeaks released on Friday. “They are authentic,” she said.",
        [("They are aut", "Anna Berg")], id="organisation-never-she",
    ),
    pytest.param(
        "The files were released by WikiLeaks on Friday. “They are authentic, and we checked every page,” she said.",
        [("They are aut", None)], id="organisation-never-she-negative",
    ),
    # a description goes to the person with that role
    pytest.param(
        "Jake Morton, the CNN host, interviewed Ray Hill, the Ohio senator, on Sunday. "
        "“Do you regret the vote?” the CNN host asked.",
        [("Do you regre", "Jake Morton")], id="description-to-role",
    ),
    pytest.param(
        "Jake Morton, the CNN host, interviewed Ray Hill, the Ohio senator, on Sunday. "
        "“I regret nothing,” the senator said.",
        [("I regret not", "Ray Hill")], id="description-to-role-negative",
    ),
    # "according to" inside a quoted email is the writer's words
    pytest.param(
        "In an email to her staff on Monday, Dana Wells wrote: "
        "“According to the audit, we lost three clients last year.”",
        [("According to", "Dana Wells")], id="according-to-inside-email",
    ),
    pytest.param(
        "The firm lost three clients last year, according to the audit. "
        "“We expect to win them back,” Dana Wells said.",
        [("We expect to", "Dana Wells")], id="according-to-outside-quote",
    ),
    # a speaker written right beside the quote
    pytest.param(
        "“We are not selling the mill,” Martin Olsen, the chief executive of Lakeview Mills, said on Friday.",
        [("We are not s", "Martin Olsen")], id="name-with-apposition-said",
    ),
    pytest.param(
        "Dana Reyes, The Daily Ledger: “The race is closer than the polls say.”",
        [("The race is ", "Dana Reyes")], id="name-outlet-colon-label",
    ),
    pytest.param(
        "The race tightened in the last week: “The polls were wrong again.”",
        [("The polls we", None)], id="colon-after-writer-clause-without-name",
    ),
    # an interview answer is the interviewee's, not the questioner's
    pytest.param(
        "Tom Hale met Mayor Ruth Okafor at City Hall.\n\n"
        "“Why did you cut the library budget?” Hale asked Okafor.\n\n"
        "“Because the state cut our funding first, and we had no other choice.”",
        [("Why did you ", "Tom Hale"), ("Because the ", "Ruth Okafor")], id="interview-answer",
    ),
    pytest.param(
        "Tom Hale met Mayor Ruth Okafor at City Hall.\n\n"
        "“The library budget was cut by a third,” Hale said.\n\n"
        "“Nobody at City Hall wanted to talk about it, and nobody did.”",
        [("The library ", "Tom Hale"), ("Nobody at Ci", "Tom Hale")], id="interview-answer-negative-continued-talk",
    ),
    # new cue verbs
    pytest.param(
        "“If they were serious, they would have called me,” Toomey fumed on Tuesday.",
        [("If they were", "Toomey")], id="cue-fumed",
    ),
    pytest.param(
        "At the hearing, Senator Ames blurted out: “We have the votes.”",
        [("We have the ", "Ames")], id="cue-blurted-out",
    ),
    pytest.param(
        "“There were some of us who thought it could work,” Bozell points out.",
        [("There were s", "Bozell")], id="cue-points-out",
    ),
    pytest.param(
        "“You know, it happens,” Trump went on, as if he had not heard her.",
        [("You know, it", "Trump")], id="cue-went-on",
    ),
    pytest.param(
        "Tom Hale spoke first at the hearing.\n\n“Would you sign the bill?” Laura Diaz pressed.",
        [("Would you si", "Laura Diaz")], id="cue-pressed",
    ),
    pytest.param(
        "Tom Hale spoke first at the hearing.\n\n“We will not back down from this,” opined Laura Diaz.",
        [("We will not ", "Laura Diaz")], id="cue-opined-inverted",
    ),
    pytest.param(
        "Tom Hale spoke first at the hearing.\n\n“France will always be France,” an angry Laura Diaz retaliated.",
        [("France will ", "Laura Diaz")], id="cue-retaliated",
    ),
    # "press" the noun is no cue: the one told the press speaks
    pytest.param(
        "“We will win the county,” Mayor Ruth Okafor told the press on Monday.",
        [("We will win ", "Ruth Okafor")], id="cue-press-noun-negative",
    ),
    # a title or role between an inverted cue and the name: the person speaks ...
    pytest.param(
        "“Voters should stay home in November,” opined Senator Ray Hill.",
        [("Voters shoul", "Ray Hill")], id="inverted-cue-title-before-name",
    ),
    pytest.param(
        "“The debate is over and we won it,” tweeted Hill spokesman Tom Hale.",
        [("The debate i", "Tom Hale")], id="inverted-cue-role-before-name",
    ),
    # a surname the model tags as no name, known earlier as a full name: that person speaks ...
    pytest.param(
        "Bill Skelly ran the data team in Ohio for two years.\n\n"
        "“Having access to the file is valuable,” said Skelly, explaining his work.",
        [("Having acces", "Bill Skelly")], id="untagged-surname-after-cue",
    ),
    pytest.param(
        "Bill Skelly ran the data team in Ohio for two years.\n\n"
        "“Having access to the file is valuable,” Skelly said.",
        [("Having acces", "Bill Skelly")], id="untagged-surname-before-cue",
    ),
    # ... not a capitalised word no person of the article is called by
    pytest.param(
        "Bill Skelly ran the data team in Ohio for two years.\n\n"
        "“Having access to the file is valuable,” said Quickly, explaining his work.",
        [("Having acces", None)], id="untagged-surname-after-cue-negative",
    ),
    # a bare surname shows the one full name the article writes, however the model tagged it ...
    pytest.param(
        "The guest list of The Rachel Maddow Show was long on Monday.\n\n“You will have to ask a bear,” Maddow said.",
        [("You will hav", "Rachel Maddow")], id="surname-full-name-written-untagged",
    ),
    # ... and stays a surname when two given names go with it
    pytest.param(
        "The Rachel Maddow Show and the Tom Maddow Hour were both on air.\n\n“You will have to ask a bear,” Maddow said.",
        [("You will hav", "Maddow")], id="surname-full-name-written-untagged-negative",
    ),
    # an outlet that reports a person's words is the annotated source (ranking feature
    # `outlet_report`) ...
    pytest.param(
        "When asked about the race, Ray Hill said, “No comment,” The Miami Herald reported.",
        [("No comment,", "Miami Herald")], id="outlet-reports-a-quote",
    ),
    # ... not an outlet the person talks to
    pytest.param(
        "“We will appeal the ruling,” Ray Hill told The Miami Herald on Monday.",
        [("We will appe", "Ray Hill")], id="outlet-reports-a-quote-negative",
    ),
    # ... not a name with a clause of its own after the cue
    pytest.param(
        "“Voters should stay home,” said Hill, who spoke to Tom Hale.",
        [("Voters shoul", "Hill")], id="inverted-cue-title-before-name-negative",
    ),
    # passive cues: the subject of "was quoted as saying" speaks; the subject of "was called" does
    # not, its agent does
    pytest.param(
        "Mayor Ruth Okafor was quoted as saying, “We will appeal the ruling.”",
        [("We will appe", "Ruth Okafor")], id="passive-quoted-as-saying",
    ),
    pytest.param(
        "When told of the verdict, Joan Hill was blunt: “Justice was done.”",
        [("Justice was ", "Joan Hill")], id="passive-when-told",
    ),
    pytest.param(
        "Dr. Lane has been called a “quack” by rival doctors for years.",
        [("quack", "rival doctors")], id="passive-called-agent-speaks",
    ),
    # an organisation's name, a rank, then a person: the person speaks
    pytest.param(
        "“I never thought the base would close,” said Navy Capt. Laura Briggs.",
        [("I never thou", "Laura Briggs")], id="organisation-rank-person-speaks",
    ),
    pytest.param(
        "“The base will close in June,” said the Navy in a statement.",
        [("The base wil", "Navy")], id="organisation-alone-speaks",
    ),
    # a bare surname two people share: the one the article is about, when the other is named once
    pytest.param(
        "Senator Ted Brandt opened his campaign in Austin on Monday. Brandt spoke about taxes. "
        "Brandt promised lower rates. Brandt thanked the volunteers. Brandt met donors.\n\n"
        "His wife, Heidi Brandt, stood beside him. "
        "“We will win this state,” Brandt said.",
        [("We will win ", "Ted Brandt")], id="surname-shared-dominant-person",
    ),
    pytest.param(
        "Ted Brandt opened his campaign in Austin on Monday.\n\n"
        "Later his wife, Heidi Brandt, spoke to the crowd. "
        "“We will win this state,” Brandt said.",
        [("We will win ", "Heidi Brandt")], id="surname-shared-nearest-when-none-dominates",
    ),
    # a weekday the model runs into a name is no part of it
    pytest.param(
        "Mayor Ruth Okafor spoke in Lagos. “We will appeal,” Okafor Wednesday said.",
        [("We will appe", "Ruth Okafor")], id="weekday-no-part-of-a-name",
    ),
    # "added a ..." after its quote: a described speaker the parser makes the verb's object ...
    pytest.param(
        "Insiders weighed in on the primary this week.\n\n"
        "“Look, the senator needed to split the first two primaries,” added a South Carolina Democrat.",
        [("Look, the se", "Democrat")], id="inverted-cue-described-speaker",
    ),
    # ... not when the verb does not follow the quote
    pytest.param(
        "Insiders weighed in on the primary this week.\n\n"
        "“We will win the county,” Laura Diaz said, and added a warning about turnout.",
        [("We will win ", "Laura Diaz")], id="inverted-cue-described-speaker-negative",
    ),
    # rule `inner`: the named subject of an adverbial clause holding a partial quote says it ...
    pytest.param(
        "Senator Ray Hill spoke in Ohio on Monday. As Hill went on about “a rigged system,” his wife Ann Hill said nothing.",
        [("a rigged sys", "Ray Hill")], id="inner-adverbial-clause-subject",
    ),
    # ... but not an adverbial clause inside what a cue reports: the cue's subject says it
    pytest.param(
        "Tom Pike, the county prosecutor, spoke on Monday. "
        "Pike said that while Laura Diaz had been “extremely careless,” no charges would follow.",
        [("extremely ca", "Tom Pike")], id="inner-not-inside-reported-content",
    ),
    # the owner of a speech noun said the words under it ...
    pytest.param(
        "Mark Jensen spoke to reporters in Denver on Tuesday. "
        "The reporters seized on Tom Pike’s claim that there were “thousands of them.”",
        [("thousands of", "Tom Pike")], id="inner-speech-noun-owner",
    ),
    # ... unless a characterising verb's subject judges them
    pytest.param(
        "Mark Jensen spoke to reporters in Denver on Tuesday. Jensen called Tom Pike’s remarks “childish and wrong.”",
        [("childish and", "Mark Jensen")], id="inner-speech-noun-called-by-someone",
    ),
    # an inverted cue's name, though the parser makes it the subject of the quote's own verb
    pytest.param(
        "Edward Leamer teaches at UCLA. “The risk,” said Edward Leamer, an economist at the university, "
        "“is that we lose the jobs.”",
        [("The risk,", "Edward Leamer"), ("is that we l", "Edward Leamer")], id="inverted-cue-name-past-split-quote",
    ),
    # a name before its cue past a relative clause set off by commas ...
    pytest.param(
        "Of the governor, Levine, who has given money to Marco Rubio, said he was “a decent man.”",
        [("a decent man", "Levine")], id="name-before-cue-past-relative-clause",
    ),
    # ... but a relative clause that holds the cue is its antecedent's
    pytest.param(
        "Eric Levine met the governor in May. Levine gave money to Marco Rubio, who said he was “a decent man.”",
        [("a decent man", "Marco Rubio")], id="name-before-cue-past-relative-clause-negative",
    ),
    # a name set off after the quote, with a phrase in marks inside its apposition
    pytest.param(
        "“We have had better conventions than this one,” Texas delegate Bill Eastland, wearing a cowboy hat "
        "and “Ted Cruz” campaign pins, said as the balloons fell.",
        [("We have had ", "Bill Eastland")], id="set-off-name-past-inner-marks",
    ),
    # a label after a dash the model tags as no entity ...
    pytest.param(
        "The economy has mattered in the Midwest - Philip Bump: “Two weeks ago, his strongest territory had been the South.”",
        [("Two weeks ag", "Philip Bump")], id="untagged-dash-label",
    ),
    # ... which must be a short run of capitalised names
    pytest.param(
        "The economy has mattered in the Midwest - see the Two Weeks chart: “Two weeks ago, his strongest territory had "
        "been the South.”",
        [("Two weeks ag", None)], id="untagged-dash-label-negative",
    ),
    # a participle after the clause a cue reports goes on with the one reporting ...
    pytest.param(
        "Cruz said last week that Trump represents “New York values,” stating during the debate that they are "
        "“socially liberal.”",
        [("New York val", "Cruz"), ("socially lib", "Cruz")], id="participle-after-reported-clause",
    ),
    # ... while one on a clause of its own is that clause's subject's
    pytest.param(
        "Trump attacked the senator on Monday, calling her “a total disaster.”",
        [("a total disa", "Trump")], id="participle-after-reported-clause-negative",
    ),
    # ", said NAME" after a reported clause whose subject the parser gave the cue ...
    pytest.param(
        "The rejection of the treaty signals “the beginning of the end” for the union, said Geert Wilders, founder of the party.",
        [("the beginnin", "Geert Wilders")], id="said-name-after-reported-clause",
    ),
    # a colon label with a bracket, whose hyphen and "):" token do not end it ...
    pytest.param(
        'The hearing ran for eleven hours.\n\nRep. Ann Brody (R-S.C.): "I have not heard anyone other than you cite that '
        'figure. Who told you that?"',
        [("I have not h", "Ann Brody")], id="colon-label-with-bracket",
    ),
    # ... and a bracket after no name is no label
    pytest.param(
        'The hearing ran for eleven hours.\n\nThe figure (in percent): "I have not heard anyone other than you cite that '
        'figure. Who told you that?"',
        [("I have not h", None)], id="colon-label-with-bracket-negative",
    ),
    # a comma after a speech noun the subject's verb takes stands for a colon ...
    pytest.param(
        "Immediately after the storm, Okafor issued a statement, “Last night, our city was hit. It was the worst storm in "
        "years. My deepest sympathy goes out to the families.”",
        [("Last night, ", "Okafor")], id="speech-noun-comma",
    ),
    # ... and gives a named subject only (a description says no more than "unattributed")
    pytest.param(
        "Immediately after the storm, the office issued a statement, “Last night, our city was hit. It was the worst "
        "storm in years.”",
        [("Last night, ", None)], id="speech-noun-comma-negative",
    ),
    # ... but a person subject before the cue keeps it
    pytest.param(
        "Laura Diaz, the mayor, said Tuesday the plan marks “the beginning of the end.”",
        [("the beginnin", "Laura Diaz")], id="said-name-after-reported-clause-negative",
    ),
    # a campaign or an office speaks for the person who owns it ...
    pytest.param(
        "Hillary Clinton toured Iowa on Monday. “The plan is a real step forward,” the Clinton campaign said.",
        [("The plan is ", "Hillary Clinton")], id="campaign-speaks-for-its-candidate",
    ),
    pytest.param(
        "Paul Ryan met Donald Trump on Monday. Ryan’s office said the meeting was “productive and candid.”",
        [("productive a", "Paul Ryan")], id="office-speaks-for-its-holder",
    ),
    pytest.param(
        "Bernie Sanders spoke on Monday. Sanders’ fundraising email to his supporters notes that "
        "“the system is rigged against us.”",
        [("the system i", "Bernie Sanders")], id="email-speaks-for-its-sender",
    ),
    # ... but not an unowned one, nor one the quote judges rather than quotes
    pytest.param(
        "Hillary Clinton toured Iowa on Monday. “The plan is a real step forward,” the campaign said.",
        [("The plan is ", "the campaign")], id="campaign-speaks-for-its-candidate-negative",
    ),
    pytest.param(
        "Mark Hill ran the company for six years. Dena Grayson’s campaign was “tragic in the Year of the Woman,” "
        "he wrote in an email.",
        [("tragic in th", "Mark Hill")], id="campaign-judged-negative",
    ),
    # a date is never who speaks ...
    pytest.param(
        "The council met late. “We will not back down,” said Monday, a reporter at the Herald.",
        [("We will not ", None)], id="date-subject-no-speaker",
    ),
    pytest.param(
        "The council met late. “We will not back down,” said Monday Jim Carey, a reporter at the Herald.",
        [("We will not ", "Jim Carey")], id="date-subject-no-speaker-negative",
    ),
    # the owner of a reply before a colon speaks; a reply nobody owns names no one
    pytest.param(
        "Huma Abedin emailed the secretary in December. Clinton’s response was: “Is the store open on Sunday or not?”",
        [("Is the store", "Clinton")], id="reply-owner-before-colon",
    ),
    pytest.param(
        "The committee met on Monday. The response was: “We are not leaving the city this year.”",
        [("We are not l", None)], id="reply-owner-before-colon-negative",
    ),
    # an outlet after a place's possessive and an inverted cue; a person after it stays the speaker
    pytest.param(
        "Editorial pages warned of danger. “Gun owners should leave their weapons at home,” opined Cleveland's Plain Dealer.",
        [("Gun owners s", "Plain Dealer")], id="place-possessive-outlet",
    ),
    pytest.param(
        "Editorial pages warned of danger. “Gun owners should leave their weapons at home,” said Ohio's governor, John Kasich.",
        [("Gun owners s", "John Kasich")], id="place-possessive-outlet-negative",
    ),
    # "she" goes back to a person the actors layer found, though the model tags her surname otherwise
    pytest.param(
        "Carly Fiorina ran HP for six years. Fiorina, 61, declined requests for an interview. When asked about "
        "the merger, she defended it. “If you are not leading, you are failing,” she said.",
        [("If you are n", "Carly Fiorina")], id="pronoun-to-actor-tagged-otherwise",
    ),
    # a quote filling its paragraph, signed on the next line after a dash (a column of quotations)
    pytest.param(
        "Quotes of the week\n\n“We will not back down from this fight, whatever the cost to us.”\n\n- Maria Lopez.",
        [("We will not ", "Maria Lopez")], id="signature-line",
    ),
    pytest.param(
        "Quotes of the week\n\n“The vote was a betrayal of every family in this state.”\n\n"
        "-President Obama, tweeting after the speech.",
        [("The vote was", "Obama")], id="signature-line-title-untagged",
    ),
    pytest.param(
        "The party released its plan on Monday.\n\n“Our plan puts working families first, and we will fight for it.”"
        "\n\n- Cut taxes on small businesses.",
        [("Our plan put", None)], id="signature-line-negative-list-item",
    ),
    pytest.param(
        "The party met on Monday.\n\n“Our plan puts working families first, and we will fight for it.”"
        "\n\n– A Long Day For The Party –.",
        [("Our plan put", None)], id="signature-line-negative-heading",
    ),
    pytest.param(
        "Mayor Ana Ortiz spoke on Monday.\n\n“Our plan puts working families first,” Ortiz said, “and we will fight.”"
        "\n\n- Maria Lopez.",
        [("Our plan put", "Ana Ortiz"), ("and we will ", "Ana Ortiz")], id="signature-line-negative-cued",
    ),
]


@pytest.mark.parametrize(("form", "lemma"), [("pressed", "press"), ("reacted", "react"), ("retaliated", "retaliate"),
                                             ("opined", "opine"), ("pressure", None), ("acted", None)])
def test_new_cue_verbs_by_lemma(form, lemma):
    """The cue verbs the training file's unattributed quotes asked for ("Hannity pressed",
    "reacted Trump", "an angry Hollande retaliated"), and words beside them that are none."""
    from generator.analyse.lexicon import reporting_lemma

    assert reporting_lemma(form) == lemma


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_speaker_shapes(nlp, text, expected):
    assert speakers_of(nlp, text) == expected


def _parsed(nlp, words: list[str], spaces: list[bool], parse: list[tuple[str, str, str, int]], ents: list[str]):
    """A Doc of `words` with the parse the model gives such sentences in news copy (tag, pos,
    dep, head offset), for shapes the model parses otherwise in a short written sentence."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, spaces=spaces, tags=[p[0] for p in parse], pos=[p[1] for p in parse],
              deps=[p[2] for p in parse], heads=[i + p[3] for i, p in enumerate(parse)], ents=ents,
              sent_starts=[True] + [False] * (len(words) - 1))
    return doc


def _quotes_of(doc) -> list[tuple[str, str | None]]:
    from generator.analyse.components.quotes import find_quotes

    return [(q["text"][:12], q["speaker_name"]) for q in find_quotes(doc, [])]


# “Look at the letter,” Okafor notes.  -- the model hangs the name on the verb as a compound
_NOTES_WORDS = ["“", "Look", "at", "the", "letter", ",", "”", "Okafor", "notes", "."]
_NOTES_PARSE = [("``", "PUNCT", "punct", 1), ("VB", "VERB", "xcomp", 7), ("IN", "ADP", "prep", -1), ("DT", "DET", "det", 1),
                ("NN", "NOUN", "pobj", -2), (",", "PUNCT", "punct", 3), ("''", "PUNCT", "punct", 2),
                ("NNP", "PROPN", "compound", 1), ("VBZ", "VERB", "ROOT", 0), (".", "PUNCT", "punct", -1)]


def test_cue_with_its_name_parsed_as_a_compound(nlp):
    doc = _parsed(nlp, _NOTES_WORDS, [False, True, True, True, False, False, True, True, False, False], _NOTES_PARSE,
                  ["O"] * len(_NOTES_WORDS))
    assert _quotes_of(doc) == [("Look at the ", "Okafor")]


def test_compound_before_a_noun_is_no_speaker(nlp):
    # “Look at the letter,” campaign notes.  -- a common noun in the same place speaks for no one
    words = [*_NOTES_WORDS[:7], "campaign", "notes", "."]
    parse = [*_NOTES_PARSE[:7], ("NN", "NOUN", "compound", 1), *_NOTES_PARSE[8:]]
    doc = _parsed(nlp, words, [False, True, True, True, False, False, True, True, False, False], parse, ["O"] * len(words))
    assert all(name is None for _, name in _quotes_of(doc))


# Sunday Sen. Ann Brody (D-MA) said he was a “failure.”  -- the parser makes "Sunday" the subject
_BRACKET_WORDS = ["Sunday", "Sen.", "Ann", "Brody", "(", "D", "-", "MA", ")", "said", "he", "was", "a", "“", "failure", ".", "”"]
_BRACKET_SPACES = [True, True, True, True, False, False, False, False, True, True, True, True, True, False, False, False, False]
_BRACKET_PARSE = [("NNP", "PROPN", "nsubj", 9), ("NNP", "PROPN", "compound", 2), ("NNP", "PROPN", "compound", 1),
                  ("NNP", "PROPN", "npadvmod", -3), ("-LRB-", "PUNCT", "punct", -1), ("NNP", "PROPN", "appos", -2),
                  ("HYPH", "PUNCT", "punct", 1), ("NNP", "PROPN", "appos", -4), ("-RRB-", "PUNCT", "punct", -5),
                  ("VBD", "VERB", "ROOT", 0), ("PRP", "PRON", "nsubj", 1), ("VBD", "AUX", "ccomp", -2), ("DT", "DET", "det", 2),
                  ("``", "PUNCT", "punct", 1), ("NN", "NOUN", "attr", -3), (".", "PUNCT", "punct", -6), ("''", "PUNCT", "punct", -7)]


def test_name_before_its_cue_past_a_bracket(nlp):
    ents = ["B-DATE", "O", "B-PERSON", "I-PERSON", *["O"] * 13]
    doc = _parsed(nlp, _BRACKET_WORDS, _BRACKET_SPACES, _BRACKET_PARSE, ents)
    assert _quotes_of(doc) == [("failure.", "Ann Brody")]


def test_bracket_after_a_non_person_leads_to_no_name(nlp):
    # the same sentence with "Ann Brody" tagged no person: the bracket is skipped to no name, and
    # the parse's subject, a date, is no speaker either (the rule adds no guess of its own)
    doc = _parsed(nlp, _BRACKET_WORDS, _BRACKET_SPACES, _BRACKET_PARSE, ["B-DATE", *["O"] * 16])
    assert all(name is None for _, name in _quotes_of(doc))


@pytest.mark.parametrize("text, expected", [
    # a name the model may run into a title-case headline ("Ben Carson Defends" of "Ben Carson
    # Defends Himself ..."): the speaker is shown as the body writes the name
    pytest.param(
        "Ben Carson Defends Himself Against Claims He Exaggerated His Life Story\n\n"
        "Ben Carson responded on Sunday to accusations about his past. "
        "“I have never lied about my life,” Carson said.",
        [("I have never", "Ben Carson")], id="headline-run-in",
    ),
    # ... also when the body writes the surname alone
    pytest.param(
        "Ben Carson Defends Himself Against Claims He Exaggerated His Life Story\n\n"
        "“I have never lied about my life,” Carson said on Sunday.",
        [("I have never", "Ben Carson")], id="headline-run-in-surname-only",
    ),
    # a first line that is a sentence keeps its full name
    pytest.param(
        "Count former Mexican President Felipe Calderon among Donald Trump’s detractors.\n\n"
        "The former Mexican leader went on the record recently. "
        "“He is a danger to the world,” Calderon said.",
        [("He is a dang", "Felipe Calderon")], id="sentence-first-line",
    ),
    # a name run into the headline's words is never the fuller form of a surname
    pytest.param(
        "Why The Democratic Party’s Move Against Bernie Sanders Could Backfire\n\n"
        "In the debate on Saturday, Sen. Bernie Sanders apologized to his supporters. At the debate, "
        "Sanders said his staff “did the wrong thing” by looking at the data.",
        [("did the wron", "Bernie Sanders")], id="headline-no-fuller-name",
    ),
    pytest.param(
        "Why The Democratic Party’s Move Against Bernie Sanders Could Backfire\n\n"
        "In the debate on Saturday, Sanders apologized to his supporters. "
        "“My staff did the wrong thing by looking at the data,” Sanders said.",
        [("My staff did", "Sanders")], id="headline-no-fuller-name-surname-only",
    ),
    # ... while a fuller name the body writes is one
    pytest.param(
        "Hillary Rodham Clinton spoke in Iowa on Monday. Later, Hillary Clinton took questions. "
        "“We will win this state,” Clinton said.",
        [("We will win ", "Hillary Rodham Clinton")], id="body-fuller-name",
    ),
])
def test_headline_name_shown_as_the_body_writes_it(nlp, text, expected):
    """Through the whole pipeline: the actors layer cuts a name run into a headline, and the
    speaker shows the person's name, never the headline's words."""
    assert speakers_of(nlp, text) == expected


@pytest.mark.parametrize("text, speaker, not_speaker", [
    # a described subject set off after a person's name: the name speaks, not the organisation
    # the description names ("the chairwoman of ... GOP")
    pytest.param(
        "The county party met in June. “He looked me right in the eye and asked what it would take to win here,” "
        "Deborah Tamargo, the chairwoman of the Hillsborough County GOP, recalled.",
        "Deborah Tamargo", "Hillsborough County GOP", id="name-before-description",
    ),
    pytest.param(
        "“We will have the votes by Friday,” Tom Reyes, the treasurer of the Ohio Democratic Party, recalled of the "
        "meeting.",
        "Tom Reyes", "Ohio Democratic Party", id="name-before-description-recalled",
    ),
    # a name before the comma that is the object of a preposition is not the subject's
    pytest.param(
        "In a letter to Ann Lee, the chairwoman of the state party said, “We will have the votes by Friday.”",
        None, "Ann Lee", id="name-before-description-negative-object",
    ),
])
def test_name_before_a_described_subject(nlp, text, speaker, not_speaker):
    [(_, name)] = speakers_of(nlp, text)
    assert name != not_speaker
    if speaker is not None:
        assert name == speaker


# “We pay twice,” tweeted Prince Alwaleed, the nephew of King Abdullah.  -- the subject untagged,
# a person named inside its appositive's prepositional phrase
_APPOS_WORDS = ["“", "We", "pay", "twice", ",", "”", "tweeted", "Prince", "Alwaleed", ",", "the", "nephew", "of", "King",
                "Abdullah", "."]
_APPOS_SPACES = [False, True, True, False, False, True, True, True, False, True, True, True, True, True, False, False]
_APPOS_PARSE = [("``", "PUNCT", "punct", 2), ("PRP", "PRON", "nsubj", 1), ("VBP", "VERB", "ccomp", 4),
                ("RB", "ADV", "advmod", -1), (",", "PUNCT", "punct", 2), ("''", "PUNCT", "punct", 1),
                ("VBD", "VERB", "ROOT", 0), ("NNP", "PROPN", "compound", 1), ("NNP", "PROPN", "nsubj", -2),
                (",", "PUNCT", "punct", -1), ("DT", "DET", "det", 1), ("NN", "NOUN", "appos", -3), ("IN", "ADP", "prep", -1),
                ("NNP", "PROPN", "compound", 1), ("NNP", "PROPN", "pobj", -2), (".", "PUNCT", "punct", -9)]


def test_appositive_names_the_speaker_only_as_itself(nlp):
    """A person in a phrase that qualifies the subject's appositive ("the nephew of King
    Abdullah") is the speaker's relation, not the speaker: the subject's own words are shown."""
    ents = ["O"] * 13 + ["B-PERSON", "I-PERSON", "O"]
    doc = _parsed(nlp, _APPOS_WORDS, _APPOS_SPACES, _APPOS_PARSE, ents)
    assert _quotes_of(doc) == [("We pay twice", "Prince Alwaleed")]


def test_appositive_that_is_the_name_speaks(nlp):
    # “We pay twice,” tweeted the spokeswoman, Maria Zakharova.  -- the appositive is the name itself
    words = [*_APPOS_WORDS[:7], "the", "spokeswoman", ",", "Maria", "Zakharova", "."]
    spaces = [*_APPOS_SPACES[:7], True, False, True, True, False, False]
    parse = [*_APPOS_PARSE[:7], ("DT", "DET", "det", 1), ("NN", "NOUN", "nsubj", -2), (",", "PUNCT", "punct", -1),
             ("NNP", "PROPN", "compound", 1), ("NNP", "PROPN", "appos", -3), (".", "PUNCT", "punct", -6)]
    doc = _parsed(nlp, words, spaces, parse, ["O"] * 10 + ["B-PERSON", "I-PERSON", "O"])
    assert _quotes_of(doc) == [("We pay twice", "Maria Zakharova")]


# “Your reputation is amazing,” Trump assured Jones.  -- the model tags "Trump assured Jones" as one
# WORK_OF_ART, the verb inside it
_TITLE_WORDS = ["“", "Your", "reputation", "is", "amazing", ",", "”", "Trump", "assured", "Jones", "."]
_TITLE_SPACES = [False, True, True, True, False, False, True, True, True, False, False]
_TITLE_PARSE = [("``", "PUNCT", "punct", 8), ("PRP$", "PRON", "poss", 1), ("NN", "NOUN", "nsubj", 1),
                ("VBZ", "AUX", "ccomp", 5), ("JJ", "ADJ", "acomp", -1), (",", "PUNCT", "punct", 3),
                ("''", "PUNCT", "punct", 2), ("NNP", "PROPN", "nsubj", 1), ("VBD", "VERB", "ROOT", 0),
                ("NNP", "PROPN", "dobj", -1), (".", "PUNCT", "punct", -2)]
_TITLE_ENTS = ["O"] * 7 + ["B-WORK_OF_ART", "I-WORK_OF_ART", "I-WORK_OF_ART", "O"]


@pytest.mark.parametrize("verb, expected", [
    pytest.param(("VBD", "VERB", "ROOT", 0), "Trump", id="verb-with-its-subject-is-a-cue"),
    # the same words as a title ("Trump Assured Jones", a proper noun): no verb, no cue, so no
    # speaker (and the short quote without one is not kept)
    pytest.param(("NNP", "PROPN", "ROOT", 0), None, id="title-word-is-no-cue"),
])
def test_speech_verb_inside_a_misread_title(nlp, verb, expected):
    parse = [*_TITLE_PARSE[:8], verb, *_TITLE_PARSE[9:]]
    if verb[1] == "PROPN":
        parse[7] = ("NNP", "PROPN", "compound", 1)
    doc = _parsed(nlp, _TITLE_WORDS, _TITLE_SPACES, parse, _TITLE_ENTS)
    assert [name for _, name in _quotes_of(doc)] == ([expected] if expected else [])


_TRAIN_TEXT = "The Trump Train rolled through Ohio on Monday. “We will win this state,” Trump said."
_TRUMP = _TRAIN_TEXT.rfind("Trump")
_TRAIN_ACTOR = {"id": "o", "name": "Trump Train", "kind": "organization", "aliases": ("Trump",),
                "mentions": [(4, 15), (_TRUMP, _TRUMP + 5)]}


@pytest.mark.parametrize("mention, name, actor, expected", [
    # a person-tagged surname the actors layer grouped under an organisation that holds it
    pytest.param((_TRUMP, _TRUMP + 5), "Trump", _TRAIN_ACTOR, (None, "Trump"), id="person-not-the-organisation"),
    # the same grouping under a person is kept, and the organisation's own words stay its own
    pytest.param((_TRUMP, _TRUMP + 5), "Trump", {**_TRAIN_ACTOR, "kind": "person"}, ("o", "Trump Train"),
                 id="person-actor-kept"),
    pytest.param((4, 15), "Trump Train", _TRAIN_ACTOR, ("o", "Trump Train"), id="organisation-mention-kept"),
])
def test_organisation_around_a_person(nlp, mention, name, actor, expected):
    from generator.analyse.speakers import canonical_speaker

    doc = nlp(_TRAIN_TEXT)
    assert canonical_speaker(doc, mention, name, [actor]) == expected


@pytest.mark.parametrize("text, expected", [
    # the surname opening the sentence after a question, read by the model as a common noun: the
    # surname of the one full name of the article attributes the question
    pytest.param(
        "Donald Trump held a news conference on Monday.\n\n\"You think I'm going to change?\" Trump asked reporters "
        "rhetorically during a news conference late last month. \"I'm not changing.\"",
        [("You think I'", "Donald Trump"), ("I'm not chan", "Donald Trump")], id="surname-opening-after-question",
    ),
    # no full name of that surname in the article: the word is no known name, the question stays unattributed
    pytest.param(
        "The board met on Monday.\n\n\"You think I'm going to change?\" Trump asked reporters "
        "rhetorically during a news conference late last month. \"I'm not changing.\"",
        [("You think I'", None)], id="surname-opening-negative-unknown",
    ),
])
def test_surname_opening_the_attribution_sentence(nlp, text, expected):
    assert speakers_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the place of a dateline, parsed as a second subject, is not who says it
    pytest.param(
        "Washington (AFP) – Democrat Hillary Clinton has taken a swipe at Republican rival Donald Trump’s stance on "
        "Brexit, saying that “bombastic comments” do more harm than good during such times.",
        [("bombastic co", "Hillary Clinton")], id="dateline-agency",
    ),
    pytest.param(
        "LONDON — Prime Minister Theresa May has rejected the proposal, saying it would be “a betrayal of the voters” "
        "in the referendum.",
        [("a betrayal o", "Theresa May")], id="dateline-dash",
    ),
    # a place that is the subject itself, with no dash after it, stays the subject (a government speaking)
    pytest.param(
        "Washington has rejected the proposal, saying it would be “a betrayal of our allies” in the region.",
        [("a betrayal o", "Washington")], id="dateline-negative-place-speaks",
    ),
])
def test_dateline_is_no_subject(nlp, text, expected):
    assert speakers_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a described subject whose appositive is an organisation: the organisation speaks
    pytest.param(
        "The Israeli newspaper Haaretz noted that “as a matter of policy, Israeli officials do not meet with radical "
        "politicians.”",
        [("as a matter ", "Haaretz")], id="organisation-appositive",
    ),
    # a kin word's appositive the model tags as an organisation is a person: no organisation is shown
    pytest.param(
        "Curt Schilling spoke on Monday. His son, Grant, said the remarks were “taken out of context by everyone.”",
        [("taken out of", "His son")], id="organisation-appositive-negative-kin",
    ),
])
def test_organisation_appositive(nlp, text, expected):
    assert speakers_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a second quote of the sentence, held by a clause whose "she" is someone else: the speaker the
    # cue named for the first quote goes on
    pytest.param(
        "Betty Ford died on Friday. Ann Moss, a professor, wrote a book about her.\n\n"
        "The secret of Betty, says Paul Hart, curator at the Presidential Museum of Michigan, is that she was \"one of "
        "the boldest first ladies of the postwar years,\" not for her speeches (think Eleanor Roosevelt) but for her "
        "\"candor about illness, addiction and recovery at a time when nobody spoke of them (think Abigail Adams).\"",
        [("one of the b", "Paul Hart"), ("candor about", "Paul Hart")], id="same-sentence-speaker",
    ),
    # a quote with a cue of its own keeps its speaker
    pytest.param(
        "David Axelrod, a former adviser, logged on to Twitter during the debate.\n\n"
        "“It’s misleading to imply that it was a bailout bill,” Axelrod tweeted after Clinton argued that “if everyone "
        "had voted as he voted, we would not have rescued the auto industry.”",
        [("It’s mislead", "David Axelrod"), ("if everyone ", "Clinton")], id="same-sentence-negative-own-cue",
    ),
])
def test_same_sentence_speaker(nlp, text, expected):
    assert speakers_of(nlp, text) == expected
