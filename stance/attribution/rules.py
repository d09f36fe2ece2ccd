"""Attribution: who holds the view each body sentence expresses, with the evidence.

Every body sentence gets an :class:`~stance.records.Attribution`. Finding the *source span*
(the words naming the holder) and the *cue* comes first, from these methods:

``model``
    the attribution model trained on PolNeAR (:mod:`stance.attribution.model`) marks the
    source and cue, wherever they are in the sentence or its neighbours;
``verb-subject``
    the subject of the sentence's highest speech or attitude verb in the dependency parse
    ("Putin said", "Xi assured that", "Beijing has not condemned", "officials said");
``according-to``
    the object of "according to" ("According to him, ...");
``carried-over``
    a sentence inside a quotation, or a quotation right after a quoted sentence, that names no
    speaker takes the speaker of that quotation ("...," Putin said. "We are waiting."); so does a
    paragraph quoted as a block without quotation marks after a paragraph such as "The governor added:";
``speaker-label``
    a transcript paragraph that opens with a speaker's name in capitals and a colon ("WALLACE: ...")
    is that speaker's turn, every sentence of it;
``none``
    nobody else holds it: the author does (``actor="author"``, ``source=None``).

When the model and the parse agree, the parse's method is kept and the confidence raised;
when only one finds a source, it is used. The source span is then *resolved* to an actor
(``Attribution.resolution``):

``alias`` / ``ner``
    a mention in the span links to a registry actor ("the Kremlin" -> Government of Russia) or
    to a named entity;
``pronoun``
    "he", "she", "him", "they", "it" (and "the bloc", "the government" ...) take the most
    recent suitable holder or mention before them;
``role``
    a role phrase resolves through the actor registry and the article date ("the Russian
    president", "the head of the Kremlin", "his Chinese counterpart");
``group``
    "both leaders" / "the two leaders" join the last two people mentioned;
``cataphora``
    a headline or lede that describes one person by a title ("A former Democratic National Committee
    chairman says ...") names the person named in full just below it ("... said Don Fowler");
``text``
    nothing links: the holder is named by the source text itself ("analysts", "diplomats").

A speech verb inside the reported content of another ("Putin acknowledged that Xi had expressed
concern") is recorded as ``nested``; the outer holder keeps the sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from stance.actors import ActorRegistry, as_date
from stance.records import AUTHOR, Attribution, Document, Mention, Sentence, Span, overlaps
from stance.segmentation import opens_with_quote

SPEECH_LEMMAS = frozenset(
    """say tell add state declare announce claim assert insist stress emphasize emphasise note explain
    warn argue reply respond answer ask write tweet post report confirm deny acknowledge admit assure
    reiterate repeat promise pledge vow urge call demand suggest propose predict describe complain
    accuse criticize criticise condemn praise welcome thank blame reject dismiss express voice signal
    indicate hint maintain concede recall mention comment remark observe point inform quote cite
    announce testify caution counter retort contend allege estimate recommend speak find reveal
    conclude defend issue release offer question attack talk refer decline continue mock ridicule deride
    denounce decry slam blast lambaste lambast assail rebuke rebuff scold chide castigate taunt disparage
    applaud hail tout boast brag lament joke quip yell shout chant exclaim scoff
    characterize characterise label brand dub liken compare echo laud commend congratulate credit fault
    dispute refute rebut affirm apologize apologise threaten protest speculate forecast wonder""".split()
)
ATTITUDE_LEMMAS = frozenset(
    """believe think hope expect fear worry want wish feel consider regard view doubt suspect know
    understand agree disagree support oppose back endorse favor favour refuse refrain seek plan intend
    prefer trust distrust recognize recognise await wait decide insist see
    admire despise love hate dislike champion""".split()
)
CUE_LEMMAS = SPEECH_LEMMAS | ATTITUDE_LEMMAS
#: Adjectives of attitude: a model source with one of these in its cue holds the sentence ("Some
#: Democrats are hopeful ...", "was critical of all the candidates").
ATTITUDE_ADJECTIVES = frozenset(
    """hopeful critical skeptical sceptical confident optimistic pessimistic wary worried concerned angry furious
    upset miffed pleased happy proud eager keen opposed supportive dismissive enthusiastic grateful
    disappointed frustrated alarmed outraged""".split()
)
_IRREGULAR = "said told thought felt knew understood wrote saw sought spoke meant held found shown".split()
#: Inflected forms of the cue verbs, for the parser's lemma mistakes ("hopes" -> "hop").
CUE_FORMS = frozenset(
    [form for lemma in CUE_LEMMAS for form in (lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing",
                                               lemma[:-1] + "ies" if lemma.endswith("y") else lemma,
                                               lemma[:-1] + "ied" if lemma.endswith("y") else lemma,
                                               lemma[:-1] + "ing" if lemma.endswith("e") else lemma)] + _IRREGULAR
)
#: Head nouns of subjects that can hold a view (besides names, pronouns and registry actors).
HOLDER_NOUNS = frozenset(
    """official officials analyst analysts expert experts diplomat diplomats leader leaders minister ministers
    president presidents spokesman spokeswoman spokesperson source sources critic critics observer observers
    researcher researchers economist economists lawmaker lawmakers senator senators politician politicians
    government governments administration ministry kremlin party parties group groups people resident
    residents voter voters authority authorities commander commanders general military army police prosecutor
    prosecutors court judge judges lawyer lawyers campaign aide aides adviser advisers advisor advisors
    counterpart counterparts side sides country countries state states nation nations bloc alliance union
    company companies firm firms bank banks investor investors trader traders candidate candidates supporter supporters opponent opponents
    member members chief head envoy ambassador officer officers activist activists organizer organizers
    writer author editor editors newspaper network agency organisation organization committee council
    department office team staff worker workers union unions scientist scientists doctor doctors
    nominee nominees commentator commentators pundit pundits host governor mayor secretary speaker chairman
    chairwoman chair director president-elect
    fan fans friend friends colleague colleagues ally allies backer backers defender defenders admirer admirers
    insider insiders operative operatives strategist strategists consultant consultants delegate delegates
    protester protesters proponent proponents relative relatives airline airlines church city town forces
    regulator regulators donor donors physician physicians parent parents scholar scholars poster posters
    association associations municipality municipalities legislator legislators representative representatives
    student students teacher teachers coach player players family families fund
    rebel rebels separatist separatists militant militants insurgent insurgents fighter fighters militia militias
    coalition troops soldiers
    everyone someone many some others most both few""".split()
)
#: Dependencies of a cue verb's subject that can hold: the active subject only, since the passive subject of a
#: cue verb is reported on, not reporting ("Trump isn't expected to attend", "Sanders was asked").
SUBJECT_DEPS = ("nsubj",)
#: Verbs that decline to comment, and what they decline: "X declined to comment", "X did not respond".
NO_COMMENT_LEMMAS = frozenset("respond comment return answer reply elaborate".split())
REFUSAL_LEMMAS = frozenset("decline refuse".split())
RELATIVE_PRONOUNS = frozenset("who whom which that".split())
#: Words that make a name before them a modifier, not the holder: "Hillary Clinton supporter", "McConnell aides".
MODIFIED_NOUNS = frozenset(
    """supporter supporters aide aides adviser advisers advisor advisors ally allies critic critics spokesman
    spokeswoman spokesperson staff staffer staffers loyalist loyalists surrogate surrogates donor donors voter
    voters official officials lawyer lawyers""".split()
)
#: Nouns of a person's people: with the person's name, or "his"/"her", they name a group of that person's
#: own, written "<surname> <plural noun>" (guideline T4: "Clinton insiders", "Sanders supporters").
FOLLOWER_NOUNS = frozenset(
    """supporters fans backers allies aides advisers advisors insiders defenders strategists activists loyalists
    surrogates donors staffers opponents critics""".split()
)
#: A campaign, which holds for its candidate (guideline T3).
_CAMPAIGN = r"(?:presidential\s+)?campaign"
#: "his campaign" / "her campaign" as a source: the campaign of the person "his" or "her" refers to.
_OWN_CAMPAIGN = re.compile(rf"(his|her)\s+{_CAMPAIGN}")
#: A person's campaign after the name: "the Clinton campaign", "Mrs. Clinton's presidential campaign".
_CAMPAIGN_AFTER = re.compile(rf"(?:'s|’s|'|’)?\s+{_CAMPAIGN}\b")
#: What makes a possessive source hold for the person it names: their campaign (T3), office or spokesperson (rule 9).
_PRINCIPALS_OWN = re.compile(rf"(?:'s|’s|'|’)\s+(?:{_CAMPAIGN}|(?:press\s+)?office|spokes(?:man|woman|person))")
#: A source describing one person it does not name: an indefinite article or a possessive, the description
#: up to a complement ("a source familiar with ...", "a person close to ...") or a clause.
_UNNAMED_PERSON = re.compile(r"(?i)(?:a|an|his|her)\s+(.+?)(?:\s+(?:familiar|close|with|who|in|at|from|of|for|to)\b.*|,.*)?", re.S)
#: One person described by a title or role noun, with up to five words before it and an "of" phrase after it
#: ("A former Democratic National Committee chairman", "Member of House panel"); see :func:`_described_person`.
_DESCRIBED_PERSON = re.compile(r"(?:(?:an?|the)\s+)?(?:[\w.'’-]+\s+){0,5}?(\w+)(?:\s+of\s+[\w\s.'’-]+)?", re.IGNORECASE)
#: Titles and roles of one person that a delayed-identification lede describes its subject by (not officials or
#: spokespeople, who hold for their organisation: rule 9).
ROLE_NOUNS = frozenset(
    """judge justice chairman chairwoman lawmaker legislator senator congressman congresswoman representative member
    governor mayor candidate nominee founder executive ceo""".split()
)
#: A headline or lede description of a person is looked for in this many first sentences of a document, and
#: the person it describes in this many sentences after it.
LEDE_SENTENCES = 3
NAMED_BELOW = 3
#: Heads of such descriptions that name an organisation or a thing rather than a person ("her team").
UNNAMED_EXCLUDED = frozenset("campaign administration team office group government company statement report".split())
#: One of :data:`FOLLOWER_NOUNS`, or its singular, as a regular expression.
_FOLLOWER_WORD = "(?:" + "|".join(sorted(noun[:-1] for noun in FOLLOWER_NOUNS)) + ")s?"
#: The holder of a source that names nobody ("Some said", "One of them said", "they said" with no
#: antecedent): the guidelines' name for an unnamed group.
UNNAMED = "unnamed sources"
#: Titles before a name, which are no part of it.
HONORIFICS = frozenset(
    """mr mrs ms miss dr sen senator rep gov governor president prof professor rev reverend archbishop bishop gen general
    judge justice secretary minister chancellor speaker chairman chairwoman mayor sir lady lord father pope""".split()
)
#: Titles the entity recogniser keeps in a person's name ("Archbishop Aris Shirvanian", "Former AG Mukasey"): the
#: honorifics but those that begin names ("Lady Gaga", "Sir Elton John"), and a few more.
PERSON_TITLES = (HONORIFICS - {"lady", "lord", "sir", "father", "pope"}) | frozenset(
    "former ag pastor rabbi imam cardinal lt col sgt capt adm cmdr retired ret".split()
)
#: Subjects that name nobody: their sentences are the author's.
GENERIC_PRONOUNS = frozenset("you anyone anybody everyone everybody nobody".split())
#: Prepositions that place a noun somewhere: "who" after "Democrats on Capitol Hill" is the Democrats.
LOCATIVE_PREPOSITIONS = frozenset("in on at from across around inside outside".split())
#: First-person pronouns: outside a quotation they are the writer's own voice (a column, a letter, an op-ed).
FIRST_PERSON = frozenset("i me my we us our".split())
UNNAMED_WORDS = frozenset("one someone somebody anyone everyone others other another you".split())
#: Leading words of a holder named by its text that do not name it: "some experts" is held by "experts".
QUANTIFIERS = frozenset("some many several few all most both these those other various numerous".split())
SUBORDINATE_DEPS = ("advcl", "relcl", "acl", "pcomp", "pobj", "csubj")
PRONOUNS = {
    "he": "person", "him": "person", "she": "person", "her": "person",
    "they": "plural", "them": "plural", "it": "institution", "we": "plural", "i": "person",
    "his": "person", "their": "plural", "its": "institution", "my": "person", "our": "plural",
}
#: The gender of the personal pronouns that have one.
PRONOUN_GENDERS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
#: Definite descriptions that refer back like pronouns, and the actor type they need.
NOMINAL_ANAPHORS = {
    "the bloc": "bloc", "the alliance": "bloc", "the country": "country",
    "the nation": "country", "the government": "government", "the administration": "government",
}
INSTITUTION_TYPES = ("government", "country", "organisation", "bloc", "media", "place")
#: What makes a name before it describe the holder rather than name it: "Kremlin-backed separatists", "the Koch-backed
#: Concerned Veterans for America", "Iran-backed Houthi rebels" (the holder is the group the name backs or leads).
_BACKED_BY = re.compile(r"-(?:backed|led|funded|financed|sponsored|supported|allied|aligned|affiliated|linked|controlled|owned|run|installed)\b")
#: Words that make a named person the spokesperson of the actor the source also names (guideline D1).
_SPOKESPERSON = re.compile(r"(?i)\b(?:spokes(?:man|woman|person)|press secretary|communications director|(?-i:representative)(?=\s+(?:for|of)\b))\b")
OFFICIAL_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson official officials diplomat diplomats minister ministry
    ministers envoy ambassador representative representatives source sources aide aides adviser
    advisers advisor advisors officer officers authorities government administration""".split()
)
#: Main verbs that narrate a state, not a deed (see :func:`_deed_finding`).
STATIVE_LEMMAS = frozenset("be have become remain seem appear look sound get face include contain lack need".split())
#: Nouns of records that "according to" cites for facts (the author holds such a sentence).
RECORD_NOUNS = frozenset(
    """poll polls polling survey surveys data report reports records filings filing analysis study studies documents
    website site results calculations profile average estimate estimates figures statistics count tally census
    post""".split()
)
#: Verbs of contests and standings, careers and evidence: they narrate facts (wins, leads, jobs, what a poll
#: shows or finds), not deeds aimed at anyone (guideline D7), so their subjects hold no deed. "Show" is no cue
#: verb either ("Mr. Clinton still shows flashes of brilliance", "his supporters showed no sign of backing down").
FACT_LEMMAS = frozenset(
    """win lead beat defeat eke trounce dethrone outnumber outpace score sweep lose eliminate rise gain grow rocket
    trail top edge finish place rank work serve graduate chair manage oversee head show find reflect account""".split()
)
#: Verbs of speaking that, with no quotation or clause, narrate an occasion rather than a view (:func:`_speaking_event`).
SPEAKING_OCCASION_LEMMAS = frozenset(("speak", "talk"))
#: Verbs of travel, meetings, speaking, hosting and taking or leaving an office: events the author narrates, not deeds aimed
#: at anyone ("Clinton visited Ohio with Tim Kaine", "Bannon will interview Pamela Geller", "Khan stepped down").
EVENT_LEMMAS = frozenset(
    """travel fly arrive visit move enter leave step host interview meet hold end establish investigate deal""".split()
) | SPEAKING_OCCASION_LEMMAS
#: Main verbs whose subjects hold no deed (:func:`_deed_finding`).
#: Verbs of perception: what their subject reads, watches or hears is no deed toward it ("Montalvo had read an article in
#: Freedom Magazine", "Bill Clinton watched from the front row, sitting alongside ... Joseph R. Biden Jr.").
PERCEPTION_LEMMAS = frozenset("read watch see hear listen".split())
NO_DEED_LEMMAS = STATIVE_LEMMAS | FACT_LEMMAS | EVENT_LEMMAS | PERCEPTION_LEMMAS
#: The methods whose sources the learned holder decision judges (:mod:`stance.attribution.decision`): the model's,
#: whose cues are any words; the parse's sources come with a cue verb of the lexicon.
DECIDED_METHODS = ("model",)
AUTHOR_CONFIDENCE = 0.6
#: Lines the outlet writes above the body: held by the author unless they report an actor's view (:func:`_title_finding`).
TITLE_KINDS = ("headline", "subheading")
#: Characters past the end of the model's source that a name it cuts short may run (see :func:`_whole_name`).
NAME_OVERHANG = 25
SPEECH_TAG_LENGTH = 80  # characters: a sentence this short after a quote can be its speech tag
ANTECEDENT_WINDOW = 1500  # characters back in which pronouns look for an antecedent mention
_GROUP_PHRASE = re.compile(r"(?i)^(?:both|the two)\s+(?:leaders|presidents|men|sides|countries)$")
_COUNTERPART = re.compile(r"(?i)counterpart")
_DATE_PATTERNS = (
    re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\.?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
)
_MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9


