"""Actor mentions: find who is named in each sentence and link each name to one actor.

Two sources of mentions, merged with the longest span winning where they overlap:

* the actor registry (:mod:`stance.actors`): every token n-gram that is a known alias ("the
  Kremlin", "Putin", "the U.S.", "NATO", "Kyiv") links to its registry actor (``method="alias"``);
* spaCy's named entities: a PERSON, ORG or GPE entity the registry does not know becomes a new
  actor named by the longest mention of it in the document, so that "Marsh" after "Elena Marsh"
  links to "Elena Marsh" (``method="ner"``).

Role phrases are mentions of the person holding the office on the article date (``method="role"``):
"the Democratic nominee", "the Russian president", and a bare "the president" after the article has
named one (:func:`_add_roles`).

A definite description of an organisation named before it is a mention of it (``method="description"``):
"the party" after "Republicans", "the foundation" after "the Clinton Foundation" (:func:`_add_descriptions`).

Nationality words ("Russian", "Chinese") are kept as ``demonym`` mentions of their country;
attribution uses them to resolve role phrases ("the Russian president"), not as holders.
"""

from __future__ import annotations

import re
from typing import Any

from stance.actors import ActorRegistry
from stance.actors.records import GOVERNMENT_ADJECTIVES
from stance.attribution.rules import ANTECEDENT_WINDOW, PERSON_TITLES, article_date, as_name, is_actor_mention, title_case
from stance.records import Document, Mention, Span, overlaps

#: spaCy entity labels kept as actors when the registry does not know them, and their actor type.
NER_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}
MAX_ALIAS_TOKENS = 6
#: Head nouns of institutions and groups: after "the" or "this" they name the one of that kind an article has named in
#: full (:func:`stance.scoring.targets.description_head`); closing an entity, they make it an organisation's name.
DESCRIPTION_HEADS = frozenset(
    """agency alliance army assembly association authority bank board bureau campaign church club coalition college
    commission committee company corporation council court department federation foundation government group hospital
    institute league magazine military ministry movement museum navy network newspaper office organisation organization
    parliament party regime school senate service society team tribunal union university""".split()
)
#: Honorifics before a bare title that address its holder: "Mr. President", "Madam Secretary".
ADDRESS_HONORIFICS = frozenset(("mr.", "mr", "madam", "madame"))
#: Nouns of a role phrase that name the holder of the office of the person named before it in another state.
COUNTERPART_WORDS = frozenset({"counterpart"})
#: Plurals of a party's members and officials: with the party's adjective they name the party.
PARTY_MEMBERS = frozenset(
    """lawmakers legislators senators congressmen congresswomen representatives members leaders officials
    operatives strategists governors delegates superdelegates candidates activists elites voters nominees politicians""".split()
)
#: A party's bodies named by a collective noun: "the Republican establishment", "the Democratic leadership".
PARTY_BODIES = frozenset("establishment leadership elite base".split())
#: Words between a party's adjective and its voters: "Democratic registered voters", "Republican primary voters".
VOTER_KINDS = frozenset("registered primary likely".split())
#: Party adjectives that are also plain words, capitalised at a sentence's start ("Conservative lawmakers in Texas").
COMMON_PARTY_WORDS = frozenset("conservative liberal green progressive social national".split())
#: Actor types that a definite description ("the party", "the foundation") can name.
DESCRIBED_TYPES = ("organisation", "media", "bloc")
#: Nouns that, after "the", name the government of the state most named so far ("the government", "the administration").
GOVERNMENT_WORDS = ("government", "administration")
#: The states whose government news calls "the administration" (elsewhere it is "the government").
ADMINISTRATION_STATES = ("United States",)
#: Words that make an organisation named after a country part of its government.
STATE_INSTITUTIONS = frozenset("department ministry government administration embassy army military navy".split())


