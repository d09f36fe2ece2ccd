"""Targets and scoring documents: each sentence's tone, and its holder's stance toward the user's targets.

Targets are phrases the user names ("the West", "Ukraine", "climate change"). A sentence is
scored against a target where it *mentions* it (:func:`target_mentions`), as the news stance
guidelines define a mention (``docs/news_stance_guidelines.md``). Each mention records how it
matched (:data:`MATCHES`):

``name``
    the target's own name ("Russia", "the European Union"), or a name the document gives an
    actor the registry does not know ("Tom Clarke", and "Mr. Clarke" after it; a capitalised
    unknown name matches only as written: "Time" is not "time", :func:`news_pattern`);
``alias``
    a registry alias of the target's actor ("the U.S.", "Putin" for Vladimir Putin), or a
    registry form found in the text (case folded, except the forms that match only as written:
    "IS" is the Islamic State, "is" is not), or a short form of a target the registry does not
    know, or its acronym, in a document that names it in full ("Scientology" for "Church of
    Scientology", "EPA" for "Environmental Protection Agency");
``metonym``
    the target's government or its seats ("the Kremlin", "Moscow", "Washington", "Brussels"), or a
    party's national committee ("the DNC" for the Democratic Party);
``leader``
    the target's head of state or government or foreign minister on the article date, in a
    sentence that also names another state (acting for it: "Xi assured Putin ..."; Obama in a
    domestic story is no mention of the United States);
``description``
    "the" or "this" and the head noun of the target's name, after the document's first mention
    of the target and where nothing else the document names or targets shares that head ("the
    museum", "this museum" after "the National Museum of African American History and Culture",
    guideline D4; :func:`_with_description`);
``member``
    an actor below the target in the hierarchy ("Zelensky" -> Ukraine, "France" -> the West, a
    party's politician -> the party), only when the target is *expanded* (``expand``). A member
    is not its bloc and a person is not their country by default.

A place after a locative preposition is a location, not a target ("a rally in Ohio": guideline
T1, :func:`_used_as_place`). The holder is not its own target (guideline rule 10): a mention
inside the sentence's attribution source that names the holder itself, or the target through its
leader or seat, is left out ("Putin said ..." and "the Kremlin said ..." are no mention of Russia);
one inside a description of another holder belongs to the author's narration ("Supporters of
Donald Trump say ...", "said the former aide to President George W. Bush"), and
where the sentence names the target nowhere else, the author holds the pair
(``Stance.holder``), as they do where the sentence's holder is the target itself (:func:`pair_holder`). With ``implicit=True`` every sentence is scored against every target,
mentioned or not.

The scorer (the shipped :class:`~stance.scoring.model.ScoringModel`, or a Hugging Face model from
:mod:`stance.scoring.hub`) reads one (sentence, target, mention) pair per mention; a sentence
with several mentions of a target gets the mean of their probabilities, and
``Stance.mentions``, ``Stance.mention_texts`` and ``Stance.matches`` list the spans used, their
words and how each matched. Pairs are batched across sentences and documents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from stance.attribution.mentions import DESCRIPTION_HEADS, without_possessive
from stance.attribution.rules import FOLLOWER_NOUNS, RELATIVE_PRONOUNS, article_date
from stance.records import AUTHOR, TARGET_MATCHES, Document, Mention, Score, Sentence, Span, Stance, holder_of, overlaps, signed_score
from stance.scoring.base import Pair

if TYPE_CHECKING:
    import pandas as pd

#: Sentence kinds that are scored (page furniture, bylines and datelines are not).
SCORED_KINDS = ("body", "headline", "subheading")
#: How a mention inside the attribution source names the holder itself, not a target (rule 10).
SOURCE_HOLDER_MATCHES = ("leader", "metonym", "member")
#: Attribution methods (:mod:`stance.attribution.rules`) whose holder speaks: naming its own side, it holds the pair (rule 5).
SPEAKING_METHODS = ("verb-subject", "according-to", "carried-over", "speaker-label")
#: At most this many mentions of one target are scored in one sentence.
MAX_MENTIONS = 3
#: How a mention matched its target, strongest first (see the module docstring).
MATCHES = TARGET_MATCHES
#: How the name of a party's governing body ends: under the party in the registry, it names the party ("the DNC").
GOVERNING_BODY = " National Committee"
#: The offices whose holder is a ``leader`` mention of their state.
LEADER_ROLES = ("head_of_state", "head_of_government", "foreign_minister")


@dataclass(frozen=True)
class Target:
    """A target as the scoring stage uses it: the user's phrase, its registry actor and its surface forms.

    ``forms`` match in any case, ``exact_forms`` only as written or in capitals (the registry's
    case-sensitive forms: "IS", "WHO", "Turkey"); ``expand`` makes the actors below it mentions
    of it (``member``).
    """

    name: str
    actor: str | None
    forms: tuple[str, ...]
    exact_forms: tuple[str, ...] = ()
    expand: bool = False
    #: In one document (:func:`_with_description`): the definite description that names the target
    #: from offset ``described_from`` on ("the museum" after "National Museum of African American History").
    description: re.Pattern[str] | None = None
    described_from: int = 0

    def pattern(self) -> re.Pattern[str]:
        """A whole-word regular expression for the target's surface forms (case folded where the registry allows)."""
        return _pattern(self.forms, self.exact_forms)


@functools.lru_cache(maxsize=4096)
def _pattern(forms: tuple[str, ...], exact_forms: tuple[str, ...]) -> re.Pattern[str]:
    folded = [f"(?i:{re.escape(form)})" for form in forms]
    exact = [re.escape(variant) for form in exact_forms for variant in dict.fromkeys((form, form.upper()))]
    alternatives = sorted(folded + exact, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass(frozen=True)
class TargetMention:
    """Where a sentence mentions a target (document offsets), in which words, and how it matched (:data:`MATCHES`)."""

    span: Span
    text: str
    match: str
    #: True for a mention inside the sentence's attribution source (the author names the target there).
    in_source: bool = False


def check_targets(targets: Any) -> list[str]:
    """Validate the user's targets: a list of distinct, non-empty strings (returned stripped)."""
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, Iterable):
        raise TypeError(f"targets must be a list of strings, got {type(targets).__name__}")
    cleaned, seen = [], {}
    for target in targets:
        if not isinstance(target, str):
            raise TypeError(f"every target must be a string, got {target!r} ({type(target).__name__})")
        name = " ".join(target.split())
        if not name:
            raise ValueError("a target is empty; name each target, e.g. targets=['Ukraine', 'the West']")
        key = name.casefold()
        if key in seen:
            raise ValueError(f"target {target!r} is given twice (as {seen[key]!r} too)")
        seen[key] = target
        cleaned.append(name)
    return cleaned