@dataclass
class Finding:
    """A source and cue found for one sentence, before the source is resolved to an actor."""

    source: Span
    cue: Span | None
    method: str
    confidence: float
    nested: tuple[Span, Span | None] | None = None  # (source, cue) of an inner report
    holds: bool = True  # False: a source in PolNeAR's broad sense whose cue reports no view (the author holds)
    holder: Span | None = None  # the words that name the holder, where not the source itself ("who" -> its antecedent)
    can_hold: bool = True  # False: the source names nobody who can hold a view, or the cue declines to comment or narrates an occasion


def attribute_document(
    document: Document,
    parses: dict[int, Any],
    registry: ActorRegistry,
    model_predictions: dict[int, Any] | None = None,
    date: dt.date | None = None,
    decision: Any = None,
) -> None:
    """Give every parsed body sentence, headline and subheading of ``document`` its :class:`Attribution` (in place).

    ``parses`` maps sentence indices to spaCy docs (with ``sentence.mentions`` already found);
    ``model_predictions`` maps sentence indices to the model's predictions (or ``None``);
    ``date`` is the article date for role resolution (default: :func:`article_date`); ``decision``
    decides whether a source only the model found holds its sentence, in place of the cue lexicon
    (:mod:`stance.attribution.decision`; ``None``: the lexicon), where the source lies in the sentence
    and can hold a view at all (not a relative pronoun, a number, a generic noun, a refusal to comment:
    :func:`_decided`, :func:`_checked_source`). A headline or subheading (:data:`TITLE_KINDS`) is held by the
    actor it reports speaking or thinking, else by the author (:func:`_title_finding`).
    """
    date = date or article_date(document)
    model_predictions = model_predictions or {}
    titles = {index: parsed for index, parsed in parses.items() if document.sentences[index].kind in TITLE_KINDS}
    findings: dict[int, Finding | None] = {}
    game = _game_report(parses)
    for index, parsed in parses.items():
        if index in titles:
            continue
        sentence = document.sentences[index]
        findings[index] = _checked_source(_combine(_parse_finding(parsed, sentence), model_predictions.get(index), document), parsed, sentence)
        found = findings[index]
        if found is not None and found.method == "model":
            found.source = _whole_name(found.source, sentence)
        if decision is not None and found is not None and _decided(found, sentence):
            found.holds = decision(found, parsed, sentence, document)
        if (found is None or not found.holds) and not game:
            deed = _deed_finding(parsed, sentence)
            if deed is not None and found is not None:  # the model's source span stays: PolNeAR's evidence
                deed = Finding(found.source, deed.cue, "deed", deed.confidence, holder=deed.source)
            findings[index] = deed or found
    _carry_over_quotes(document, findings)
    _block_quotes(document, findings)
    _name_labels(document, findings)
    _speaker_labels(document, findings)
    resolver = _Resolver(document, registry, date, findings)
    for index in sorted(findings):
        sentence = document.sentences[index]
        finding = findings[index]
        sentence.attribution = resolver.attribution(index, finding) if finding else _author()
        resolver.remember(index)
    for index, parsed in titles.items():  # after the body, whose pronouns the headline's holder leaves as they were
        finding = _title_finding(parsed, document.sentences[index])
        document.sentences[index].attribution = resolver.attribution(index, finding) if finding else _author()