def find_mentions(document: Document, parses: dict[int, Any], registry: ActorRegistry) -> None:
    """Fill ``sentence.mentions`` for every parsed sentence of ``document`` (in place)."""
    found: dict[int, list[Mention]] = {}
    headlines = {index for index, parsed in parses.items() if title_case(parsed.text)}
    for index, parsed in parses.items():
        offset = document.sentences[index].start
        aliases, entities = _alias_mentions(parsed, offset, registry), _entity_mentions(parsed, offset, registry)
        if index in headlines:  # "Obama Power Plant Rules Face Key Test": the registry's name, not the run-on entity
            entities = [e for e in entities if not (_run_on(e, document) and any(a.start == e.start and a.end < e.end for a in aliases))]
        found[index] = _merge(aliases + entities)
    _add_surnames(found, parses, document, headlines)
    all_mentions = [m for mentions in found.values() for m in mentions]
    names = _longest_names(m for m in _body_mentions(found, document, headlines) if m.method == "ner")
    for index in headlines:
        found[index] = [_cut_run_on(m, names, document) for m in found[index]]
    known_people = sorted({m.actor for m in all_mentions if m.method == "alias" and m.actor_type == "person"})
    for index, mentions in found.items():
        for mention in mentions:
            if mention.method == "ner":
                mention.actor = names.get((mention.actor_type, mention.actor), mention.actor)
                _link_to_known(mention, known_people, registry)
        document.sentences[index].mentions = mentions
    _resolve_people(document, [m for index in sorted(found) for m in found[index]], registry)
    _add_roles(document, parses, registry)
    _add_descriptions(document, parses, registry)


def _resolve_people(document: Document, mentions: list[Mention], registry: ActorRegistry) -> None:
    """Link each short name of a person to the person the article has introduced (in place).

    A surname alone, a first name alone or "Mr./Mrs./Ms. X" ("Clinton", "Mrs. Clinton",
    "Hillary") names a person introduced before it by a full mention whose surname (or first
    name, without a title) it is and whose gender fits the title; where several fit, the first
    of them the article introduced: news names its protagonist by the bare surname and writes
    the others in full ("Bill Clinton set his wife's expectations ... Clinton's advantage" in an
    article about Hillary Clinton; in each of the 13 news stance train articles where two people
    introduced in full share a surname the registry leaves open and a bare surname is labelled, the
    annotators read it as the first introduced). A name the registry gives one person (its explicit
    alias: "Trump", "Obama") names the first person the registry knows whom the article introduced
    before it, else that person ("Ivanka Trump ... Trump told Vogue" is Ivanka Trump; an entity run
    into a name, "Derelict Obama", introduces nobody). Failing these, the first such person introduced
    after it (a headline before the lede), then the one person the registry knows by that name. A
    short name none of these settles is named by its own words ("Mrs. Trump" is not Donald Trump).
    """
    people = [m for m in mentions if m.actor_type == "person"]
    full = [(m.start, m.actor) for m in people if not _is_short(m)]
    for mention in people:
        if not _is_short(mention):
            continue
        title, title_start = _title_before(document.text, mention.start)
        word = as_name(without_possessive(mention.text).split()[-1])  # a transcript's "WALLACE" is the Wallace introduced
        gender = _gender_near(document.text, mention, title)
        explicit = registry.lookup(word)
        if explicit is None or explicit.type != "person" or gender not in (explicit.gender, None):
            explicit = None

        def fits(name: str) -> bool:
            words = [w for w in name.split() if w not in ("Jr.", "Sr.")]
            named = words[-1] == word or (title is None and words[0] == word)
            return named and (gender is None or name not in registry or registry.get(name).gender in (gender, None))

        before = [name for start, name in full if start < mention.start and fits(name)]
        after = [name for start, name in full if start > mention.start and fits(name)]
        if explicit is not None:  # gives way to a person the registry knows, not to a run-on entity ("Derelict Obama")
            known = [name for name in before if name in registry]
            choice = known[0] if known else explicit.name
        else:
            choice = before[0] if before else after[0] if after else None
        if choice is None:
            candidates = [p for p in registry.people_named(word) if gender is None or p.gender in (gender, None)]
            if len(candidates) == 1:
                choice = candidates[0].name
        if choice is not None:
            mention.actor, mention.method = choice, "alias" if choice in registry else "ner"
        elif gender is not None and mention.actor in registry and registry.get(mention.actor).gender not in (gender, None):
            mention.actor, mention.method = document.text[title_start : mention.end], "ner"
        elif mention.actor.isupper():  # a transcript's label for someone the article never introduces: "WALLACE" is Wallace
            mention.actor = as_name(mention.actor)