def check_expand(expand: Any, targets: Sequence[str]) -> bool | frozenset[str]:
    """Validate ``expand``: a bool (every target or none), or target names (those of ``targets`` to expand)."""
    if isinstance(expand, bool):
        return expand
    names = check_targets(expand)
    known = {target.casefold() for target in targets}
    unknown = [name for name in names if name.casefold() not in known]
    if unknown:
        raise ValueError(f"expand names {unknown[0]!r}, which is not one of the targets {list(targets)}")
    return frozenset(name.casefold() for name in names)


def resolve_targets(targets: Sequence[str], registry: Any = None, expand: bool | Iterable[str] = False) -> list[Target]:
    """A :class:`Target` for each name: its registry actor (if any) and the phrases that name it.

    ``expand``: ``True`` makes the actors below every target mentions of it, target names do so
    for those targets only (see :func:`check_expand`).
    """
    names = check_targets(targets)
    expanded = check_expand(expand, names)
    resolved = []
    for name in names:
        actor = registry.lookup(name) if registry is not None else None
        forms = {name}
        if actor is not None:
            forms |= {alias for alias, canonical in registry.aliases().items() if canonical == actor.name}
            forms.add(actor.name)
        forms |= {variant for form in forms for variant in spelling_variants(form)}
        exact = {form for form in forms if registry is not None and actor is not None and registry.case_sensitive(form)}
        grow = expanded if isinstance(expanded, bool) else name.casefold() in expanded
        resolved.append(Target(name, actor.name if actor else None, tuple(sorted(forms - exact)), tuple(sorted(exact)), grow))
    return resolved


def target_mentions(
    sentence: Sentence, target: Target, registry: Any = None, date: dt.date | None = None, *, introduced: bool = True
) -> list[TargetMention]:
    """Where ``sentence`` mentions ``target``, in text order.

    First the sentence's actor mentions that link to the target (:func:`match_mention`), then the
    target's forms in the text (:func:`news_pattern`) where no mention of another actor covers
    them ("Virginia" in "West Virginia" is no mention of Virginia; a form may cover a shorter mention,
    "Afghan" in "the Afghan robotics team"). ``date`` is the article date,
    for ``leader``; ``introduced`` says whether the document names the target in full (see
    :func:`match_mention`): only then are its short forms and acronyms (:func:`acronyms_of`) mentions.
    Mentions inside the attribution source are marked ``in_source``; those there that match as
    ``leader``, ``metonym`` or ``member``, or that name a speaking holder who is the target, name the
    holder, not a target, and are left out (rule 10); the actor of a deed or of the model's source stays a
    target of the author there ("Mexico buys $250 billion worth of goods": :func:`pair_holder`), as the
    dev annotators labelled it. The holder's office named anywhere in the sentence is left out too
    ("The Russian president spoke with Xi, to whom he expressed ...": Putin holds the view, and
    the phrase is no mention of Russia or of Putin there).
    """
    found: list[TargetMention] = []
    attribution = sentence.attribution
    holder = attribution.actor if attribution is not None and attribution.actor != AUTHOR else None
    speaks = holder is not None and attribution.method in SPEAKING_METHODS
    for mention in sentence.mentions:
        if mention.actor == holder and mention.method == "role":  # the holder's office names no target (rule 10)
            continue
        how = match_mention(mention, target, registry, date, sentence, introduced=introduced)
        if (how is not None and not _used_as_place(sentence, mention) and not _in_title(sentence, mention.end) and not _in_affiliation(sentence, mention.start) and not _in_region(sentence, mention.start)
                and not _starts_longer_name(sentence, mention.end)):
            found.append(TargetMention((mention.start, mention.end), mention.text, how))
    for hit in news_pattern(target).finditer(sentence.text):
        span = (sentence.start + hit.start(), sentence.start + hit.end())
        if not introduced and hit.group() in acronyms_of(target.name):  # an acronym needs the full name first
            continue
        if (any(overlaps(span, m.span) for m in found) or any(overlaps(span, (m.start, m.end)) and not _inside(m, span) for m in sentence.mentions)
                or _in_region(sentence, span[0]) or _in_title(sentence, span[1]) or _in_affiliation(sentence, span[0])
                or _starts_longer_name(sentence, span[1]) or _on_platform(sentence, span[0], hit.group())):
            continue
        found.append(TargetMention(span, hit.group(), "name" if _same_name(hit.group(), target.name) else "alias"))
    if target.description is not None:
        for hit in target.description.finditer(sentence.text):
            span = (sentence.start + hit.start(), sentence.start + hit.end())
            if span[0] >= target.described_from and not any(overlaps(span, m.span) for m in found) and not any(overlaps(span, (m.start, m.end)) and not _inside(m, span) for m in sentence.mentions if not _describes(m, target)):
                found.append(TargetMention(span, hit.group(), "description"))
    source = attribution.source if holder is not None else None
    if source is not None:
        itself = speaks and _names_target(attribution.actor, target)
        inside = [source[0] <= m.span[0] and m.span[1] <= source[1] for m in found]
        found = [dataclasses.replace(m, in_source=True) if within else m for m, within in zip(found, inside)
                 if not (within and (itself or m.match in SOURCE_HOLDER_MATCHES))]
    return sorted(found, key=lambda m: m.span)


def _inside(mention: Mention, span: Span) -> bool:
    """True when ``mention`` lies inside ``span`` and is shorter: "Afghan" in a match of "Afghan robotics team", which
    the target's name covers (where the name lies inside a mention, "Virginia" in "West Virginia", it is no match)."""
    return span[0] <= mention.start and mention.end <= span[1] and mention.end - mention.start < span[1] - span[0]


def match_mention(
    mention: Mention, target: Target, registry: Any, date: dt.date | None, sentence: Sentence, *, introduced: bool = True
) -> str | None:
    """How an actor mention names ``target`` (one of :data:`MATCHES`), or None when it does not.

    A demonym is no mention ("American voters", "the Russian economy", "Swiss banks": guideline D3), but for one
    joined by a hyphen to another name, which names the two states as parties to something ("Russian-Chinese
    relations", "a Franco-German idea": :func:`_paired_demonym`).
    A target the registry does not know is also named by a short form the document uses for it,
    once the document has named it in full (``introduced``): "Scientology" for "Church of
    Scientology", "Oz" for "Mehmet Oz". Where the document never names it, a part of its name is
    no mention of it ("Sanders" is not Carol Sanders in an article about Bernie Sanders, "Senate"
    not the Senate Finance Committee).
    """
    if mention.method == "demonym":
        return "alias" if _paired_demonym(mention, sentence) and mention.actor == target.actor else None
    president = registry.president_named_by(mention.text, mention.actor, date, sentence.mentions) if registry is not None and mention.actor_type == "government" else None
    if president is not None:  # "the White House" in US domestic politics is the president (guideline D2)
        return "metonym" if president.name in (target.actor, target.name) else None
    if _same_name(mention.actor, target.name) or (target.actor is not None and mention.actor == target.actor):
        return "name" if _same_name(mention.text, target.name) or _same_name(mention.text, mention.actor) else "alias"
    if target.actor is None:
        return _unknown_match(mention, target, introduced)
    if registry is None or mention.actor not in registry or mention.method == "demonym":
        return None
    target_actor = registry.get(target.actor)
    government = registry.government_of(target.actor)
    if government is not None and mention.actor == government.name and target_actor.type == "country":
        return "metonym"
    if target.actor in registry.get(mention.actor).parents and mention.actor.endswith(GOVERNING_BODY):
        return "metonym"  # "the DNC" names the Democratic Party, as a government names its state
    if target_actor.type == "country" and _leads(registry, mention.actor, target_actor.country, date) and registry.foreign_in(sentence.mentions, target_actor.country):
        return "leader"
    if target.expand and registry.is_part_of(mention.actor, target.actor):
        return "member"
    return None