def _title_finding(parsed: Any, sentence: Sentence) -> Finding | None:
    """The source of a headline or subheading: the subject of its speech or attitude verb in the present tense,
    where that names one actor ("Putin calls on Xi to increase military cooperation": Putin, the guidelines' holder,
    the subject of a reporting verb); else ``None``, and the outlet (the author) holds the line. A participle is
    headline passive ("Ukraine praised as talks open"), and joined actors ("Beijing and Moscow pledge ...") stay the
    author's, as one holder cannot stand for two. Nothing else is looked for: a headline has no model source, deed,
    quotation or speaker before it."""
    finding = _parse_finding(parsed, sentence)
    if finding is None or finding.method != "verb-subject":
        return None
    cue = _cue_token(finding.cue, parsed, sentence)
    actors = [m for m in sentence.mentions if finding.source[0] <= m.start < finding.source[1] and is_actor_mention(m)]
    return finding if cue is not None and cue.tag_ in ("VBZ", "VBP") and len(actors) == 1 else None


def article_date(document: Document) -> dt.date | None:
    """The article's date: ``metadata["date"]`` (ISO or a date object) or the first dated
    timestamp, dateline or headline line; ``None`` when there is none."""
    value = document.metadata.get("date")
    if isinstance(value, dt.date):  # a date or datetime
        return as_date(value)
    if isinstance(value, str) and value.strip():
        parsed = _parse_date(value)
        if parsed:
            return parsed
    for sentence in document.sentences:
        if sentence.kind in ("timestamp", "dateline", "byline", "headline"):
            parsed = _parse_date(sentence.text)
            if parsed:
                return parsed
    return None


def _parse_date(text: str) -> dt.date | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
        try:
            return dt.date(int(match["year"]), number, int(match["day"])) if number else None
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------------------------------------
# Finding sources in the parse


def _parse_finding(parsed: Any, sentence: Sentence) -> Finding | None:
    """The speech/attitude-verb subject or "according to" object of one sentence, from its parse.

    The highest cue verb (closest to the root) with a subject outside the sentence's quotation
    gives the source; a cue verb below it with its own subject is the nested report.
    """
    offset = sentence.start
    cues = sorted((t for t in parsed if _is_cue(t)), key=_depth)
    outer = outer_verb = None
    for verb in cues:
        subject = _subject(verb, sentence)
        if subject is None or not _outside_quote(subject, sentence, offset):
            continue
        source, cue = _span_of(subject, offset), _token_span(verb, offset)
        if outer is None:
            if _in_subordinate_clause(verb) or _supposed(verb):  # "... since Putin decided to": the author's report
                continue
            outer, outer_verb = Finding(source, cue, "verb-subject", 0.85), verb
        elif any(a.i == outer_verb.i for a in verb.ancestors):
            outer.nested = (source, cue)
            break
    according = _according_to(parsed, offset)
    if according and (outer is None or according[0][0] < outer.source[0]):
        source, cue = according
        return Finding(source, cue, "according-to", 0.85, nested=(outer.source, outer.cue) if outer else None)
    return outer


def _token_span(token: Any, offset: int) -> Span:
    return offset + token.idx, offset + token.idx + len(token.text)


def _cue_token(cue: Span | None, parsed: Any, sentence: Sentence) -> Any | None:
    """The token of ``sentence``'s parse ``parsed`` that opens the ``cue`` span; None without a cue."""
    return next((t for t in parsed if cue is not None and sentence.start + t.idx == cue[0]), None)


def _is_cue(token: Any) -> bool:
    """A speech or attitude verb (by lemma, or by form where the lemmatiser slipped)."""
    return token.pos_ in ("VERB", "AUX") and (token.lemma_.lower() in CUE_LEMMAS or token.lower_ in CUE_FORMS)


#: Modal verbs that make a speech or attitude verb the author's supposition: "voters should know", "most people would
#: consider", "the government could reverse" report no view anyone expressed.
SUPPOSING_MODALS = frozenset("would could should might may must 'd".split())


def _supposed(verb: Any) -> bool:
    """True when ``verb``, or the verb it is coordinated with ("could reverse the rules or decline to"), is said with
    a modal of supposition (:data:`SUPPOSING_MODALS`)."""
    verbs = (verb, verb.head) if verb.dep_ == "conj" else (verb,)
    return any(child.dep_ == "aux" and child.lower_ in SUPPOSING_MODALS for v in verbs for child in v.children)


def _in_subordinate_clause(verb: Any) -> bool:
    """True when ``verb`` sits in an adverbial or relative clause (or under a preposition)."""
    token = verb
    while token.head.i != token.i:
        if token.dep_ in SUBORDINATE_DEPS:
            return True
        token = token.head
    return False


def is_holder_noun(word: str) -> bool:
    """True for a noun that names people or an institution able to hold a view: one of :data:`HOLDER_NOUNS` (or its
    singular), or a person's noun in "-ist" or "-ian" ("environmentalists", "physicians", "journalist"; not
    "playlist")."""
    word = word.lower()
    singular = word[:-1] if word.endswith("s") else word
    person = len(singular) >= 6 and singular.endswith(("ist", "ian")) and (not singular.endswith("list") or singular[-5] in "aeiou")
    return word in HOLDER_NOUNS or singular in HOLDER_NOUNS or person


def _could_hold(subject: Any) -> bool:
    """True when a subject can hold a view: a name, a pronoun, an entity or a noun for people or an institution
    (:func:`is_holder_noun`)."""
    return (
        subject.pos_ in ("PRON", "PROPN")
        or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or is_holder_noun(subject.lemma_)
        or is_holder_noun(subject.lower_)
        or any(child.dep_ == "appos" and child.pos_ == "PROPN" for child in subject.children)  # "campaign manager Robby Mook"
    )


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i:  # the root is its own head
        token, depth = token.head, depth + 1
    return depth


def _subject(verb: Any, sentence: Sentence) -> Any | None:
    """The subject of ``verb``, or of the verb it is coordinated with ("... and warned"), that can hold a view
    (:func:`_could_hold`) or names an actor of ``sentence`` (the tagger takes an unusual surname for a noun: "Rathbun
    stated:" after "Mark Rathbun")."""
    for candidate in (verb, verb.head if verb.dep_ == "conj" else None):
        if candidate is None:
            continue
        subjects = [child for child in candidate.children if child.dep_ in SUBJECT_DEPS and _could_hold_here(child, sentence)]
        if subjects:  # the closest one: '"...," Moscow and Beijing ... Putin said' gives Putin
            return min(subjects, key=lambda child: abs(child.i - candidate.i))
    return None


def _span_of(token: Any, offset: int) -> Span:
    """The character span of ``token``'s subtree, leaving out relative clauses and punctuation."""
    clauses = [t for t in token.subtree if t.dep_ in ("relcl", "acl") and t.i != token.i]
    inside_clause = {t.i for clause in clauses for t in clause.subtree}
    tokens = [t for t in token.subtree if t.i not in inside_clause and not t.is_punct] or [token]
    start, end = min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)
    return offset + start, offset + end


def _according_to(parsed: Any, offset: int) -> tuple[Span, Span] | None:
    for token in parsed[:-1]:
        if token.lower_ == "according" and parsed[token.i + 1].lower_ == "to":
            to = parsed[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects:
                return _span_of(objects[0], offset), (offset + token.idx, offset + to.idx + len(to.text))
    return None


def _outside_quote(token: Any, sentence: Sentence, offset: int) -> bool:
    """True unless ``token`` lies inside the quotation of the sentence (a quoted "we said")."""
    if sentence.quote is None:
        return True
    position = offset + token.idx
    return not sentence.quote[0] < position < sentence.quote[1]


def _combine(finding: Finding | None, prediction: Any, document: Document) -> Finding | None:
    """Merge the parse's finding with the model's prediction (see the module docstring).

    A model source the parse did not find holds the sentence only with a cue that reports a
    view: a speech or attitude word, "according to", a colon or a quotation mark. The model,
    trained on PolNeAR's broad attributions, also marks the actors of plain deeds and events
    ("Clinton laid out her proposals", "the study was published"); such a source is kept as the
    evidence of an attribution in PolNeAR's sense, but the author holds the sentence
    (``holds=False``, resolution ``not-a-holder``). This lexicon's answer is the default; the learned
    holder decision (:mod:`stance.attribution.decision`) reads it and decides in its place.
    """
    if prediction is None or prediction.source is None:
        return finding
    if finding is not None and overlaps(finding.source, prediction.source):
        finding.confidence = max(finding.confidence, 0.95)
        return finding
    reports = finding is not None or _reports(document, prediction.cue)
    return Finding(prediction.source, prediction.cue, "model", round(float(prediction.source_score), 4), holds=reports)


#: Words a title-case headline may leave in lower case.
_TITLE_CASE_LOWER = frozenset("with from into over upon after than that this about onto amid".split())


def title_case(text: str) -> bool:
    """True when ``text`` is written in title case or capitals, as headlines are: at least three words of four
    letters or more, every one capitalised but a few prepositions ("Obama Power Plant Rules Face Key Test In
    U.S. Court."; not "Glenn Beck spoke in Iowa on Monday.")."""
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) >= 4 and word not in _TITLE_CASE_LOWER]
    return len(words) >= 3 and all(word[:1].isupper() for word in words)


#: An honorific or title that ends a span cut short before the name it belongs to.
_HONORIFIC_END = re.compile(rf"\b(?:{'|'.join(sorted(word.capitalize() for word in HONORIFICS))})\.?$")


def _whole_name(source: Span, sentence: Sentence) -> Span:
    """``source`` extended to the end of a name it cuts short: the model's span sometimes stops inside a name
    ("former President Bill" of "former President Bill Clinton"); a mention that starts inside the span and ends at
    most :data:`NAME_OVERHANG` characters after it completes the span; in a title-case headline only a registry name
    does (the entity recogniser runs names into the words there: "Glenn Beck Blasts Drudge"). A span that stops at an
    honorific or title ("Mr" of "Mr. Podesta and Todd Stern began ...", "President" of "President Trump's travel ban")
    takes the person's name that follows it."""
    if _HONORIFIC_END.search(sentence.text[source[0] - sentence.start : source[1] - sentence.start]):
        named = [m for m in sentence.mentions if m.actor_type == "person" and source[1] <= m.start <= source[1] + 3]
        if named:
            return source[0], named[0].end
    headline = title_case(sentence.text)
    for mention in sentence.mentions:
        if (source[0] <= mention.start < source[1] < mention.end <= source[1] + NAME_OVERHANG and mention.method != "demonym"
                and (mention.method == "alias" or not headline)):
            return source[0], mention.end
    return source