def _add_roles(document: Document, parses: dict[int, Any], registry: ActorRegistry) -> None:
    """Add a mention for each role phrase that names a person on the article date (in place).

    A phrase the registry resolves by itself names its holder ("the Democratic nominee", "the
    Russian president", "the head of the Kremlin"); a bare title ("the president", "the nominee")
    names the last person the article has named before it who held an office of that title on the
    date, and nobody where there is none (issue 17: role epithets resolve to the person the article
    introduced). A phrase that overlaps another actor's mention ("President Obama", "Russia's foreign
    minister") is left as it is; a demonym or place inside the phrase gives way to it ("the Vermont senator"), and so
    does a party or body where the registry resolves the phrase itself ("the GOP nominee").
    """
    date = article_date(document)
    words = registry.office_words() | COUNTERPART_WORDS
    people: list[tuple[int, str]] = []  # (start, actor) of the person mentions so far, in text order
    for index in sorted(parses):
        parsed, sentence = parses[index], document.sentences[index]
        added = []
        for token in parsed:
            if token.lower_ not in words or token.pos_ not in ("NOUN", "PROPN") and token.lower_ not in COUNTERPART_WORDS or token.dep_ == "compound":
                continue
            mention = _role_mention(parsed, token, sentence.start, sentence.mentions, registry, date, people)
            if mention is not None:
                added.append(mention)
        known = sorted([(m.start, m.actor) for m in sentence.mentions if m.actor_type == "person"] + [(m.start, m.actor) for m in added])
        people.extend(known)
        if added:
            covered = [m for m in sentence.mentions if any(overlaps((m.start, m.end), (a.start, a.end)) for a in added)]
            sentence.mentions = sorted([m for m in sentence.mentions if m not in covered] + added, key=lambda m: m.start)


def _role_mention(parsed: Any, token: Any, offset: int, mentions: list[Mention], registry: ActorRegistry, date: Any,
                  people: list[tuple[int, str]]) -> Mention | None:
    """The mention of the role phrase headed by ``token`` (see :func:`_add_roles`), or None. The phrase starts
    past a leading conjunction or adverb ("neither the president nor Congress", "and frankly the president").
    A title after "Mr." or "Madam" addresses its holder: the last person named who held it, other than anyone the
    sentence names ('"We are waiting for you, dear Mr. President," Putin said' after Putin and Xi: Xi)."""
    if token.i > 0 and parsed[token.i - 1].lower_ in ADDRESS_HONORIFICS and token.text[:1].isupper():
        start, end = parsed[token.i - 1].idx, token.idx + len(token.text)
        named_here = {m.actor for m in mentions if m.actor_type == "person"}
        addressed = [actor for actor in _named_before(offset + start, people, mentions) if actor not in named_here]
        person = _title_holder(addressed, token.lower_, registry, date)
        if person is None or any(overlaps((m.start, m.end), (offset + start, offset + end)) for m in mentions):
            return None
        return Mention(offset + start, offset + end, parsed.text[start:end], person.name, person.type, "role")
    first = token.left_edge
    while first.i < token.i and first.dep_ in ("preconj", "cc", "advmod", "punct"):
        first = first.nbor()
    if first.lower_ not in ("the", "this") and first.dep_ != "poss":
        return None
    end = token.idx + len(token.text)
    complement = [child for child in token.rights if child.dep_ == "prep" and child.lower_ == "of"]
    if complement:  # "the president of Russia": that phrase or nothing ("the president of the company")
        last = complement[0].right_edge
        end = last.idx + len(last.text)
    start = first.idx
    text = parsed.text[start:end]
    phrase = (offset + start, offset + end)
    overlapping = [m for m in mentions if is_actor_mention(m) and overlaps((m.start, m.end), phrase)]
    if overlapping and not _bodies_inside(overlapping, phrase):
        return None
    person = registry.resolve_role_phrase(text, on=date)
    if overlapping and person is None:  # only the registry's own reading of the phrase outranks the body named in it
        return None
    earlier = _named_before(offset + start, people, mentions)
    if person is None and token.lower_ in COUNTERPART_WORDS and earlier:  # "Putin expressed to his Chinese counterpart"
        person = registry.counterpart(text, earlier[-1], date)
    if person is None and not complement and first.lower_ in ("the", "this"):
        title = text.split(" ", 1)[1] if " " in text else ""
        person = _title_holder(earlier, title, registry, date) if title else None
    if person is None or person.type != "person":
        return None
    return Mention(offset + start, offset + end, text, person.name, person.type, "role")


def _bodies_inside(mentions: list[Mention], phrase: Span) -> bool:
    """True when every one of ``mentions`` is an organisation or bloc inside the role ``phrase``: the party or body in
    a title ("the GOP nominee", "the presumptive GOP nominee") gives way to the person the phrase names (guideline D5:
    an entity named only in a person's title is no mention of it); a state there keeps its mention ("the U.S. president")."""
    return all(m.actor_type in ("organisation", "bloc") and phrase[0] <= m.start and m.end <= phrase[1] for m in mentions)