#: A compound of two peoples' words before one of these nouns names the two states as parties: "Russian-Chinese
#: relations", "the Franco-German proposal" (not "the African-American community").
_PAIRED = re.compile(r"(?:[A-Z][\w.]*-)?[A-Z][\w.]*(?:-[A-Z][\w.]*)?\s+(?:relations|relationship|ties|talks|summit|alliance|axis|"
                     r"cooperation|partnership|pact|agreement|deal|treaty|trade|dialogue|friendship|rivalry|tensions|"
                     r"conflict|war|border|initiative|proposal|plan|idea|negotiations|meeting)\b")


def _paired_demonym(mention: Mention, sentence: Sentence) -> bool:
    """True when a demonym is joined by a hyphen to another capitalised word before a noun of :data:`_PAIRED`:
    "Russian-Chinese relations", "a Franco-German idea"."""
    before = re.search(r"[A-Z][\w.]*-$", sentence.text[: mention.start - sentence.start])
    after = sentence.text[mention.end - sentence.start :]
    joined = before is not None or re.match(r"-[A-Z]", after) is not None
    start = before.start() if before is not None else mention.start - sentence.start
    return joined and _PAIRED.match(sentence.text, start) is not None


def _unknown_match(mention: Mention, target: Target, introduced: bool) -> str | None:
    """How a mention the entity recogniser found names a target the registry does not know.

    Its own words name the target even where the document linked it to a longer name ("FDIC"
    linked to a headline's "FDIC Accused Of Covering Up ..."): a ``name`` match; words written as another of the
    target's forms are an ``alias`` match. Its linked name
    is a short form of the target's name once the document has named the target in full: an
    ``alias`` match.
    """
    if mention.method != "ner":
        return None
    words = without_possessive(mention.text)
    if _same_name(words, target.name):
        return "name"
    if words in target.forms:
        return "alias"  # "England" for the England national football team (see _national_teams)
    if introduced and words in acronyms_of(target.name):
        return "alias"
    short = introduced and mention.actor_type in ("person", "organisation") and _short_form(mention.actor, target.name, mention.actor_type)
    return "alias" if short else None


#: A generational suffix a name may drop ("Martin Luther King" for "Martin Luther King Jr.").
_NAME_SUFFIX = re.compile(r",? (?:Jr|Sr)\.?$")
#: British and American spellings of the words of organisation names ("World Health Organisation").
_SPELLINGS = (("isation", "ization"), ("Defence", "Defense"), ("Centre", "Center"))


def spelling_variants(form: str) -> set[str]:
    """Other ways news writes ``form``: without its generational suffix where two words or more remain ("Martin Luther
    King" for "Martin Luther King Jr."), and with the British or American spelling of an organisation's word where
    the form has the other ("World Health Organisation", "Ministry of Defense")."""
    variants = set()
    plain = _NAME_SUFFIX.sub("", form)
    if plain != form and len(plain.split()) >= 2:
        variants.add(plain)
    for british, american in _SPELLINGS:
        for old, new in ((british, american), (american, british)):
            if old in form:
                variants.add(form.replace(old, new))
    return variants - {form}


@functools.lru_cache(maxsize=4096)
def news_pattern(target: Target, acronyms: bool = True) -> re.Pattern[str]:
    """The target's forms as they are matched in news text: :meth:`Target.pattern`, except that a
    capitalised name the registry does not know matches only as written (or in capitals).

    Edited news keeps the case of names, and the lower-case form of a one-word name is mostly an
    ordinary word: "time" is not the magazine Time, "today" not the show Today. A leading "the"
    matches in either case ("the Nation" for "The Nation"). With ``acronyms`` the name's acronyms
    match too (:func:`acronyms_of`).
    """
    if target.actor is not None:
        return target.pattern()
    capitalised = tuple(form for form in target.forms if _capitalised(form))
    folded = tuple(form for form in target.forms if form not in capitalised)
    articles = tuple(f"{article} {form.split(' ', 1)[1]}" for form in capitalised if _bare(form) != form.casefold() for article in ("the", "The"))
    short = tuple(a for form in capitalised for a in acronyms_of(form)) if acronyms else ()
    return _pattern(folded, tuple(sorted(set(capitalised + articles + short) | set(target.exact_forms))))


#: Words an acronym may skip ("AFT" for the American Federation of Teachers).
_FUNCTION_WORDS = frozenset("of the and for on in".split())


@functools.lru_cache(maxsize=4096)
def acronyms_of(name: str) -> tuple[str, ...]:
    """The acronyms of a capitalised name of several words, plain and dotted, of three letters or more.

    "Environmental Protection Agency" gives "EPA" and "E.P.A.", "Internal Revenue Service" "IRS"
    and "I.R.S."; function words are taken or skipped ("DOJ" for the Department of Justice, "AFT"
    for the American Federation of Teachers). A leading "the" is never part of it. A name of two capitalised words
    joined by a hyphen has its two letters ("HP" for Hewlett-Packard), written only that way.
    """
    if re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", name):
        return (name[0] + name[name.index("-") + 1],)
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() != "the"]
    if len(words) < 2 or not all(w[:1].isupper() or w.casefold() in _FUNCTION_WORDS for w in words):
        return ()
    every = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.casefold() not in _FUNCTION_WORDS).upper()
    letters = [a for a in dict.fromkeys((content, every)) if len(a) >= 3 and a.isalpha()]
    return tuple(form for a in letters for form in (a, ".".join(a) + "."))


def _capitalised(form: str) -> bool:
    """True when a form has a capital letter after any leading "the" ("Time", "the Nation", "iPhone")."""
    bare = form.split(" ", 1)[1] if form.split(" ", 1)[0].casefold() == "the" and " " in form else form
    return any(character.isupper() for character in bare)


#: Prepositions that make a place named after them a location ("a rally in Ohio", guideline T1).
_LOCATIVE = re.compile(r"(?:^|\W)(?:in|at|across|throughout|inside|within|near|around|outside|into)\s+(?:the\s+)?$", re.IGNORECASE)
#: Travel before "to" makes the place a destination ("a state visit to Moscow", "people who go to Beijing"; guideline T1).
_DESTINATION = re.compile(
    r"(?:^|\W)(?:visit|visits|trip|trips|journey|flight|travel|travels|traveled|travelled|traveling|travelling|go|goes|going"
    r"|went|fly|flies|flew|flying|came|coming|moved|moving|returned|returning|headed|heading)\s+to\s+(?:the\s+)?$", re.IGNORECASE)