def _checked_source(finding: Finding | None, parsed: Any, sentence: Sentence) -> Finding | None:
    """The finding with its source made an actor: a relative pronoun ("Devocht, who had told ...")
    names the holder through its antecedent (``Finding.holder``; the source span stays), unless the antecedent is
    the object of a preposition in a clause that says nothing (:func:`_describes_others`: then the author holds the
    sentence), and a model source whose head word cannot hold a view (a
    number, "Hundreds", "one slide") and that names no actor (:func:`_names_actor`), or any source that names nobody (:func:`_generic`), holds
    nothing (``holds`` and ``can_hold`` False: the author holds the sentence, whatever the learned decision says),
    as do a first-person pronoun outside a quotation (the writer's own "I know all about Donald Trump", "We asked
    whether ..."), a source that declines to comment (:func:`_no_comment`) or narrates an occasion of speaking
    (:func:`_speaking_event`). Sources outside the sentence are kept as they are."""
    if finding is None or not _in_sentence(finding.source, sentence):
        return finding
    inside, head = source_tokens(finding.source, parsed, sentence)
    if head is None:
        return finding
    antecedent = _relative_antecedent(inside, parsed)
    if antecedent is not None:
        finding.holder = _span_of(antecedent, sentence.start)
        _, verb = _relative_clause(inside, parsed)
        if _describes_others(antecedent, verb):  # "among younger voters who feel trapped ...": the author describes them
            finding.holds = finding.can_hold = False
        return finding
    cue = _cue_token(finding.cue, parsed, sentence)
    if (finding.method == "model" and not _could_hold_here(head, sentence) or _generic(head)
            or head.lower_ in FIRST_PERSON and _outside_quote(head, sentence, sentence.start)
            or cue is not None and (_no_comment(cue) or _speaking_event(cue, sentence))):
        finding.holds = finding.can_hold = False
    return finding


def _in_sentence(span: Span, sentence: Sentence) -> bool:
    """True when ``span`` lies inside ``sentence`` (a model source may lie in a neighbouring sentence)."""
    return sentence.start <= span[0] and span[1] <= sentence.end


def source_tokens(source: Span, parsed: Any, sentence: Sentence) -> tuple[list[Any], Any | None]:
    """The tokens of ``parsed`` (the parse of ``sentence``) inside the ``source`` span, and its head: the first of
    them whose syntactic head lies outside the span (or that is the root); None when no token is inside."""
    inside = [t for t in parsed if source[0] <= sentence.start + t.idx < source[1]]
    head = next((t for t in inside if not (source[0] <= sentence.start + t.head.idx < source[1]) or t.head.i == t.i), None)
    return inside, head


def _decided(finding: Finding, sentence: Sentence) -> bool:
    """True when the learned holder decision judges ``finding``: a source of :data:`DECIDED_METHODS` inside the
    sentence (whose parse the decision reads), not a relative pronoun, and able to hold a view (``can_hold``)."""
    return finding.method in DECIDED_METHODS and _in_sentence(finding.source, sentence) and finding.holder is None and finding.can_hold


def _speaking_event(verb: Any, sentence: Sentence) -> bool:
    """True when ``verb`` narrates an occasion of speaking, not a view: "speak" or "talk" with no quotation in the
    sentence, no clause of what was said, not "out" and no cue verb joined to it ("spoke ... and criticized"), in a
    sentence that introduces nothing with a colon and has no cue verb with a subject of its own further on ("... with
    the Chinese president, Xi Jinping, to whom he expressed his desire ..." is Putin's view): "The president spoke in
    a cottage on a Marine base", "Trump spoke to a gathering of fracking industry leaders", "Activist Angela Davis
    talks to DuVernay about the issue"; likewise a reporter's credit, "report" with where it was done and no object
    ("Costa reported from Washington", "Julie Hirschfeld Davis reported from Midway Atoll, and Mark Landler and Coral
    Davenport from Kaneohe Bay"). The author holds such a sentence, as the news stance annotators read it."""
    lemma = verb.lemma_.lower()
    credit = (lemma == "report" and any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children)
              and not any(c.dep_ in ("dobj", "obj", "attr") for c in verb.children))
    return ((lemma in SPEAKING_OCCASION_LEMMAS or credit) and sentence.quote is None and not sentence.text.rstrip().endswith(":")
            and not any(child.dep_ in ("ccomp", "xcomp") or child.lower_ == "out" or (child.dep_ == "conj" and _is_cue(child))
                        for child in verb.children)
            and not any(token.i != verb.i and _is_cue(token) and any(c.dep_ in SUBJECT_DEPS for c in token.children)
                        for token in verb.subtree))


def _relative_clause(inside: list[Any], parsed: Any) -> tuple[Any, Any] | None:
    """(pronoun, verb) of the relative clause that the source tokens ``inside`` open: "who", "which" or "that" first
    in the source, or "whom" after "of" ("many of whom say": whom, say); None for other sources."""
    if not inside:
        return None
    first = inside[0]
    pronoun = next((t for t in inside if t.lower_ in RELATIVE_PRONOUNS), None)
    if pronoun is None or not (pronoun.i == first.i or (pronoun.i > 0 and parsed[pronoun.i - 1].lower_ == "of")):
        return None
    return pronoun, pronoun.head if pronoun.i == first.i else first.head


def _relative_antecedent(inside: list[Any], parsed: Any) -> Any | None:
    """The noun a relative pronoun source stands for: "who", "which", "that" or "many of whom" opening a
    relative clause names the noun phrase before it ("the Chicago Police Department which reported ...",
    "family members of 9/11 victims, many of whom say ..."), where the parse attaches the clause to it or the
    pronoun follows it directly; an apposition gives way to the name it describes ("McConnell, now the Senate
    majority leader, who said ...": McConnell), "members of victims" is the members and the "who" of a place is
    the people there ("Democrats on Capitol Hill, who have argued ...": Democrats). None for other sources."""
    clause = _relative_clause(inside, parsed)
    if clause is None:
        return None
    first, (pronoun, verb) = inside[0], clause
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        noun = verb.head
        last = max((t for t in noun.conjuncts if t.i < first.i), key=lambda t: t.i, default=noun)
        if noun.pos_ == last.pos_ == "PROPN":  # of a list of names, the last before the pronoun: "Will Smith ... and Stevie Wonder, who joked"
            noun = last
    else:  # the parser missed the relative clause: the noun just before the pronoun, past a comma
        before = first.i - 1
        while before >= 0 and parsed[before].is_punct:
            before -= 1
        if before < 0 or parsed[before].pos_ not in ("NOUN", "PROPN") or pronoun.lower_ == "that" and first.i - before > 1:
            return None
        noun = parsed[before]
        while noun.dep_ == "compound":
            noun = noun.head
    if noun.dep_ == "appos":
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("NOUN", "PROPN") and (
            noun.head.lower_ == "of" or pronoun.lower_ in ("who", "whom") and noun.head.lower_ in LOCATIVE_PREPOSITIONS):
        noun = noun.head.head
    return noun


def _describes_others(antecedent: Any, verb: Any) -> bool:
    """True when a relative clause (its ``verb``, :func:`_relative_clause`) only describes people the author's sentence
    is about: its ``antecedent``, or the list it ends, is the object of a preposition ("among younger voters who feel
    trapped", "a key focus for super PACs supporting ...") and its verb is not one of speaking ("Sen. Dianne Feinstein
    of California, who said ..." speaks). The news stance annotators give such sentences to the author."""
    noun = antecedent
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    return noun.dep_ == "pobj" and verb.lemma_.lower() not in SPEECH_LEMMAS


def _no_comment(verb: Any) -> bool:
    """True when ``verb`` says its subject gave no view: it declines to comment ("declined to comment",
    "refused to answer questions") or, negated, did not respond ("did not respond to interview requests",
    "has not returned calls"). The author reports such a sentence."""
    lemma = verb.lemma_.lower()
    if lemma in REFUSAL_LEMMAS:
        return any(child.dep_ == "xcomp" and child.lemma_.lower() in NO_COMMENT_LEMMAS for child in verb.children)
    return lemma in NO_COMMENT_LEMMAS and any(child.dep_ == "neg" for child in verb.children)


def _could_hold_here(token: Any, sentence: Sentence) -> bool:
    """True when ``token`` can hold a view (:func:`_could_hold`) or names an actor of ``sentence`` (:func:`_names_actor`)."""
    return _could_hold(token) or _names_actor(token, sentence)


def _names_actor(token: Any, sentence: Sentence) -> bool:
    """True when an actor mention of ``sentence`` (:func:`is_actor_mention`) covers ``token``: a
    name the tagger took for a common noun ("Trump predicts ...", tagged as the noun "trump")
    still names its actor."""
    at = sentence.start + token.idx
    return any(m.start <= at < m.end and is_actor_mention(m) for m in sentence.mentions)


def is_actor_mention(mention: Mention) -> bool:
    """True for a mention of an actor that can hold or do something: not a demonym ("Russian") nor a place."""
    return mention.method != "demonym" and mention.actor_type != "place"


def _generic(subject: Any) -> bool:
    """True for a subject that names nobody: a generic pronoun ("you know", "anyone can see") or
    the "it" of "it seems"; the author holds such a sentence."""
    return subject.lower_ in GENERIC_PRONOUNS or (subject.lower_ == "it" and subject.head.lemma_.lower() in ("seem", "appear"))