def _named_before(position: int, people: list[tuple[int, str]], mentions: list[Mention]) -> list[str]:
    """The people named before ``position``, in text order: earlier sentences' (``people``), then this one's."""
    return [actor for at, actor in people if at < position] + [m.actor for m in mentions if m.actor_type == "person" and m.end <= position]


def _add_descriptions(document: Document, parses: dict[int, Any], registry: ActorRegistry) -> None:
    """Add a mention for each "the <noun>" that names the organisation last named before it whose name
    ends in that noun, within :data:`~stance.attribution.rules.ANTECEDENT_WINDOW` characters (in place).

    "the party" after "the Republican Party" or "Republicans", "the committee" after "the Democratic
    National Committee", "the foundation" after "the Clinton Foundation": guideline rule 11, a
    description that identifies the target beyond doubt. Likewise "the government" and "the federal
    government" name the government of the state the document has named most often so far, itself or
    through a member of its government (the latest of those tied): "the government" in a report on the
    United Kingdom's asylum rules that lists the applicants' states is still the United Kingdom's. "The administration" names only the United
    States government (:data:`ADMINISTRATION_STATES`; in US domestic politics it is then the president,
    guideline D2), never that of the state named last ("Burma ... the administration" in Washington news).
    "his own party", "a party" and "the party leaders" (the noun as a modifier) name nobody here; a noun
    that no organisation named so far ends in ("the company") neither.
    """
    last: dict[str, Mention] = {}  # a name's last word -> the latest mention of an organisation with that name
    governments: dict[str, list[Mention]] = {}  # a government -> the mentions of its state so far, in order
    for index in sorted(parses):
        parsed, sentence = parses[index], document.sentences[index]
        events = sorted([(m.start, m) for m in sentence.mentions] + [(sentence.start + t.idx, t) for t in parsed], key=lambda e: e[0])
        added = []
        for start, item in events:
            if isinstance(item, Mention):
                last.update(_described_by(item, registry))
                government = _government_of(item, registry)
                if government is not None:
                    governments.setdefault(government.actor, []).append(government)
                continue
            antecedent = _salient_government(governments, item.lower_, registry) if item.lower_ in GOVERNMENT_WORDS else last.get(item.lower_)
            determiner = item.i - 1 - (item.i > 1 and item.lower_ in GOVERNMENT_WORDS and parsed[item.i - 1].lower_ in GOVERNMENT_ADJECTIVES)
            if (antecedent is None or item.pos_ != "NOUN" or item.dep_ == "compound" or determiner < 0
                    or parsed[determiner].lower_ != "the" or start - antecedent.end > ANTECEDENT_WINDOW):
                continue
            first = sentence.start + parsed[determiner].idx
            end = start + len(item.text)
            if not any(overlaps((m.start, m.end), (first, end)) for m in sentence.mentions):
                added.append(Mention(first, end, document.text[first:end], antecedent.actor, antecedent.actor_type, "description"))
        if added:
            sentence.mentions = sorted(sentence.mentions + added, key=lambda m: m.start)


def _described_by(mention: Mention, registry: ActorRegistry) -> dict[str, Mention]:
    """The nouns of the descriptions that can name ``mention``'s organisation later: the last word of its name and
    of each of its registry aliases, where it is capitalised as a name's head is ("the fund" after "the IMF", the
    International Monetary Fund; see :func:`_add_descriptions`). A group phrase's common noun describes nothing:
    "the world" is not the West for its alias "the Western world", nor "the countries" for "Western countries"."""
    if mention.actor_type not in DESCRIBED_TYPES:
        return {}
    names = [mention.actor, *(registry.get(mention.actor).aliases if mention.actor in registry else ())]
    return {name.split()[-1].lower(): mention for name in names if len(name.split()) > 1 and name.split()[-1][:1].isupper()}


def _government_of(mention: Mention, registry: ActorRegistry) -> Mention | None:
    """``mention`` as a mention of a state's government, where it names a state, a government or a member of a
    government ("Sunak" for the United Kingdom's) that the registry knows."""
    actor = registry.get(mention.actor) if mention.actor in registry else None
    if actor is None or actor.type not in ("country", "government", "person"):
        return None
    if actor.type == "person":  # a member of a government, not any citizen
        government = next((registry.get(p) for p in actor.parents if p in registry and registry.get(p).type == "government"), None)
    else:
        government = registry.government_of(actor.name)
    if government is None:
        return None
    return Mention(mention.start, mention.end, mention.text, government.name, government.type, mention.method)