#: Words before a seat of government that make it the office sought or held ("candidates seeking the White House").
_OFFICE_SOUGHT = re.compile(
    r"(?:^|\W)(?:seek|seeks|seeking|sought|occupy|occupies|occupying|win|wins|winning|won|(?:way|road|return|path) to"
    r"|(?:contender|race|run|bid|candidate|candidates|campaign) for|residents? of)\s+$", re.IGNORECASE)
#: Social platforms: after "on", "via" or "to" they are where something was said, not targets (guideline D8).
PLATFORMS = frozenset("twitter facebook youtube instagram tiktok reddit snapchat linkedin telegram".split())
_PLATFORM_BEFORE = re.compile(r"(?:^|\W)(?:on|via|to|through)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
#: The last words of titles written before a person's name ("Majority Leader", "campaign chairman").
TITLE_WORDS = frozenset(
    """leader director chairman chairwoman chair spokesman spokeswoman spokesperson secretary senator sen. rep.
    minister president official chief head adviser advisor aide attorney general ambassador governor mayor judge
    justice correspondent reporter editor anchor host strategist manager commissioner counsel candidate nominee
    coach captain goalkeeper defender striker midfielder contender hopeful front-runner frontrunner""".split()
)
#: Lower-case words of a title before a name besides :data:`TITLE_WORDS` ("campaign", "former", "press", "presidential").
AFFILIATION_WORDS = frozenset(
    "campaign former deputy vice press senior top executive national communications presidential vice-presidential".split()
)
#: Title nouns that describe one person without a name after them ("the GOP nominee argued", D4): the entity
#: in the description is that person's affiliation (D5), no mention.
DESCRIPTION_TITLES = frozenset("nominee candidate contender hopeful front-runner frontrunner".split())
#: Head words that say what kind of organisation a name is: alone they are no short form of it (:func:`_short_form`).
ORGANISATION_KINDS = DESCRIPTION_HEADS | frozenset(
    "coal energy oil gas steel motors airlines holdings partners capital industries inc corp co llc ltd plc news".split())
#: Actor types that are places as well as actors.
PLACE_TYPES = ("country", "government", "place")
#: Words that make a government's name an institution rather than a place ("the State Department").
_INSTITUTION_WORDS = frozenset("department ministry office administration embassy army military navy".split())


def _used_as_place(sentence: Sentence, mention: Mention) -> bool:
    """True when a mention is a location in this sentence, not an actor (guideline T1).

    A state, a place or a government named by a place ("Washington", "the White House") after a
    locative preposition is a location: "a rally in Ohio", "a speech at the White House". After
    other prepositions it is an actor: "sanctions on Russia", "weapons to Ukraine".
    A place written after a city or region and a comma is part of an address ("San Bernardino,
    California", "Paris, France"; not "Like the United States, Israel"), a place travelled to is a destination ("a visit to
    Moscow"; not "weapons to Ukraine"), and a social platform after
    "on", "via", "to" or "through" is where something was said ("said on Twitter", "took to Facebook":
    guideline D8). A seat of government that is sought or held is the office, not the actor ("candidates
    seeking the White House", "the next resident of the White House", "on his way to the White House").
    """
    if mention.text.lower() in PLATFORMS:
        return _on_platform(sentence, mention.start, mention.text)
    before = sentence.text[max(0, mention.start - sentence.start - 30) : mention.start - sentence.start]
    institution = mention.actor_type == "government" and bool(_INSTITUTION_WORDS & set(mention.text.lower().split()))
    if mention.actor_type not in PLACE_TYPES or institution:
        return False
    if mention.actor_type == "government" and _OFFICE_SOUGHT.search(before):
        return True
    after_place = any(m.actor_type == "place" and sentence.text[m.end - sentence.start : mention.start - sentence.start].strip() == ","
                      for m in sentence.mentions if m.end <= mention.start)
    return after_place or bool(_LOCATIVE.search(before[-20:])) or bool(_DESTINATION.search(before))


def _on_platform(sentence: Sentence, start: int, text: str) -> bool:
    """True when ``text``, at ``start``, is a social platform where something was said: after "on", "via", "to" or
    "through" ("said on Twitter", "Follow him on Twitter", "took to Facebook"; guideline D8)."""
    before = sentence.text[max(0, start - sentence.start - 30) : start - sentence.start]
    return text.lower() in PLATFORMS and bool(_PLATFORM_BEFORE.search(before))


#: A compass word before a place's name, naming another place: "South America", "West Virginia", "Eastern Europe",
#: "the Middle West".
_REGION_BEFORE = re.compile(r"(?:^|[^\w-])(?:North|South|East|West|Central|Latin|Northern|Southern|Eastern|Western|Middle|Far|Near)\s+$")


#: After a target's form, what makes it part of a currency, an address or a longer name (see :func:`_starts_longer_name`).
_NUMBER_AFTER = re.compile(r"\$|\s+\d+(?:st|nd|rd|th)\b")
_CAPITALS_AFTER = re.compile(r"\s+[A-Z]{2,}\b")


def _starts_longer_name(sentence: Sentence, end: int) -> bool:
    """True when the words ending at ``end`` are part of a currency, an address or a longer name: a currency sign or an
    ordinal follows them ("US$ 20,000", "131 West 23rd Street"; not a score, "Sweden 1 - 0 Korea Republic"), or a word
    in capitals that names no other actor, in a sentence not written in capitals ("a USA TODAY analysis"; not "US EU
    talks", where the EU is another actor, nor a headline in capitals, "TRUMP SAYS")."""
    at = end - sentence.start
    if _NUMBER_AFTER.match(sentence.text, at):
        return True
    capitals = _CAPITALS_AFTER.match(sentence.text, at)
    if capitals is None:
        return False
    letters = [c for c in sentence.text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.6 * len(letters):  # a sentence written in capitals
        return False
    word = sentence.start + capitals.end() - len(capitals.group().strip())
    before = sentence.text[:at].split()[-1:]  # the name's last word: "USA" of "USA TODAY", linked to "USA TODAY" itself
    return not any(m.start == word and not set(before) & set(m.actor.split()) for m in sentence.mentions)


def _in_region(sentence: Sentence, start: int) -> bool:
    """True when the words at ``start`` follow a capitalised compass word that makes them another place's name
    ("America" in "South America", "Europe" in "Northern Europe"; not "the West" itself)."""
    return bool(_REGION_BEFORE.search(sentence.text[max(0, start - sentence.start - 12) : start - sentence.start]))


def _in_title(sentence: Sentence, end: int) -> bool:
    """True when a mention (ending at ``end``) is only part of the title of the person named right after it: "Senate
    Majority Leader Mitch McConnell", "FBI Director James Comey", "Clinton campaign chairman John
    Podesta", "Tunisia's coach Nabil Maaloul" (guideline D5: an entity named only in a person's title or
    affiliation is no mention), or of a description of one person without a name ("the GOP presidential
    nominee argued", "a top GOP contender": :data:`DESCRIPTION_TITLES`, D4)."""
    following = next((m for m in sentence.mentions if m.start >= end), None)
    if following is not None and following.actor_type == "person":
        words = sentence.text[end - sentence.start : following.start - sentence.start].split()
        if words and words[0] in ("'s", "’s"):  # "Tunisia's coach Nabil Maaloul"
            words = words[1:]
        if 1 <= len(words) <= 3 and all(_title_word(w) for w in words) and words[-1].lower() in TITLE_WORDS:
            return True
    after = re.match(r"(?:\s+[\w.'’-]+){1,3}", sentence.text[end - sentence.start :])  # words right after it, no punctuation between
    for word in after.group().split() if after else []:  # "The GOP presidential nominee argued"
        word = word if word.lower() in TITLE_WORDS else word.rstrip(".")  # "contender." ends the sentence
        if not _title_word(word):
            return False
        if word.lower() in DESCRIPTION_TITLES:
            return True
    return False


#: A legislator's or governor's title before a name: "Senator Ted Cruz of Texas".
_OFFICE_TITLE = re.compile(r"(?:^|\W)(?:Sen\.|Senator|Rep\.|Representative|Gov\.|Governor|Congressman|Congresswoman)\s+$")
#: What joins a person to the state they represent: " of ", ", a Republican representative from ", ", Republican of ".
_REPRESENTS = re.compile(r"\s*(?:,\s*(?:an?\s+|the\s+)?(?P<party>Republican|Democratic|Democrat|GOP)?[\w\s.-]{0,30}?\s*)?\b(?:of|from)\s+(?:the\s+state\s+of\s+)?")


def _in_affiliation(sentence: Sentence, start: int) -> bool:
    """True when a place's mention (starting at ``start``) names the state a legislator or governor named right before
    it represents: "Senator Ted Cruz of Texas", "Lamar Smith, a Republican representative from Texas", "Charles E.
    Grassley, Republican of Iowa" (guideline D5: an entity named only in a person's affiliation is no mention)."""
    place = any(m.start == start and m.actor_type in PLACE_TYPES for m in sentence.mentions)
    person = next((m for m in reversed(sentence.mentions) if m.end <= start), None)
    if not place or person is None or person.actor_type != "person":
        return False
    joined = _REPRESENTS.fullmatch(sentence.text[person.end - sentence.start : start - sentence.start])
    titled = _OFFICE_TITLE.search(sentence.text[max(0, person.start - sentence.start - 20) : person.start - sentence.start])
    return joined is not None and (titled is not None or joined.group("party") is not None)


def _title_word(word: str) -> bool:
    """A word of a title before a name: capitalised ("Majority", "Sen."), or a title or affiliation word."""
    return word.replace(".", "").replace("-", "").isalpha() and (word[:1].isupper() or word.lower() in TITLE_WORDS or word.lower() in AFFILIATION_WORDS)


def _leads(registry: Any, person: str, country: str | None, date: dt.date | None) -> bool:
    """True when ``person`` held one of :data:`LEADER_ROLES` of ``country`` on ``date`` (no date: holds it now)."""
    if country is None:
        return False
    for role in registry.roles(country=country, holder=person):
        if role.role in LEADER_ROLES and (role.active_on(date) if date is not None else role.end is None):
            return True
    return False


def _short_form(name: str, target: str, actor_type: str) -> bool:
    """True when ``name`` is a capitalised run of the words of ``target`` ("Patriot" of "Patriot
    Coal", "Scientology" of "Church of Scientology"), but not the head word alone where it says what kind of
    organisation the target is (:data:`ORGANISATION_KINDS`: "Coal" of "Patriot Coal", "Court" of "Supreme Court");
    for a person, the surname ("Oz" of "Mehmet Oz")."""
    words, whole = name.split(), target.split()
    if not words or not all(w[:1].isupper() for w in words) or len(words) >= len(whole):
        return False
    if actor_type == "person":
        return words == whole[-len(words):]
    head = _head_word(target)
    kind = head.casefold().rstrip(".") in ORGANISATION_KINDS
    return not (kind and words == [head]) and any(whole[i : i + len(words)] == words for i in range(len(whole) - len(words) + 1))


def _names_target(actor: str, target: Target) -> bool:
    """True when ``actor`` is ``target`` itself: its name or its registry actor (see :func:`_same_name`)."""
    return any(_same_name(actor, name) for name in (target.name, target.actor) if name)


def _same_name(a: str, b: str) -> bool:
    """True when two names are the same words, case folded and without a leading "the"."""
    return _bare(a) == _bare(b)


def _bare(name: str) -> str:
    words = name.casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)



def first_mention(text: str, target: Target) -> Span | None:
    """The span of the first whole-word, case-folded match of one of the target's forms in ``text``."""
    match = target.pattern().search(text)
    return (match.start(), match.end()) if match else None


def pairs_from_rows(rows: pd.DataFrame, registry: Any = "default") -> list[Pair]:
    """One :class:`Pair` per labelled row (the evaluation format), for training and evaluation.

    The mention is the row's ``target_start``/``target_end`` where it gives them (NewsMTSC);
    otherwise the first mention of the target's forms in the text (its registry aliases, as
    :func:`resolve_targets` gives them; ``registry="default"`` is the shipped registry, ``None``
    the target phrase alone), so that tweets about "Donald Trump" have "Trump" marked as the
    Analyzer marks the mentions it finds. A row without a target (tone) has no mention. The holder
    is the row's ``holder`` where the rows have one (news stance triples; ``author`` or empty: the
    author), else the author.
    """
    import pandas as pd

    if isinstance(registry, str) and registry == "default":
        registry = shipped_registry()
    starts = rows["target_start"] if "target_start" in rows else [None] * len(rows)
    ends = rows["target_end"] if "target_end" in rows else [None] * len(rows)
    holders = [_row_holder(h) for h in rows["holder"]] if "holder" in rows else [""] * len(rows)
    targets: dict[str, Target] = {}
    pairs = []
    for text, target, start, end, holder in zip(rows["text"], rows["target"], starts, ends, holders):
        text, target = str(text), "" if pd.isna(target) else str(target)
        if start is not None and end is not None and not (pd.isna(start) or pd.isna(end)):
            mention = (int(start), int(end))
        elif target.strip():
            if target not in targets:
                targets[target] = resolve_targets([target], registry)[0]
            mention = first_mention(text, targets[target])
        else:
            mention = None
        pairs.append(Pair(text, target, mention, holder))
    return pairs


def _row_holder(holder: Any) -> str:
    """A labelled row's holder as a :class:`Pair` holds it: ``""`` for the author (or no holder)."""
    import pandas as pd

    if holder is None or (not isinstance(holder, str) and pd.isna(holder)):
        return ""
    holder = str(holder).strip()
    return "" if holder.lower() == AUTHOR else holder


def predict_rows(scorer: Any, rows: pd.DataFrame) -> list[dict[str, float]]:
    """For each labelled row, ``{label: probability}`` from the head it asks for.

    The head follows the row's ``task`` and ``target`` (:func:`~stance.scoring.model.head_of`:
    a ``sentiment`` row without a target asks for the tone); the pair is built by
    :func:`pairs_from_rows`. Raises ``ValueError`` when the scorer lacks a head the rows need.
    """
    from stance.scoring.base import head_of

    heads = [head_of(task, "" if not isinstance(target, str) else target) for task, target in zip(rows["task"], rows["target"])]
    missing = sorted(set(heads) - set(scorer.tasks))
    if missing:
        raise ValueError(f"the scorer gives {list(scorer.tasks)}, but these rows need {missing}")
    pairs = pairs_from_rows(rows)
    result: list[dict[str, float]] = [{} for _ in heads]
    for head in dict.fromkeys(heads):
        index = [k for k, h in enumerate(heads) if h == head]
        for k, predicted in zip(index, scorer.predict([pairs[k] for k in index], tasks=(head,))):
            result[k] = predicted[head]
    return result


@functools.lru_cache(maxsize=1)
def shipped_registry() -> Any:
    from stance.actors import ActorRegistry

    return ActorRegistry.default()


def score_documents(
    documents: Sequence[Document],
    scorer: Any,
    targets: Sequence[Target] = (),
    *,
    registry: Any = None,
    implicit: bool = False,
    tone: bool = True,
    batch_size: int = 64,
) -> None:
    """Fill ``sentence.sentiment`` (tone; not with ``tone=False``) and ``sentence.stances`` of every scored sentence,
    in place.

    Scored are the sentences of :data:`SCORED_KINDS` that repeat no earlier one (``repeat_of`` is ``None``).
    """
    tasks = tuple(t for t in ("stance", "sentiment") if t in scorer.tasks)
    pairs: list[Pair] = []
    owners: list[tuple[Sentence, str, TargetMention | None]] = []
    tone_pairs: list[Pair] = []
    tone_owners: list[Sentence] = []
    holders: dict[tuple[int, str], str] = {}
    for document in documents:
        date = article_date(document) if targets else None
        introduced = {target.name: _introduced(document, target) for target in targets}
        named = [target for target in targets if introduced[target.name]]
        teams = _national_teams(document, targets, registry)
        playing = {team.actor for team in teams.values()} - {None}
        in_document = []
        for target in targets:
            if target.name in teams:
                in_document.append(teams[target.name])
            elif target.actor not in playing:  # a state that plays in this document is its team here (guideline T3)
                in_document.append(_with_description(document, _with_short_form(document, target), named, registry, date) if introduced[target.name] else target)
        for sentence in document.sentences:
            if sentence.kind not in SCORED_KINDS or sentence.repeat_of is not None:
                continue
            if tone and "tone" in scorer.tasks:
                tone_pairs.append(Pair(sentence.text))
                tone_owners.append(sentence)
            for target in in_document:
                found = target_mentions(sentence, target, registry, date, introduced=introduced[target.name])
                held = [m for m in found if not m.in_source]  # mentions in the holder's words, else the author's
                found = (held or found)[:MAX_MENTIONS]
                if not found and not implicit:
                    continue
                holder = holders[(id(sentence), target.name)] = pair_holder(sentence, target, found)
                for mention in found or [None]:
                    offsets = None if mention is None else (mention.span[0] - sentence.start, mention.span[1] - sentence.start)
                    pairs.append(Pair(sentence.text, target.name, offsets, "" if holder == AUTHOR else holder))
                    owners.append((sentence, target.name, mention))
    if tone_pairs:
        for sentence, probabilities in zip(tone_owners, scorer.predict(tone_pairs, tasks=("tone",), batch_size=batch_size)):
            sentence.sentiment = _score(probabilities["tone"])
    if not pairs or not tasks:
        return
    grouped: dict[tuple[int, str], list[tuple[TargetMention | None, dict[str, dict[str, float]]]]] = {}
    sentences: dict[int, Sentence] = {}
    for (sentence, name, mention), result in zip(owners, scorer.predict(pairs, tasks=tasks, batch_size=batch_size)):
        grouped.setdefault((id(sentence), name), []).append((mention, result))
        sentences[id(sentence)] = sentence
    for (key, name), results in grouped.items():
        mean = {task: _mean([r[task] for _, r in results]) for task in tasks}
        stance = mean.get("stance")
        found = [mention for mention, _ in results if mention is not None]
        sentences[key].stances[name] = Stance(
            label=max(stance, key=stance.get) if stance else "",
            probabilities=stance or {},
            score=signed_score(stance, low="against", high="favor") if stance else 0.0,
            mentions=[m.span for m in found],
            sentiment=_score(mean["sentiment"]) if "sentiment" in mean else None,
            mention_texts=[m.text for m in found],
            matches=[m.match for m in found],
            holder=holders[(key, name)],
        )


def pair_holder(sentence: Sentence, target: Target, mentions: Sequence[TargetMention] = ()) -> str:
    """Who holds a sentence's stance toward ``target``, scored at ``mentions``: the author where they all lie
    inside the holder's own description (see :func:`target_mentions`) but not in a named person's own title or
    affiliation (:func:`_in_holders_affiliation`) nor in the name of the target's followers (:func:`_followers_of`:
    "Sanders supporters are crying fraud" is theirs toward Bernie Sanders), or where the sentence's holder is the
    target itself and found by other means than a speech or attitude verb or quotation (:data:`SPEAKING_METHODS`):
    a deed's subject or the model's source is not its own holder ("Patriot took over the mines", "Mexico's
    prosperity depends on ..." narrate the target), while a speaker naming its own side keeps it (guideline
    rules 5 and 10: "The Kremlin accused the West of trying to isolate Russia"), or where the holder is reached
    through a relative pronoun and every mention comes before it (:func:`_before_relative_source`); else the
    sentence's holder.
    Without ``mentions`` (an implicit pair, or a pair the evaluation asks about that was not found), a holder who is
    the target is never its own holder: the sentence names the target only as its holder, so the author holds."""
    holder = holder_of(sentence)
    if mentions and all(m.in_source for m in mentions) and not _in_holders_affiliation(sentence, mentions) and not _followers_of(holder, target):
        return AUTHOR
    if holder != AUTHOR and mentions and _before_relative_source(sentence, mentions):
        return AUTHOR
    if holder != AUTHOR and _names_target(holder, target) and (not mentions or sentence.attribution.method not in SPEAKING_METHODS):
        return AUTHOR
    return holder


def _before_relative_source(sentence: Sentence, mentions: Sequence[TargetMention]) -> bool:
    """True when the sentence's source opens a relative clause ("who", "which", "that", "many of whom": its holder
    is the noun before it) and every mention of the target comes before that source: the clause's speaker holds
    what the clause says, and the main clause before it is the author's narration ("... a ceremony featuring John
    Lewis, Oprah Winfrey ... and Stevie Wonder, who joked ..." holds no view of Oprah Winfrey for Stevie Wonder)."""
    source = sentence.attribution.source
    words = (sentence.attribution.source_text or "").lower().split()
    relative = bool(words) and (words[0] in RELATIVE_PRONOUNS or words[-1] in ("whom", "which"))
    return relative and source is not None and all(m.span[1] <= source[0] for m in mentions)


#: What joins two names as one group of holders ("Obama and Clinton").
_JOINED = re.compile(r"\W*(?:and|&|or)\b", re.IGNORECASE)
#: A relative clause on the holder, which says something of the holder rather than naming an affiliation.
_RELATIVE = re.compile(r"\b(?:who|whose|whom)\b", re.IGNORECASE)


def _followers_of(holder: str, target: Target) -> bool:
    """True when ``holder`` is the group a person's people form, named after ``target`` ("Sanders supporters", "Clinton
    allies" toward Bernie Sanders, Hillary Clinton; the attribution names "Supporters of Bernie Sanders" so too): the
    group holds its view of the person its name describes, as annotated, where another description of a group ("A
    lawyer for Donald Trump") leaves the pair to the author."""
    words, names = holder.split(), [w for w in target.name.split() if w not in ("Jr.", "Sr.")]
    return len(words) == 2 and len(names) > 1 and words[0] == names[-1] and words[1] in FOLLOWER_NOUNS


def _in_holders_affiliation(sentence: Sentence, mentions: Sequence[TargetMention]) -> bool:
    """True when the holder is a person named in the attribution source and ``mentions`` lie there outside the name:
    the person's title or affiliation ("Michael Mulgrew, president of the United Federation of Teachers, said";
    "Labour's Shadow Home Secretary Yvette Cooper said"), which the person holds a view toward, as annotated; a
    group described by the target ("Supporters of Donald Trump say") is no person, a person joined to the holder
    ("Obama and Clinton continue to ignore ...", "Hillary Clinton and former Maryland Gov. Martin O'Malley") no
    affiliation, and one named in a relative clause on the holder
    ("Don Fowler, who helmed the DNC during Bill Clinton's presidency") the author's."""
    attribution = sentence.attribution
    if attribution is None or attribution.actor_type != "person" or attribution.source is None:
        return False
    start, end = attribution.source
    names = [(m.start, m.end) for m in sentence.mentions if m.actor == attribution.actor and start <= m.start and m.end <= end]
    if not names:
        return False
    for mention in mentions:
        if any(overlaps(mention.span, name) for name in names):
            return False
        name = min(names, key=lambda span: abs(span[0] - mention.span[0]))
        between = sentence.text[min(name[1], mention.span[1]) - sentence.start : max(name[0], mention.span[0]) - sentence.start]
        if _JOINED.match(between) or _RELATIVE.search(between):
            return False
    return True


def _introduced(document: Document, target: Target) -> bool:
    """True when ``document`` names ``target`` in full: one of its forms (one of three words or more in any case), or
    an actor mention named as it."""
    if news_pattern(target, acronyms=False).search(document.text):
        return True
    long_forms = tuple(form for form in target.forms if len(form.split()) >= 3)
    if long_forms and _pattern(long_forms, ()).search(document.text):
        return True  # a name of three words or more is the name in any case ("the church of Scientology")
    return any(_same_name(m.actor, target.name) for sentence in document.sentences for m in sentence.mentions)


def _with_short_form(document: Document, target: Target) -> Target:
    """``target`` with the short name ``document`` uses for it as a form written as is, where the registry does not
    know the target: a person's surname ("Oz" after "Mehmet Oz", even where the entity recogniser misses the name;
    issue 17: a surname alone names the person the article introduced), and a run of an organisation's name that the
    entity recogniser finds as an organisation at least once and the article never writes in lower case ("Scientology"
    for the Church of Scientology, where it finds only some of them; not "Teachers" of a teachers' union:
    :func:`_short_form`)."""
    words = target.name.split()
    if target.actor is not None or len(words) < 2 or not all(word[:1].isupper() or word in _FUNCTION_WORDS for word in words):
        return target
    surname = words[-1]
    mentions = [m for sentence in document.sentences for m in sentence.mentions]
    as_person = all(word[:1].isupper() for word in words) and any(
        m.actor_type == "person" and (_same_name(m.actor, target.name) or without_possessive(m.text) in (target.name, surname))
        for m in mentions
    )
    if as_person:
        return dataclasses.replace(target, exact_forms=(*target.exact_forms, surname))
    short = sorted({
        name for m in mentions if m.method == "ner" and m.actor_type == "organisation"
        for name in [without_possessive(m.text)]
        if _short_form(name, target.name, "organisation") and not re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", document.text)
    })
    return dataclasses.replace(target, exact_forms=(*target.exact_forms, *short)) if short else target


#: A national sports team's canonical name (guideline T3): "Sweden national football team".
_NATIONAL_TEAM = re.compile(r"^(?P<state>.+?) national (?P<sport>[\w -]+?) team$", re.IGNORECASE)


def _national_teams(document: Document, targets: Sequence[Target], registry: Any) -> dict[str, Target]:
    """The targets that name a national team ("Sweden national football team"), in a ``document`` about the team's
    sport (it names the sport: "football"), each as the state itself under the team's name: there "Sweden" and "the
    Swedes" name the team, not the state (guideline T3), and the state's own target is not scored in the document
    (see :func:`score_documents`). A team of a nation the registry does not know as a state is named by the nation's
    name as written ("England" for the England national football team)."""
    teams = {}
    for target in targets:
        found = _NATIONAL_TEAM.match(target.name)
        if found is None or registry is None or not re.search(rf"(?i)\b{re.escape(found['sport'])}\b", document.text):
            continue
        state = registry.lookup(found["state"])
        if state is not None and state.type != "country":
            continue
        (country,) = resolve_targets([state.name if state is not None else found["state"]], registry)
        teams[target.name] = dataclasses.replace(country, name=target.name, forms=(*country.forms, target.name))
    return teams


def description_head(name: str) -> str | None:
    """The head noun of a name when it is one of :data:`DESCRIPTION_HEADS`, case folded: the last word before
    "of", "for" or "in", else the last word ("museum" in "National Museum of African American History and
    Culture", "team" in "Afghan robotics team"); None for other names ("Patriot Coal", "Donald Trump")."""
    head = _head_word(name).casefold()
    return head if head in DESCRIPTION_HEADS else None


def _head_word(name: str) -> str:
    """The last word of ``name`` before "of", "for" or "in", else its last word, as written ("Museum" in "National
    Museum of African American History and Culture", "Coal" in "Patriot Coal"); "" for an empty name."""
    words = re.split(r"\s+(?:of|for|in)\s+", name.strip(), maxsplit=1)[0].split()
    return words[-1] if words else ""


def _with_description(document: Document, target: Target, targets: Sequence[Target], registry: Any = None, date: dt.date | None = None) -> Target:
    """``target`` with the definite description that names it in ``document`` (guideline D4: "the museum",
    "this museum", "the appeals court" after the National Museum ... and the U.S. Court of Appeals ...): "the",
    "this" or "that", at most two words of the target's own name, and its head noun (:func:`description_head`),
    not followed by "of" or a capitalised word ("the court of public opinion", "the Senate Armed Services
    Committee"), from the document's first mention of the target (:func:`target_mentions`) on. ``target`` unchanged (no
    description) for a name of one word besides function words (its description is its name). Where another
    target the document names in full or another actor it names has the same head, the description must hold a word
    of the target's name that tells it from them, after at most three other words ("the Afghan team", "the six-member
    Afghan team" beside the Estonian robotics team; "the team" in an article about two teams is no one's
    description, nor "the court" after "New York Supreme Court" of the Supreme Court); a
    mention of the target in part of its words is no other actor (:func:`_same_thing`)."""
    head = description_head(target.name)
    if head is None or len(set(_words(target.name)) - _FUNCTION_WORDS) < 2:
        return target
    rivals = [other.name for other in targets if other.name != target.name and description_head(other.name) == head]
    rivals += [m.actor for sentence in document.sentences for m in sentence.mentions if description_head(m.actor) == head and not _same_thing(m.actor, target)]
    modifiers = sorted(set(_words(target.name)) - _FUNCTION_WORDS - {head}, key=len, reverse=True)
    distinct = [word for word in modifiers if not any(word in _words(rival) for rival in rivals)]
    if rivals and not distinct:
        return target
    first = next((sentence for sentence in document.sentences if target_mentions(sentence, target, registry, date)), None)
    if first is None:
        return target
    modifier = f"(?:(?:{'|'.join(map(re.escape, modifiers))})\\s+){{0,2}}" if modifiers else ""
    if rivals:  # "the Afghan team" among other teams: a word that tells it from them, after at most three others
        modifier = f"(?:[\\w-]+\\s+){{0,3}}?(?:{'|'.join(map(re.escape, distinct))})\\s+(?:(?:{'|'.join(map(re.escape, modifiers))})\\s+)?"
    pattern = re.compile(rf"(?<!\w)(?:the|this|that)\s+{modifier}{re.escape(head)}(?!\w)(?!\s+of\b)(?!\s+(?-i:[A-Z]))", re.IGNORECASE)
    return dataclasses.replace(target, description=pattern, described_from=first.start)


def _describes(mention: Mention, target: Target) -> bool:
    """True for an actor mention that a description of ``target`` may cover: the entity recogniser's span of a
    part of the target's name that is not the name itself ("the Court" for the Supreme Court of Cassation; not
    "the Supreme Court", which is a name and matches, or not, as one)."""
    return mention.actor != target.actor and _same_thing(mention.actor, target) and not _same_name(without_possessive(mention.text), target.name)


def _same_thing(actor: str, target: Target) -> bool:
    """True when an actor's name is the target's registry actor or names the target in part of its words, case
    folded, hyphens split ("the U.S. Court of Appeals" and "the Court" for "U.S. Court of Appeals for the District of
    Columbia Circuit", "the African-American Museum" for "National Museum of African American History and Culture")."""
    return actor == target.actor or set(_words(actor)) <= set(_words(target.name))


def _words(name: str) -> list[str]:
    return [word for word in re.split(r"[\s-]+", name.casefold()) if word and word != "the"]


def _mean(distributions: list[dict[str, float]]) -> dict[str, float]:
    """The label-wise mean of probability distributions, rounded to 6 decimals."""
    return {label: round(sum(d[label] for d in distributions) / len(distributions), 6) for label in distributions[0]}


def _score(probabilities: dict[str, float]) -> Score:
    """A :class:`~stance.records.Score` from label probabilities (the label is the most probable)."""
    probabilities = {label: round(p, 6) for label, p in probabilities.items()}
    return Score(label=max(probabilities, key=probabilities.get), probabilities=probabilities)


def load_scorer(scorer: Any, *, preset: str = "fast", device: str = "cpu", precision: str = "auto", backend: str = "auto", threads: int | None = None) -> Any:
    """The scorer ``scorer`` names: ``"default"`` (the shipped model of ``preset``), a saved model folder, or a scorer object.

    ``preset`` picks the shipped model ``"default"`` means: ``"fast"`` (all-MiniLM-L6-v2) or
    ``"accurate"`` (all-mpnet-base-v2 with LoRA adapters; slower, needs its encoder installed).
    A folder saved by :func:`stance.train` loads as a :class:`~stance.scoring.model.ScoringModel`;
    any other folder or a Hugging Face model name loads as a stance classifier through
    :meth:`stance.scoring.hub.ClassifierScorer.load` (build a ``ClassifierScorer`` or
    ``NLIScorer`` yourself to set its task, label map or templates). Objects with ``tasks`` and
    ``predict`` are used as they are. ``device``, ``precision``, ``backend`` and ``threads`` are
    :meth:`~stance.scoring.model.ScoringModel.load`'s (a Hugging Face classifier runs on torch).
    """
    import json
    from pathlib import Path

    from stance.scoring.model import CONFIG_FILE, FORMAT, PRESETS, ScoringModel

    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {list(PRESETS)}")
    if preset != "fast" and not (isinstance(scorer, str) and scorer == "default"):
        raise ValueError(f"preset={preset!r} chooses the shipped scorer, but scorer={scorer!r} was given too; pass one of them")
    if hasattr(scorer, "predict") and hasattr(scorer, "tasks"):
        return scorer
    if isinstance(scorer, str) and scorer == "default":
        return ScoringModel.load(PRESETS[preset], device=device, precision=precision, backend=backend, threads=threads)
    if not isinstance(scorer, (str, Path)):
        raise TypeError(f"scorer must be 'default', a model folder or name, a scorer object or None; got {type(scorer).__name__}")
    config_file = Path(scorer) / CONFIG_FILE
    if config_file.is_file():
        try:
            ours = json.loads(config_file.read_text(encoding="utf-8")).get("format") == FORMAT
        except (ValueError, AttributeError):  # not JSON, or not an object: not ours, let the loader say why
            ours = False
        if ours:
            return ScoringModel.load(config_file.parent, device=device, precision=precision, backend=backend, threads=threads)
    from stance.scoring.hub import ClassifierScorer

    return ClassifierScorer.load(str(scorer), task="stance", device=device)


__all__ = ["MATCHES", "SCORED_KINDS", "Target", "TargetMention", "check_expand", "check_targets", "first_mention", "load_scorer", "pairs_from_rows", "predict_rows", "resolve_targets", "score_documents", "target_mentions"]