def _reports(document: Document, cue: Span | None) -> bool:
    """True when the words of ``cue`` report a view: a cue verb form, an adjective of attitude, "according to", a colon or a quote mark."""
    if cue is None:
        return False
    words = document.text[cue[0] : cue[1]]
    if any(mark in words for mark in ':"“”'):
        return True
    return any(word in CUE_FORMS or word in ATTITUDE_ADJECTIVES or word == "according" for word in re.findall(r"[a-z]+", words.lower()))


#: Words of a game's report (as nouns): in a match report what players and teams do is play, not a deed toward anyone
#: (rule 8 is about deeds between actors: "In the 69th minute, Romelu Lukaku doubled the lead for Belgium").
PLAY_WORDS = frozenset("minute referee striker midfielder goalkeeper defender halftime half-time kickoff header".split())


def _game_report(parses: Mapping[int, Any]) -> bool:
    """True for the report of a game: at least three of its sentences use :data:`PLAY_WORDS` as nouns ("In the 20th
    minute, Marcus Berg missed a chance ..."). Its deeds are play, so the deed rule is off for it."""
    return sum(any(t.lower_ in PLAY_WORDS and t.pos_ == "NOUN" for t in parsed) for parsed in parses.values()) >= 3


def _deed_finding(parsed: Any, sentence: Sentence) -> Finding | None:
    """Rule 8 of the guidelines: a narrated deed aimed at an actor is held by the deed's actor.

    The main verb (not one of being or having, nor of :data:`FACT_LEMMAS`, :data:`EVENT_LEMMAS` or :data:`PERCEPTION_LEMMAS`) must have one subject that names an actor (a
    mention other than a demonym or a place) and a mention of another actor in the rest of its
    clause ("Moscow increased energy exports to China", "North Korea fired artillery at a
    loudspeaker in South Korea"); a subject described before its name is named by its apposition
    ("the object of Trump's admiration, Vladimir Putin, has utilized ..."), but a thing the actor owns does nothing
    (:func:`_owned_thing`: "Trump's tweet came as ...", "HP's share price crumbled"). A sentence about its subject
    alone ("Mr. Clarke attaches some of the credits") stays the author's, as does a deed under a modal of supposition
    (:func:`_supposed`) and a reporter's credit ("Costa reported from Washington", :func:`_speaking_event`).
    """
    root = next((t for t in parsed if t.dep_ == "ROOT"), None)
    if (root is None or root.pos_ != "VERB" or root.lemma_.lower() in NO_DEED_LEMMAS or _no_comment(root) or _supposed(root)
            or _speaking_event(root, sentence)):
        return None  # a supposed deed ("the Kremlin could reverse the rules") is none, nor a reporter's credit
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if len(subjects) != 1 or not _outside_quote(subjects[0], sentence, sentence.start):
        return None
    named = [m for m in sentence.mentions if is_actor_mention(m)]
    subject, source = subjects[0], _span_of(subjects[0], sentence.start)
    for apposition in (c for c in subjects[0].children if c.dep_ == "appos"):  # "the object of Trump's admiration, Vladimir Putin,"
        span = _span_of(apposition, sentence.start)
        if any(span[0] <= m.start and m.end <= span[1] for m in named):
            subject, source = apposition, span
            break
    holders = [m for m in named if source[0] <= m.start and m.end <= source[1]]
    if len(holders) != 1 or source[1] - source[0] > len(holders[0].text) + 20 or _owned_thing(subject, holders[0], sentence):
        return None
    clause = [t for t in root.subtree if t.i not in {s.i for s in subjects[0].subtree}]
    first, last = sentence.start + min(t.idx for t in clause), sentence.start + max(t.idx + len(t.text) for t in clause)
    aimed = named + [m for m in sentence.mentions if m.method == "demonym" and m.actor_type == "country"]
    if not any(first <= m.start and m.end <= last and m.actor != holders[0].actor for m in aimed):
        return None
    return Finding(source, _token_span(root, sentence.start), "deed", 0.6)


def _owned_thing(subject: Any, holder: Mention, sentence: Sentence) -> bool:
    """True when ``subject`` is a thing ``holder`` owns, not the actor: the holder's possessive before a noun that
    cannot hold a view ("Trump's comments", "the DNC's decision", "HP's share price"; not "Clinton's aides")."""
    after = sentence.text[holder.end - sentence.start : holder.end - sentence.start + 3]
    return re.match(r"['’]s?\s", after) is not None and not _could_hold_here(subject, sentence)


def _carry_over_quotes(document: Document, findings: dict[int, Finding | None]) -> None:
    """Give speakerless sentences of a quotation the speaker of that quotation, of the sentence that
    introduces it with a colon (:func:`_introduced_quotes`) or of the quote just before them (news style:
    '"...," Putin said. "We are waiting."')."""
    by_quote: dict[Span, Finding] = {}
    for index, finding in findings.items():
        quote = document.sentences[index].quote
        if finding is not None and quote is not None and finding.method not in ("carried-over", "deed") and finding.holds:
            by_quote.setdefault(quote, finding)  # the actor of a deed speaks no quotation
    for quote, finding in _introduced_quotes(document, findings).items():
        by_quote.setdefault(quote, finding)
    previous: Finding | None = None
    for index in sorted(findings):
        sentence = document.sentences[index]
        finding = findings[index]
        if finding is None and sentence.quote is not None:
            source = by_quote.get(sentence.quote)
            if source is None and previous is not None and _mostly_quoted(sentence):
                source = previous
            if source is not None:
                findings[index] = Finding(source.source, source.cue, "carried-over", 0.7)
        current = findings[index]
        previous = current if sentence.quote is not None and current is not None and current.holds and current.method != "deed" else None
    for index in sorted(findings):  # '"We are ready." Putin said.': a speech tag after the quote
        following = findings.get(index + 1)
        sentence = document.sentences[index]
        if findings[index] is None and following is not None and _mostly_quoted(sentence):
            tag = document.sentences[index + 1]
            if tag.paragraph == sentence.paragraph and len(tag.text) <= SPEECH_TAG_LENGTH and following.method == "verb-subject":
                findings[index] = Finding(following.source, following.cue, "carried-over", 0.7)


def _block_quotes(document: Document, findings: dict[int, Finding | None]) -> None:
    """Give the sentences of a paragraph quoted as a block the speaker of the paragraph that introduces it.

    A paragraph of one sentence that ends in its speech verb and a colon ("The governor added:", "In the
    text accompanying the video, Wallnau wrote:") introduces the next paragraph as its speaker's words, which
    scraped pages keep as a block quote without quotation marks ("It's typical of Hillary Clinton. She knows
    nothing ..."). Every sentence of that paragraph that names no speaker of its own (no finding, a source that
    holds no view, or a pronoun, which inside the quote is the speaker's: "She knows nothing") is the speaker's.
    """
    for index in sorted(findings):
        sentence, finding = document.sentences[index], findings[index]
        if (
            finding is None or not finding.holds or finding.method == "deed" or finding.cue is None
            or not _opens_paragraph(document, index) or index + 1 not in findings or not _opens_paragraph(document, index + 1)
            or document.text[finding.cue[1] : sentence.end].strip() != ":"
        ):
            continue
        block = document.sentences[index + 1].paragraph
        following = index + 1
        while following in findings and document.sentences[following].paragraph == block:
            own = findings[following]
            if own is None or not own.holds or document.text[own.source[0] : own.source[1]].strip().lower() in PRONOUNS:
                findings[following] = Finding(finding.source, finding.cue, "carried-over", 0.7)
            following += 1


def _introduced_quotes(document: Document, findings: dict[int, Finding | None]) -> dict[Span, Finding]:
    """The speaker of each quotation that a sentence ending in a colon introduces: 'Dr. Ward stated:'
    followed by the quoted paragraphs of her statement, whose sentences name no speaker; a sentence that ends in its
    cue and a comma introduces one too ('Rathbun stated,')."""
    introduced: dict[Span, Finding] = {}
    for index in sorted(findings):
        sentence, finding = document.sentences[index], findings[index]
        if finding is None or not finding.holds or index + 1 not in findings:
            continue
        ending = sentence.text.rstrip()
        if not (ending.endswith(":") or ending.endswith(",") and finding.cue is not None
                and document.text[finding.cue[1] : sentence.start + len(ending)].strip() == ","):
            continue
        quote = document.sentences[index + 1].quote
        if quote is not None and quote[0] >= sentence.end and not document.text[sentence.end : quote[0]].strip():
            introduced[quote] = finding
    return introduced


#: A transcript's speaker label at the start of a paragraph: 'WALLACE: Let's start with ...', '"MR. TRUMP: ...'.
_SPEAKER_LABEL = re.compile(r"^\W{0,2}((?:[A-Z][A-Z'’.-]+\s){0,2}[A-Z][A-Z'’-]+):\s")


def _speaker_labels(document: Document, findings: dict[int, Finding | None]) -> None:
    """Give every sentence of a transcript turn the speaker its label names: a paragraph that opens
    with a name in capitals and a colon ("WALLACE: ... I want to ask you, will Gennifer Flowers be
    there?") is the labelled speaker's turn, whatever its sentences quote or narrate. A label names a
    speaker where the document writes it as a name elsewhere or opens two or more turns with it (a
    transcript's interviewer, whom the article may never name: "WALLACE:"); a paragraph that opens with
    a quotation mark and no label continues the turn before it (a transcript quoted paragraph by paragraph)."""
    labels = {
        index: label for index in findings
        if (label := _SPEAKER_LABEL.match(document.sentences[index].text)) is not None and _opens_paragraph(document, index)
    }
    turns = Counter(label.group(1) for label in labels.values())
    speaker: Finding | None = None  # the current turn's finding
    for index in sorted(findings):
        sentence = document.sentences[index]
        continues_turn = index not in labels and opens_with_quote(sentence.text)
        if _opens_paragraph(document, index) and not continues_turn:
            speaker = None
        label = labels.get(index)
        if label is not None and (turns[label.group(1)] >= 2 or _named_elsewhere(document, label.group(1))):
            start = sentence.start + label.start(1)
            speaker = Finding((start, start + len(label.group(1))), (start + label.end(1), start + label.end(1) + 1), "speaker-label", 0.9)
        if speaker is not None:
            findings[index] = speaker