def _salient_government(governments: dict[str, list[Mention]], word: str, registry: ActorRegistry) -> Mention | None:
    """The latest mention of the government a document has named most often so far (of those tied, the one
    named last) that ``word`` ("government", "administration") can describe; None where there is none."""
    allowed = {name: mentions for name, mentions in governments.items()
               if word != "administration" or set(registry.get(name).parents) & set(ADMINISTRATION_STATES)}
    if not allowed:
        return None
    return max(allowed.values(), key=lambda mentions: (len(mentions), mentions[-1].start))[-1]


def _title_holder(earlier: list[str], title: str, registry: ActorRegistry, date: Any) -> Any | None:
    """The last of the people named ``earlier`` whom the registry knows to have held an office called
    ``title`` on ``date``, or for "former <title>" to have left it before then ("the former president" after Bill
    Clinton). People it does not know are passed over: mostly aides and commentators ("Mr. Deese expected that the
    president ..."), though now and then a candidate it lacks."""
    former = re.match(r"(?:former|ex-)\s*(\S.*)", title)
    name = next((actor for actor in reversed(earlier) if actor in registry and (
        registry.held_title(actor, former.group(1), date) if former else registry.holds_title(actor, title, date))), None)
    return registry.get(name) if name is not None else None


#: Titles before a name that say the person's gender.
_TITLE = re.compile(r"(?:^|\W)(Mr|Mrs|Ms|Miss)\.?\s+$")


def _title_before(text: str, start: int) -> tuple[str | None, int]:
    """The gendered title ("mr", "mrs", "ms", "miss") written just before ``start`` and where it
    begins, or ``(None, start)``."""
    window = max(0, start - 6)
    match = _TITLE.search(text[window:start])
    return (match.group(1).lower(), window + match.start(1)) if match else (None, start)


_PRONOUN_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(she|her|hers|herself|he|him|his|himself)\b", re.IGNORECASE)


def _gender_near(text: str, mention: Mention, title: str | None) -> str | None:
    """The gender a title says ("Mrs." -> female), else a pronoun within the next three words
    ("Clinton and her aides"), else None."""
    if title is not None:
        return "male" if title == "mr" else "female"
    match = _PRONOUN_AFTER.match(text[mention.end : mention.end + 40])
    if match is None:
        return None
    return "female" if match.group(1).lower() in ("she", "her", "hers", "herself") else "male"


def without_possessive(text: str) -> str:
    """``text`` without a final possessive "'s" ("Oz's" -> "Oz")."""
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _is_short(mention: Mention) -> bool:
    """True for a one-word name ("Clinton"; a title before it is not part of the mention)."""
    return len(without_possessive(mention.text).split()) == 1


def _add_surnames(found: dict[int, list[Mention]], parses: dict[int, Any], document: Document, headlines: set[int]) -> None:
    """Add mentions for proper nouns that repeat the last name of a person named elsewhere in the
    document ("Marsh" after "Elena Marsh"), which the entity recogniser often misses, and make
    people of the one-word entities it types otherwise ("Beck has also criticized ...", tagged an
    organisation after "Glenn Beck"). Likewise a one-word entity that is the last word of an
    organisation named in full in the document names it ("the Times" after "The New York Times"), as does the first
    word of such a name as the subject of a verb ("Peabody said" after "Peabody Energy"), and
    surnames joined by "and" in one entity are one mention per person (:func:`_joined_surnames`).
    Full names come from the body (:func:`_body_mentions`), never from an entity run past a name in one of the
    ``headlines`` (the indices of title-case sentences: :func:`title_case`), which gives way to the surname there,
    nor from two names run together over "the" ("Rathbun the Scientology": :data:`_RUN_ON_THE`)."""
    run_on = {id(m) for index in headlines for m in found[index] if _run_on(m, document)}
    mentions = [m for m in _body_mentions(found, document, set()) if id(m) not in run_on and not _RUN_ON_THE.search(m.actor)]
    surnames = {m.actor.split()[-1]: m for m in mentions if m.actor_type == "person" and " " in m.actor}
    tails = {m.actor.split()[-1]: m for m in mentions if m.actor_type in ("organisation", "media") and " " in m.actor}
    heads: dict[str, Mention] = {}
    for m in mentions:  # an organisation's first word, where every word of its name is capitalised
        if m.actor_type in ("organisation", "media") and " " in m.actor and all(word[:1].isupper() and word.isalpha() for word in m.actor.split()):
            heads.setdefault(m.actor.split()[0], m)
    for index, parsed in parses.items():
        found[index] = [part for mention in found[index] for part in _joined_surnames(mention, surnames)]
        offset = document.sentences[index].start
        for token in parsed:
            start = offset + token.idx
            named = surnames.get(token.text) or tails.get(token.text)
            if (named is None and token.text in heads and token.dep_ == "nsubj" and token.pos_ == "PROPN"
                    and not any(c.dep_ == "det" for c in token.children) and not any(m.start <= start < m.end for m in found[index])):
                named = heads[token.text]  # "Peabody said" after "Peabody Energy"
            if named is None or not _as_name(token):
                continue
            covering = [m for m in found[index] if m.start <= start < m.end]
            if covering and covering[0].start == start and id(covering[0]) in run_on:
                found[index].remove(covering[0])  # "Clinton Plan for Taxes Is Expansive": the surname, not the run-on entity
                covering = []
            if not covering:
                found[index].append(Mention(start, start + len(token.text), token.text, named.actor, named.actor_type, named.method))
            elif covering[0].method == "ner" and covering[0].actor != named.actor and covering[0].text == token.text:
                covering[0].actor, covering[0].actor_type, covering[0].method = named.actor, named.actor_type, named.method
        found[index].sort(key=lambda m: m.start)


def _as_name(token: Any) -> bool:
    """True when a token written as a name of the document is used as one: a proper noun, or a capitalised word that the
    tagger took for another part of speech ("Matthews said ...", "According to Rathbun ...") where it does not open
    the sentence or is its subject (a capitalised common word opening a sentence, "Young voters ...", is no name)."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and (token.i > 0 or token.dep_ in ("nsubj", "nsubjpass")))


_JOINED = re.compile(r"\s+(?:and|&)\s+")


def _joined_surnames(mention: Mention, surnames: dict[str, Mention]) -> list[Mention]:
    """An entity that joins with "and" the surnames of people named in full elsewhere, as one mention
    per person ("Braynard and Chrabaszcz", which the entity recogniser takes for one organisation);
    any other mention as it is."""
    parts = _JOINED.split(mention.text)
    if mention.method != "ner" or len(parts) < 2 or not all(part in surnames for part in parts):
        return [mention]
    found, at = [], 0
    for part in parts:
        at = mention.text.index(part, at)
        person = surnames[part]
        found.append(Mention(mention.start + at, mention.start + at + len(part), part, person.actor, person.actor_type, person.method))
        at += len(part)
    return found


def _run_on(mention: Mention, document: Document) -> bool:
    """True for an entity of several words that the document writes nowhere else and that does not end in an
    institution's head noun (:data:`DESCRIPTION_HEADS`): in a title-case line, likely a name run into the words
    after it ("Trump's East European Achilles Heel"), not an organisation's name ("US National Science Foundation")."""
    words = mention.text.split()
    return (mention.method == "ner" and len(words) > 1 and words[-1].lower() not in DESCRIPTION_HEADS
            and document.text.count(mention.text) == 1)


def _body_mentions(found: dict[int, list[Mention]], document: Document, headlines: set[int]) -> list[Mention]:
    """The mentions of body sentences but the title-case lines among them (``headlines``: a scraped page's title):
    full names come from them, since a title-case line runs names into verbs ("Glenn Beck Blasts Drudge")."""
    return [m for index, mentions in found.items() if document.sentences[index].kind == "body" and index not in headlines for m in mentions]


def _cut_run_on(mention: Mention, names: dict[tuple[str, str], str], document: Document) -> Mention:
    """A title-case line's entity cut to the longest name of the body it begins with ("Glenn Beck Blasts Drudge" ->
    "Glenn Beck"), where it runs into other words (:func:`_run_on`); other mentions as they are."""
    if not _run_on(mention, document):
        return mention
    words = mention.text.split()
    for n in range(len(words) - 1, 0, -1):
        name = " ".join(words[:n])
        if (mention.actor_type, name) in names:
            start = mention.start
            return Mention(start, start + len(name), name, names[(mention.actor_type, name)], mention.actor_type, mention.method)
    return mention


def _link_to_known(mention: Mention, known_people: list[str], registry: ActorRegistry) -> None:
    """Link an unknown name to a registry actor the document names in full ("Li" after "Li Qiang"),
    and a country's institution to its government ("U.S. State Department")."""
    if mention.actor_type == "person":
        words = mention.actor.split()
        match = next((name for name in known_people if _contains_words(name.split(), words)), None)
        if match is not None:
            mention.actor, mention.method = match, "alias"
        return
    if mention.actor_type == "organisation" and set(mention.text.lower().split()) & STATE_INSTITUTIONS:
        first = mention.text.split()[0]
        country = registry.lookup(first) or (registry.get(registry.demonym(first)) if registry.demonym(first) else None)
        if country is not None and country.type == "country":
            government = registry.government_of(country.name)
            if government is None:
                return
            mention.actor, mention.actor_type, mention.method = government.name, government.type, "alias"