def _opens_paragraph(document: Document, index: int) -> bool:
    """True when sentence ``index`` of ``document`` is the first of its paragraph."""
    sentence = document.sentences[index]
    return sentence.paragraph is not None and (index == 0 or document.sentences[index - 1].paragraph != sentence.paragraph)


def _name_labels(document: Document, findings: dict[int, Finding | None]) -> None:
    """Give the title line of a scraped page (its first body sentence) that opens with a name and a
    colon, as news titles quote people ("Cecile Richards: 'I'm Sick Of Men Telling Us What To Do'",
    "McCain Challenger Kelli Ward: Impeach AG Lynch"), the person or organisation named (method
    ``speaker-label``), where no other source holds it. Only capitalised words may come before the name;
    a list in the body ("Sanders: Win in a walk.") is the author's."""
    first = next((s.index for s in document.sentences if s.kind == "body"), None)
    if first is None or first not in findings or (findings[first] is not None and findings[first].holds):
        return
    sentence = document.sentences[first]
    colon = sentence.text.find(":")
    named = [m for m in sentence.mentions if m.end == sentence.start + colon and is_actor_mention(m)]
    if colon > 0 and named and all(word[:1].isupper() for word in document.text[sentence.start : named[0].start].split()):
        findings[first] = Finding((named[0].start, named[0].end), (named[0].end, named[0].end + 1), "speaker-label", 0.8)


def _named_elsewhere(document: Document, label: str) -> bool:
    """True when the last word of a speaker label is written as a name in the document ("Chris Wallace"
    for "WALLACE"), so that a label such as "UPDATE:" or "NOTE:" names no speaker."""
    word = label.split()[-1].title()
    return re.search(rf"\b{re.escape(word)}\b", document.text) is not None


def _mostly_quoted(sentence: Sentence) -> bool:
    """True when at least 80% of the sentence lies inside its quotation."""
    if sentence.quote is None:
        return False
    start, end = sentence.quote
    covered = min(end, sentence.end) - max(start, sentence.start)
    return covered >= 0.8 * (sentence.end - sentence.start)


def _author() -> Attribution:
    """The author holds the sentence: nobody else was found (a fixed, moderate confidence)."""
    return Attribution(actor=AUTHOR, actor_type=AUTHOR, method="none", confidence=AUTHOR_CONFIDENCE)


# ---------------------------------------------------------------------------------------------
# Resolving source spans to actors


#: A nickname in quotation marks between given names and a surname: 'George "Jay" Keyworth', 'John "Tig" Tiegen'.
_NICKNAME = r"(?:[\"“][A-Z][\w'’.-]*[\"”][ \t]+)?"
#: One or two given names before a surname: "Ilya " of "Ilya Shapiro".
_GIVEN_NAMES = re.compile(r"(?:[A-Z][a-z'’-]+\s+){1,2}")
#: Text between a name and a later pronoun that makes them different people: a quotation mark (the name is
#: quoted, the pronoun the speaker's: "'I love Larry,' he said") or a relative "whom" ("Xi, to whom he expressed").
_SEPARATES = re.compile(r"[\"“”]|(?<!\w)['‘’]|['‘’](?!\w)|\bwhom\b")