def _alias_mentions(parsed: Any, offset: int, registry: ActorRegistry) -> list[Mention]:
    """Registry aliases and demonyms among the token n-grams of one parsed sentence."""
    mentions = []
    text = parsed.text
    for i, token in enumerate(parsed):
        if not (token.text[:1].isalpha() or token.text[:1] in "“\"'"):
            continue
        mention = _longest_alias(parsed, text, i, offset, registry) or _party_members(parsed, i, offset, registry)
        if mention is None:
            country = registry.demonym(token.text) if token.pos_ in ("ADJ", "PROPN", "NOUN") else None
            if country is not None:
                mention = Mention(offset + token.idx, offset + token.idx + len(token.text), token.text, country, "country", "demonym")
        if mention is not None:
            mentions.append(mention)
    return mentions


def _longest_alias(parsed: Any, text: str, i: int, offset: int, registry: ActorRegistry) -> Mention | None:
    """The longest registry alias that starts at token ``i`` of ``parsed`` (whose text is ``text``), or None."""
    token = parsed[i]
    if token.text[:1].isalpha() and not registry.may_start_alias(token.text):
        return None
    for j in range(min(len(parsed), i + MAX_ALIAS_TOKENS), i, -1):  # longest first
        if j - 1 > i and parsed[j - 1].is_punct:  # "Zelensky ." is the alias "Zelensky" alone
            continue
        start, end = token.idx, parsed[j - 1].idx + len(parsed[j - 1].text)
        surface = text[start:end]
        actor = registry.lookup(surface)
        if actor is not None:
            return Mention(offset + start, offset + end, surface, actor.name, actor.type, "alias")
    return None


def _party_members(parsed: Any, i: int, offset: int, registry: ActorRegistry) -> Mention | None:
    """A party's adjective before a plural of its members, officials or voters or before a collective noun for its
    bodies names the party ("Republican senators", "Democratic leaders", "Democratic registered voters", "the
    Republican establishment": guideline D3), though the adjective alone does not."""
    token = parsed[i]
    if i + 1 >= len(parsed) or not token.text[:1].isupper() or (token.is_sent_start and token.lower_ in COMMON_PARTY_WORDS):
        return None
    party = registry.lookup(f"{token.text} Party")
    following = parsed[i + 1]
    if following.lower_ in VOTER_KINDS and i + 2 < len(parsed) and parsed[i + 2].lower_ == "voters":
        following = parsed[i + 2]
    members = following.tag_ == "NNS" and following.lower_ in PARTY_MEMBERS
    if party is None or not (members or following.tag_ == "NN" and following.lower_ in PARTY_BODIES):
        return None
    end = following.idx + len(following.text)
    return Mention(offset + token.idx, offset + end, parsed.text[token.idx : end], party.name, party.type, "alias")


#: An indefinite article the entity recogniser sometimes takes into a name.
_INDEFINITE = re.compile(r"^[Aa]n? (?=[A-Z])")


#: An entity that runs an owner's possessive into a name: "The New Republic's Jeet Heer", "Fox News' Sean Hannity".
_OWNER = re.compile(r"^.+?(?:['’]s|s['’])\s+(?=[A-Z][\w.'’-]*\s+[A-Z])")


#: A poll figure the entity recogniser runs into the name before it: "Trump 47.3 percent", "Clinton 45%".
_FIGURE = re.compile(r"\s+\d[\d.,]*\s*(?:%|percent\b|per cent\b|points?\b).*$", re.DOTALL)


#: A person's entity that the recogniser ends inside a quoted nickname ('George "Jay'), and the closing quotation mark
#: and surname that follow it in the sentence ('" Keyworth').
_OPEN_NICKNAME = re.compile(r"\s+[\"“][A-Z][\w'’.-]*$")
_NICKNAME_END = re.compile(r"[\"”][ \t]+([A-Z][\w'’-]+)")


#: Tags of the function words the entity recogniser sometimes opens a person's name with ("Beneath Clinton's wins").
FUNCTION_TAGS = frozenset(("IN", "DT", "CC", "TO"))