class _Resolver:
    """Resolves source spans to actors, remembering the holders seen so far."""

    def __init__(self, document: Document, registry: ActorRegistry, date: dt.date | None, findings: Mapping[int, Finding | None]):
        self.document = document
        self.findings = findings  # each sentence's source, before resolution (for a lede's person named below it)
        self.registry = registry
        self.date = date
        self.holders: list[tuple[str, str]] = []  # (actor, type) of earlier holders, oldest first
        self.mentions = sorted((m for s in document.sentences for m in s.mentions), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentence_starts = [s.start for s in document.sentences]

    def remember(self, index: int) -> None:
        """Note the holder of sentence ``index`` for pronouns and counterparts that follow."""
        attribution = self.document.sentences[index].attribution
        if attribution is not None and attribution.actor not in (None, AUTHOR):
            self.holders.append((attribution.actor, attribution.actor_type))

    def attribution(self, index: int, finding: Finding) -> Attribution:
        """The attribution of sentence ``index`` from its finding.

        "According to" a record (a poll, data, a report, filings, a website) or a news outlet
        sources a fact, which the author reports: the author holds the sentence ("according to a
        new poll", "according to the AP"); "according to him" and "according to the Kremlin" name
        the holder.
        """
        if not finding.holds:
            return self._authors(finding)
        actor, actor_type, resolution = self.as_holder(*self.resolve(finding.holder or finding.source, finding.source))
        if finding.method == "according-to" and (
            actor_type == "media" or set(re.findall(r"[a-z]+", self._text(finding.source).lower())) & RECORD_NOUNS
        ):
            return self._authors(finding)
        nested = None
        if finding.nested is not None:
            inner_source, inner_cue = finding.nested
            self.holders.append((actor, actor_type))  # "Li said what he called ...": he is Li
            inner_actor, inner_type, inner_resolution = self.as_holder(*self.resolve(inner_source))
            self.holders.pop()
            nested = Attribution(inner_actor, inner_type, inner_source, inner_cue, finding.method, finding.confidence,
                                 self._text(inner_source), resolution=inner_resolution)
        confidence = finding.confidence * (0.85 if resolution in ("pronoun", "text") else 1.0)
        return Attribution(actor, actor_type, finding.source, finding.cue, finding.method, round(confidence, 4),
                           self._text(finding.source), nested, resolution)

    def _authors(self, finding: Finding) -> Attribution:
        """The author's attribution of a sentence whose source holds no view (resolution ``not-a-holder``)."""
        return Attribution(AUTHOR, AUTHOR, finding.source, finding.cue, finding.method, AUTHOR_CONFIDENCE,
                           self._text(finding.source), resolution="not-a-holder")

    def as_holder(self, actor: str, actor_type: str, resolution: str) -> tuple[str, str, str]:
        """A government, and state media under it, hold for their state (guidelines rule 9: "the
        Kremlin" and "KCNA" hold as Russia and North Korea)."""
        state_media = actor_type == "media" and actor in self.registry and any(
            self.registry.get(parent).type == "government" for parent in self.registry.get(actor).parents if parent in self.registry)
        if (actor_type == "government" or state_media) and actor in self.registry:
            country = self.registry.country_of(actor)
            if country is not None:
                return country.name, country.type, resolution
        return actor, actor_type, resolution

    def resolve(self, span: Span, source: Span | None = None) -> tuple[str, str, str]:
        """(actor, actor type, resolution) for a holder ``span`` inside the ``source`` span (default: ``span``)."""
        text = self._text(span)
        bare = re.sub(r"['’]s$", "", text.strip(" ,.;:\"'“”‘’").lower())  # "he's said": he
        if bare in PRONOUNS or bare in NOMINAL_ANAPHORS:
            found = self._antecedent(PRONOUNS.get(bare) or NOMINAL_ANAPHORS[bare], span[0], PRONOUN_GENDERS.get(bare))
            if found:
                return (*found, "pronoun")
        if bare in PRONOUNS or bare in QUANTIFIERS or bare in UNNAMED_WORDS or bare.isdigit():
            return UNNAMED, "group", "unnamed"
        campaign = _OWN_CAMPAIGN.fullmatch(bare)
        if campaign is not None:  # "her campaign said": a campaign holds for its candidate (guideline T3)
            found = self._antecedent("person", span[0], PRONOUN_GENDERS[campaign.group(1)])
            if found:
                return (*found, "pronoun")
        if bare in ("the campaign", "campaign"):
            found = self._campaign_before(span[0])
            if found:
                return (*found, "pronoun")
        if _GROUP_PHRASE.match(bare):
            people = self._recent_people(2, span[0])
            if len(people) == 2:  # named in alphabetical order, so the group is one actor however it arose
                return " and ".join(sorted(people)), "group", "group"
        person = self._role(text)
        if person is not None:
            return person.name, person.type, "role"
        named = self._named_below(span)
        if named is not None:
            return named.actor, named.actor_type, "cataphora"
        followers = self._followers(span)
        if followers is not None:
            return followers, "group", "group"
        mention = self._mention_in(span)
        if mention is not None:
            mention = self._principal(source or span, mention) or mention
            president = self.registry.president_named_by(mention.text, mention.actor, self.date, self._sentence_mentions(span)) if mention.actor_type == "government" else None
            if president is not None:  # "the White House said" in domestic politics (D2)
                return president.name, president.type, mention.method
            written = self._text(span).strip()
            if mention.method == "ner" and mention.actor_type == "organisation" and _GIVEN_NAMES.fullmatch(written.removesuffix(mention.text)):
                return written, "person", mention.method  # the recogniser took a surname for a firm: "Ilya Shapiro argues"
            return *self._named(mention), mention.method
        state = self._demonym_group(text)
        if state is not None:
            return state.name, state.type, "demonym"
        unnamed = _unnamed_description(text)
        if unnamed is not None:
            return unnamed, "group" if unnamed == UNNAMED else "unknown", "unnamed"
        return self._full_name(_name_from_text(text)), "unknown", "text"

    def _demonym_group(self, text: str) -> Any | None:
        """The state a people or its officials speak for: "the Russians", "the Chinese", "the French" (a people
        named by its demonym after "the") and "Russian officials", "Chinese diplomats" (a demonym before a noun of
        :data:`OFFICIAL_NOUNS`), as foreign news writes of states; None for other sources ("many Mexicans" are
        people, not their state; "the Russian" is one person)."""
        match = re.fullmatch(r"(?i:(the)\s+)?([A-Z][a-z]+)(?:\s+([a-z]+))?", text.strip(" ,.;:\"'“”‘’"))
        if match is None:
            return None
        article, word, noun = match.groups()
        if noun is not None:
            name = self.registry.demonym(word) if noun in OFFICIAL_NOUNS else None
        elif article is None:
            name = None
        elif word.endswith(("ese", "ch", "sh")):
            name = self.registry.demonym(word)
        else:
            name = self.registry.demonym(word[:-1]) if word.endswith("s") else None
        actor = self.registry.get(name) if name is not None else None
        return actor if actor is not None and actor.type == "country" else None

    def _followers(self, span: Span) -> str | None:
        """The group a person's people form, where ``span`` names one: a person followed by a noun of
        :data:`FOLLOWER_NOUNS` within three words ("Clinton insiders", "Mrs. Clinton's advisers",
        "Sanders's most ardent fans", "Clinton defenders today", "one Sanders supporter"), such a noun before "of"/"for" and the person ("supporters of Hillary Clinton"), or
        "his"/"her" before it ("his supporters", after Bernie Sanders). The noun is plural but after "one";
        a span that names a second person ("Diane Russell, the Sanders supporter") or joins the person to
        the group ("Sanders and his supporters") names no such group. Named "<surname> <plural noun>"
        (guideline T4: "Sanders supporters"); None where the span names no such group."""
        text = self.document.text
        people = [m for m in self._between(*span) if m.end <= span[1] and m.actor_type == "person"]
        if len(people) == 1:  # "Diane Russell, the Sanders supporter from Maine" is Diane Russell
            mention = people[0]
            after = re.match(rf"(?:'s|’s|')?(?:\s+(?!and\b)[a-z]+){{0,2}}?\s+({_FOLLOWER_WORD})\b", text[mention.end : span[1]])
            before = re.search(r"\b([A-Za-z]+)\s+(?:of|for)\s+(?:(?:Mr|Mrs|Ms|Sen|Gov)\.?\s+)?$", text[span[0] : mention.start])
            one = re.match(r"(?i)\s*one\s", text[span[0] : mention.start]) is not None  # "one Sanders supporter"
            for match in (after, before):
                noun = _follower_noun(match.group(1)) if match is not None else None
                if noun is not None and (match.group(1).lower() == noun or one):
                    return f"{_surname(mention.actor)} {noun}"
        possessive = re.fullmatch(r"(?i)(?:(?:some|many|several|most|one)\s+(?:of\s+)?)?(his|her)\s+(?:[a-z]+\s+){0,2}?([a-z]+)", self._text(span).strip())
        if possessive is not None and _follower_noun(possessive.group(2)):
            found = self._antecedent("person", span[0], PRONOUN_GENDERS[possessive.group(1).lower()])
            if found is not None:
                return f"{_surname(found[0])} {_follower_noun(possessive.group(2))}"
        return None

    def _named(self, mention: Mention) -> tuple[str, str]:
        """(actor, actor type) of ``mention``, a person the registry does not know by the full name the document
        writes ("Maddow said": Rachel Maddow; see :meth:`_full_name`)."""
        if mention.actor_type == "person" and mention.actor not in self.registry:
            return self._full_name(mention.actor), mention.actor_type
        return mention.actor, mention.actor_type

    def _full_name(self, name: str) -> str:
        """A one-word name made the full name the document writes with it: the given names
        written just before it ("Smbatyan" after "stated Roman Smbatyan", "Maddow" after "MSNBC's
        Rachel Maddow" or "The Rachel Maddow Show"), without an article, a title or a possessive
        before them, nor a nickname in quotation marks between them ("Keyworth" after 'George "Jay"
        Keyworth' is George Keyworth), nor the end of an institution's name ("Solomon" after "CEO of the Refugee
        Council Enver Solomon" is Enver Solomon); other names are kept."""
        if " " in name or not name[:1].isupper():
            return name
        for match in re.finditer(rf"(?<![\w'’.-])((?:(?:[A-Z][\w'’-]*|[A-Z]\.)[ \t]+){{1,3}}){_NICKNAME}{re.escape(name)}\b", self.document.text):
            given: list[str] = []
            for word in reversed(list(re.finditer(r"\S+", match.group(1)))):
                bare = word.group().rstrip(".").lower()
                if (bare in STOP_WORDS or bare in HONORIFICS or bare in PERSON_TITLES or word.group().endswith(("'s", "’s"))
                        or self._in_institution(match.start(1) + word.start())):
                    break
                given.insert(0, word.group())
            if given:
                return " ".join([*given, name])
        return name

    def _in_institution(self, position: int) -> bool:
        """True when character ``position`` lies inside the mention of an actor that is not a person."""
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.mentions[index].end and self.mentions[index].actor_type != "person"

    def _text(self, span: Span) -> str:
        return self.document.text[span[0] : span[1]]

    def _sentence_at(self, position: int) -> Sentence | None:
        """The sentence that holds character ``position`` (None outside every sentence)."""
        index = bisect.bisect_right(self.sentence_starts, position) - 1
        sentence = self.document.sentences[index] if index >= 0 else None
        return sentence if sentence is not None and position < sentence.end else None

    def _between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start in ``[start, end)``, in text order."""
        return self.mentions[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def _mention_in(self, span: Span) -> Mention | None:
        """The mention naming the holder in ``span``: a person first, else the first institution, made its government
        when the span names an official of it ("a U.S. official"); a backer or leader named before "-backed" or "-led"
        is neither (:data:`_BACKED_BY`: "Iran-backed Houthi rebels" are the Houthis, "the Koch-backed Concerned
        Veterans for America" not Charles Koch)."""
        inside = [m for m in self._between(*span)
                  if m.end <= span[1] and m.method != "demonym" and not _BACKED_BY.match(self.document.text, m.end)]  # "Kremlin-backed separatists"
        people = [m for m in inside if m.actor_type == "person"]
        if people:
            described = [m for m in people if not self._modifies(m, span)]
            return described[0] if described else None
        if not inside:
            return None
        first = inside[0]
        if first.actor_type == "country" and set(re.findall(r"[a-z]+", self._text(span).lower())) & OFFICIAL_NOUNS:
            government = self.registry.government_of(first.actor)
            if government is not None:
                return Mention(first.start, first.end, first.text, government.name, government.type, first.method)
        return first

    def _principal(self, span: Span, person: Mention) -> Mention | None:
        """The principal a named spokesperson speaks for (guideline D1), where the source calls a
        person a spokesperson or press secretary (or "a representative for"): the actor named after "spokesman for" / "of"
        ("Brian Fallon, a spokesman for the Clinton campaign", "Steve Whitmore, a representative for the LA Sheriff's office"), else the last one named before the
        word ("White House press secretary Josh Earnest", "Josh Earnest, the White House press
        secretary", "Stein spokeswoman Melezia Figueroa"); None when the source has no such word
        or names no principal."""
        word = _SPOKESPERSON.search(self._text(span))
        if person.actor_type != "person" or word is None:
            return None
        at = span[0] + word.start()
        inside = [m for m in self._between(*span) if m.end <= span[1] and m.method != "demonym"]
        if re.match(r"\s+(?:for|of|to)\b", self.document.text[span[0] + word.end() : span[1]]):
            after = [m for m in inside if m.start >= span[0] + word.end()]
            return after[0] if after else None
        before = [m for m in inside if m.end <= at]
        return before[-1] if before else None

    def _sentence_mentions(self, span: Span) -> list[Mention]:
        """The mentions of the sentence that holds ``span``."""
        sentence = self._sentence_at(span[0])
        return sentence.mentions if sentence is not None else []

    def _modifies(self, mention: Mention, span: Span) -> bool:
        """True when a name only describes the holder: a possessive ("Hillary Clinton's campaign
        manager Robby Mook"), a modifier of a noun such as "supporter" or "aides" ("the
        commentator and Hillary Clinton supporter", "Clinton defenders"), the object of a preposition ("a chief of
        staff to President Bill Clinton") or of "anti-" or "pro-" ("Anti-Trump forces"), or the candidate of a
        campaign whose officer the source names ("Trump campaign chairman Paul Manafort", guideline D1), unless the source is the person's campaign ("Mrs.
        Clinton's campaign", which holds for its candidate) and ends the source ``span``; only words inside ``span``
        count ("According to Putin": the source is Putin; a source the model ends at the possessive, "Eric Trump's",
        names Eric Trump)."""
        text = self.document.text
        end = span[1]
        after = text[mention.end : mention.end + 30]
        before = text[max(span[0], mention.start - 20) : mention.start]  # "under Secretary "
        next_word = re.match(r"\s+(\w+)", after)
        return (
            (re.match(r"['’]s?\s+\S", text[mention.end : end]) is not None and not _campaign_of(text, mention, end))
            or (next_word is not None and next_word.group(1).lower() in MODIFIED_NOUNS | FOLLOWER_NOUNS)
            or re.search(r"(?i)\b(?:to|of|for|with|by|from|under)\s+(?:(?:President|Sen|Gov|Rep|Secretary|Mr|Mrs|Ms)\.?\s+)?$", before) is not None
            or re.search(r"(?i)\b(?:anti|pro)-$", before) is not None  # "Anti-Trump forces"
            or re.match(r"\s+campaign\s+\w", text[mention.end : end]) is not None  # "Trump campaign chairman Paul Manafort"
        )

    def _role(self, text: str) -> Any | None:
        """The person holding the office the phrase names on the article date; "his Chinese counterpart" is the
        holder, in China, of the last speaker's office (:meth:`~stance.actors.registry.ActorRegistry.counterpart`)."""
        if _COUNTERPART.search(text):
            speaker = next((actor for actor, actor_type in reversed(self.holders) if actor_type == "person"), None)
            return self.registry.counterpart(text, speaker, self.date)
        return self.registry.resolve_role_phrase(text, on=self.date)

    def _antecedent(self, kind: str, before: int, gender: str | None = None) -> tuple[str, str] | None:
        """The most recent holder, else mention, that a pronoun of ``kind`` (and ``gender``, for
        "he" and "she") can refer to: a person whose gender the registry knows must have the
        pronoun's ("she said" after a quote of Mr. Trump's is no quote of his)."""

        def fits(actor_type: str, actor: str) -> bool:
            if kind == "person":
                return actor_type == "person" and self._gender_fits(actor, gender)
            if kind == "institution":
                return actor_type in INSTITUTION_TYPES
            if kind == "plural":  # "they" is people or institutions, not a place ("They checked the Chicago Tribune")
                return actor_type in ("group", *INSTITUTION_TYPES) and actor_type != "place"
            return actor_type == kind  # a nominal anaphor names the type: "the bloc"

        if kind == "person":
            found = self._named_before_in_sentence(before, fits)
            if found:
                return found
        for actor, actor_type in reversed(self.holders[-3:]):
            if fits(actor_type, actor):
                newer = self._subject_named_since(actor, before, fits) if kind == "person" else None
                return newer or (actor, actor_type)
        for mention in reversed(self._between(before - ANTECEDENT_WINDOW, before)):
            if mention.end <= before and mention.method != "demonym" and fits(mention.actor_type, mention.actor):
                return self._named(mention)
        return None

    def _subject_named_since(self, holder: str, before: int, fits: Callable[[str, str], bool]) -> tuple[str, str] | None:
        """Another person that ``fits``, named at the start of a sentence after ``holder`` was last named and before
        ``before``: a pronoun then takes that newer subject, not the holder carried over the quoted block in between
        ('McCrummen reports:' ... '"Melanie thought the whole thing was outrageous.' ... '"...," she said': Melanie).
        The pronoun's own sentence does not count ("''Obama doesn't get along with Putin,'' he said" is the holder's
        quote). None where the holder was never named, or where no such subject follows it."""
        named = [m.start for m in self._between(before - ANTECEDENT_WINDOW, before) if self._named(m)[0] == holder]
        if not named:
            return None
        own = self._sentence_at(before)
        for mention in reversed(self._between(named[-1] + 1, own.start if own is not None else before)):  # not the quote it opens
            sentence = self._sentence_at(mention.start)
            opening = sentence is not None and not self.document.text[sentence.start : mention.start].strip(" \"“‘'")
            if opening and mention.end <= before and fits(mention.actor_type, mention.actor):
                named_here = self._named(mention)
                if named_here[0] != holder:
                    return named_here
        return None

    def _named_before_in_sentence(self, before: int, fits: Callable[[str, str], bool]) -> tuple[str, str] | None:
        """The last person that ``fits`` named before ``before`` in its own sentence ("since Putin decided ... what he
        called"): none where the pronoun follows a comma ("Also, Trump isn't a conservative, he said" reports the
        speaker's words) or where a quotation mark or "whom" lies between (:data:`_SEPARATES`)."""
        sentence = self._sentence_at(before)
        if sentence is None or self.document.text[sentence.start : before].rstrip().endswith(","):
            return None
        for mention in reversed(self._between(sentence.start, before)):
            if mention.end <= before and fits(mention.actor_type, mention.actor) and not _SEPARATES.search(self.document.text[mention.start : before]):
                return self._named(mention)
        return None

    def _campaign_before(self, before: int) -> tuple[str, str] | None:
        """The candidate of the last campaign the document names before ``before`` ("the Clinton campaign", "Mrs.
        Clinton's campaign"), whom "the campaign" then holds for (guideline T3); None where none is named."""
        text = self.document.text
        for mention in reversed(self._between(0, before)):
            if mention.actor_type == "person" and mention.end <= before and _CAMPAIGN_AFTER.match(text, mention.end, before):
                return self._named(mention)
        return None

    def _gender_fits(self, actor: str, gender: str | None) -> bool:
        """True unless the registry knows ``actor`` as a person of another gender than ``gender``, or, for a person
        it does not know, the registry's people with ``actor``'s given name all have another gender
        (:meth:`~stance.actors.registry.ActorRegistry.given_name_gender`: "she" is not George Keyworth)."""
        if gender is None:
            return True
        known = self.registry.get(actor).gender if actor in self.registry else self.registry.given_name_gender(self._full_name(actor))
        return known is None or known == gender

    def _named_below(self, span: Span) -> Mention | None:
        """The person a headline or lede describes without a name and names just below (a delayed-identification
        lede: "A former Democratic National Committee chairman says ...", then '"...," said Don Fowler'; "Judge
        rejects ...", then "Justice Frank Nervo rejected"): the first person named in full in the source of one of the
        :data:`NAMED_BELOW` sentences after the description's sentence, whom no sentence up to the description
        names (a sentence whose source describes the person again is passed over). Only in the first
        :data:`LEDE_SENTENCES` sentences, and only for one person described by a title or role noun
        (:func:`_described_person`); an unnamed official or spokesperson holds for their organisation (rule 9)."""
        sentence = self._sentence_at(span[0])
        if sentence is None or sentence.index >= LEDE_SENTENCES or not _described_person(self._text(span)):
            return None
        sentences = self.document.sentences
        earlier = {m.actor for s in sentences[: sentence.index + 1] for m in s.mentions}
        for below in sentences[sentence.index + 1 : sentence.index + 1 + NAMED_BELOW]:
            finding = self.findings.get(below.index)
            if finding is None or not finding.holds or not _in_sentence(finding.source, below):
                continue
            source = finding.holder or finding.source
            if _described_person(self._text(source)):
                continue  # the lede describes the headline's person again
            for mention in self._between(*source):
                if mention.end <= source[1] and mention.actor_type == "person" and " " in mention.actor and mention.actor not in earlier:
                    return mention
        return None

    def _recent_people(self, count: int, before: int) -> list[str]:
        """The last ``count`` different people who held a view or were mentioned before ``before``."""
        people: list[str] = []
        recent_holders = [actor for actor, actor_type in reversed(self.holders) if actor_type == "person"]
        mentioned = [m.actor for m in reversed(self._between(before - ANTECEDENT_WINDOW, before)) if m.actor_type == "person"]
        for actor in recent_holders + mentioned:
            if actor not in people:
                people.append(actor)
        return people[:count]


def _campaign_of(text: str, mention: Mention, end: int) -> bool:
    """True when the words after ``mention`` up to ``end`` are "'s campaign" (T3: a campaign holds for its
    candidate), "'s office" or "'s spokesman" (rule 9: an office and an unnamed spokesperson hold for their
    principal: "Powell's office said", "Trump's spokeswoman called")."""
    return _PRINCIPALS_OWN.fullmatch(text, mention.end, end) is not None


def _described_person(text: str) -> bool:
    """True for a source that describes one person by a title or role without a name: "A New York judge",
    "Former DNC chairman", "Lawmaker", "Member of House panel": its last word before any "of" phrase is a singular
    noun of :data:`ROLE_NOUNS`, with at most five words before it (so "Judge Frank Nervo", which ends in a name, is
    no description; see :meth:`_Resolver._named_below`)."""
    match = _DESCRIBED_PERSON.fullmatch(text.strip(" ,.;:\"'“”‘’"))
    return match is not None and match.group(1).lower() in ROLE_NOUNS


def _unnamed_description(text: str) -> str | None:
    """The holder of a source that describes someone it does not name (guideline T4): "sources" and
    "the sources" are :data:`UNNAMED`; one person described with "a"/"an" or a possessive is "unnamed"
    and the description ("a Democratic senator" -> "unnamed Democratic senator", "her friend" -> "unnamed
    friend", "a source familiar with the talks" -> "unnamed source"), where its head is a singular noun of
    :data:`HOLDER_NOUNS` ("an interview his brother gave" names nobody); None for other sources."""
    bare = text.strip(" ,.;:\"'“”‘’")
    if re.fullmatch(r"(?i)(?:the\s+)?sources", bare):
        return UNNAMED
    match = _UNNAMED_PERSON.fullmatch(bare)
    if match is None:
        return None
    words = match.group(1).split()
    head = words[-1]
    if len(words) > 4 or head not in HOLDER_NOUNS or head in UNNAMED_EXCLUDED | QUANTIFIERS | UNNAMED_WORDS or (head.endswith("s") and not head.endswith("ss")):
        return None
    return "unnamed " + " ".join(words)


def _follower_noun(word: str) -> str | None:
    """The plural of ``word`` where it (or its plural) is one of :data:`FOLLOWER_NOUNS` ("supporter" -> "supporters"), else None."""
    word = word.lower()
    return word if word in FOLLOWER_NOUNS else word + "s" if word + "s" in FOLLOWER_NOUNS else None


def _surname(name: str) -> str:
    """The last word of a person's name, leaving out "Jr." and "Sr." ("Donald J. Trump Jr." -> "Trump")."""
    words = [word for word in name.split() if word not in ("Jr.", "Sr.", "Jr", "Sr")]
    return words[-1] if words else name


def as_name(word: str) -> str:
    """A name written in capitals as names are written: a transcript's label "WALLACE" is Wallace.
    Words of three letters or fewer stay as they are (the acronym "CIA"), as do words with other characters than
    letters ("G-III") and all other words."""
    return word.title() if word.isalpha() and word.isupper() and len(word) > 3 else word


#: A count or collection of the people a source names: "small groups of protesters" are protesters.
_GROUP_OF = re.compile(r"^(?:(?i:a|an|one|two|three|several|small|large|big)\s+){0,2}(?:groups?|number|handful|couple|[Dd]ozens|[Hh]undreds|[Tt]housands)\s+of\s+(?=\w)")
#: A time after the people a source names: "a group of doctors in 2015", "protesters on Monday".
_WHEN_AFTER = re.compile(r"\s+(?:in|on|since|during)\s+(?:(?:early|late|mid-?)\s*)?(?:\d{4}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)$")


def _name_from_text(text: str) -> str:
    """A holder named by the source text: without a leading article, surrounding punctuation, an
    apposition after a name ("Roman Smbatyan, an Armenian historian" is Roman Smbatyan), a relative
    clause ("Central European leaders who have been the strictest opponents ..." are Central European leaders),
    a count or collection before the people named ("small groups of protesters") and a time after them
    ("doctors in 2015")."""
    name = re.sub(r"(?i)^(?:the|a|an)\s+", "", text.strip(" ,.;:\"'“”‘’"))
    name = re.split(r",?\s+(?:who|whom|which|that)\s+", name, maxsplit=1)[0]
    name = _GROUP_OF.sub("", name)
    name = _WHEN_AFTER.sub("", name)
    name = as_name(name)
    head, comma, _ = name.partition(",")
    if comma and head.split() and all(word[:1].isupper() for word in head.split()):
        name = head
    words = name.split()
    while len(words) > 1 and words[0].lower() in QUANTIFIERS:
        words = words[1:]
    return " ".join(words) or text