def _entity_mentions(parsed: Any, offset: int, registry: ActorRegistry) -> list[Mention]:
    """spaCy entities of the kept labels, linked to the registry when it knows their text, but for a demonym the
    recogniser took for a name ("Azerbaijani"), which is left to the demonym's mention; an entity the registry does
    not know is named without an owner's possessive before a name or, a person, without the function words and titles
    before the name."""
    mentions = []
    for entity in parsed.ents:
        if entity.label_ not in NER_TYPES:
            continue
        surface = _FIGURE.sub("", _INDEFINITE.sub("", entity.text.strip(" \"'“”‘’")))  # "a World Health Organisation recommendation"
        if registry.demonym(surface) is not None:  # "The Azerbaijani authorities", taken for a person: a demonym's own mention
            continue
        if surface and registry.lookup(surface) is None:
            if entity.label_ == "PERSON" and surface == entity.text:  # "Beneath Clinton's wins"
                leading = next((token for token in entity if token.tag_ not in FUNCTION_TAGS), entity[-1])
                surface = surface[leading.idx - entity.start_char :]
            surface = _OWNER.sub("", surface)
            if entity.label_ == "PERSON":  # "Former AG Mukasey"
                words = list(re.finditer(r"\S+", surface))
                name = next((word for word in words[:-1] if word.group().lower().rstrip(".") not in PERSON_TITLES), words[-1])
                surface = surface[name.start() :]
        if not surface:
            continue
        start = offset + entity.start_char + entity.text.index(surface)
        nickname = _OPEN_NICKNAME.search(surface) if entity.label_ == "PERSON" else None
        surname = _NICKNAME_END.match(parsed.text, start - offset + len(surface)) if nickname else None
        if surname is not None:  # 'George "Jay" Keyworth' is George Keyworth
            name = f"{surface[: nickname.start()]} {surname.group(1)}"
            written = parsed.text[start - offset : surname.end()]
            mentions.append(Mention(start, start + len(written), written, name, "person", "ner"))
            continue
        actor = registry.lookup(surface)
        if actor is not None:
            mentions.append(Mention(start, start + len(surface), surface, actor.name, actor.type, "alias"))
        elif (two := _two_known_names(surface, start, registry)) is not None:  # "the Washington Post Trump said"
            mentions.extend(two)
        elif entity.label_ != "NORP":
            name = without_possessive(surface)
            mentions.append(Mention(start, start + len(name), name, name, NER_TYPES[entity.label_], "ner"))
    return mentions


def _two_known_names(surface: str, start: int, registry: ActorRegistry) -> list[Mention] | None:
    """An entity the registry does not know that is an actor's name run into a person's, for want of a comma ("the
    editorial board of the Washington Post Trump said"): the two mentions, where one split at a word gives two
    registry actors and the second is a person; else ``None``."""
    for word in re.finditer(r"\s+", surface):
        first, second = surface[: word.start()], surface[word.end() :]
        owner, person = registry.lookup(first), registry.lookup(second)
        if owner is not None and person is not None and person.type == "person" and owner.name != person.name:
            later = start + word.end()
            return [Mention(start, start + len(first), first, owner.name, owner.type, "alias"),
                    Mention(later, later + len(second), second, person.name, person.type, "alias")]
    return None


def _merge(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (registry links win ties), in text order."""
    kept: list[Mention] = []
    rank = {"alias": 0, "ner": 1, "demonym": 2}
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), rank[m.method], m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


#: Two names run together over "the" by the entity recogniser ("According to Rathbun the Scientology property"): "the"
#: right after a capitalised word ("Bank of the West", after "of", is a name; so are a few such as "Save the Children",
#: which are then only not taken as the longer name of their parts).
_RUN_ON_THE = re.compile(r"[A-Z][\w.'’-]*\s+the\s+[A-Z]")


def _longest_names(mentions) -> dict[tuple[str, str], str]:
    """Map each new actor's name to the longest name of the same type that contains it as whole words; a name that
    runs two names together over "the" ("Rathbun the Scientology") is no longer name of either."""
    by_type: dict[str, set[str]] = {}
    for mention in mentions:
        by_type.setdefault(mention.actor_type, set()).add(mention.actor)
    names = {}
    for actor_type, group in by_type.items():
        ordered = sorted((name for name in group if not _RUN_ON_THE.search(name)), key=lambda name: (-len(name), name))
        for name in group:
            words = name.split()
            names[(actor_type, name)] = next(
                (longer for longer in ordered if _contains_words(longer.split(), words)), name
            )
    return names


def _contains_words(longer: list[str], words: list[str]) -> bool:
    n = len(words)
    return any(longer[i : i + n] == words for i in range(len(longer) - n + 1))
