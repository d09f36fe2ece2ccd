"""News-aware segmentation: paragraphs, sentences, page furniture and quotations.

The entry points are :func:`split_sentences` (a list of :class:`~stance.records.Sentence`)
and :func:`segment` (a :class:`~stance.records.Document` holding paragraphs, sentences and
quotations). Every span is a pair of exact character offsets into the original text.

How the text is cut, in order:

1. **Paragraphs.** Every line break is a hard boundary (wire copy puts one paragraph on each
   line), except a break that cannot end a paragraph: the line before it ends without
   punctuation and either the next line starts in lower case (a wrapped line) or the line
   ends with a function word such as "for" or "the" (a paragraph broken mid-sentence). Even
   then a list line is a paragraph of its own: a line that starts with a list marker ("- ",
   "* ", "• ", "a) ", "(2) "), and each line of a run of two or more short unpunctuated lines
   after a line ending in a colon ("Ingredients:" / "flour" / "sugar"); so is a line that is
   furniture as a whole ("Sources", "Categories: ...").
2. **Page furniture.** Whole paragraphs that are headlines, bylines, timestamps ("Updated
   ...", "30 December 2022 Friday 06:30"), counters, captions ("6 Reads", "Image: ...") and
   site footers (section labels such as "Sources", "External links", "Categories: ...",
   "Share this:", "Archived"; licence and copyright notices) become one segment each with
   their ``kind``. The unpunctuated lines under a section label alone on its line ("Share
   this:" / "Facebook" / "Twitter") are furniture too, up to the first line that ends like a
   sentence. At the start of the first body paragraph, a date ("Tuesday, September 22, 2015")
   and then a dateline become segments of their own: a place in capitals ("MOSCOW, Dec 30
   (Reuters) -"), a place with an agency ("Beijing (Xinhua) --"), or a place in title case
   with its region or country ("Evansville, Indiana, United States -") before a dash and a
   capitalised word, in a paragraph that ends like a sentence.
3. **Sentences.** Inside a body paragraph a sentence ends at ``.``, ``!``, ``?`` (with any
   closing quotes and brackets after them) unless the next word starts in lower case, the
   period belongs to an abbreviation or initial ("Mr.", "U.S. Government", "Jonas E.
   Smith"), or the mark ends a quoted question followed by its speech tag ("'Why?' Putin
   asked."). A three-dot ellipsis never ends a sentence; four dots can. Numbered and
   bulleted lists split before each item, and a capitalised caption or section label with
   its colon ("Image:", "Categories:", "Share this:") starts a furniture segment. A short
   unpunctuated fragment that ends a paragraph after a closing quote is the quotation's
   credit and stays with it ('"..." Anonymous blogger').
4. **Length limit.** A sentence longer than ``max_length`` characters (default
   :data:`DEFAULT_MAX_LENGTH`) is cut at the last whitespace before the limit, or at the limit
   itself inside a longer run of non-space characters, so that unpunctuated input of any size
   splits in linear time. No text is dropped.
5. **Quotations.** Paired quote marks (straight and curly, single and double, guillemets) are
   found per paragraph; a quotation continued into the next paragraph that opens with a
   quote mark again is one quotation. Each sentence records the quotation it is part of.
6. **Repeats.** A sentence of at least :data:`MIN_REPEAT_WORDS` words, or a headline, whose
   text equals an earlier sentence's up to whitespace is a repeat (scraped pages print the
   headline and lede twice): ``Sentence.repeat_of`` is the index of the first copy
   (:func:`mark_repeats`). Its boundaries and kind stay; the scoring stage skips it, so the
   statement counts once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from stance.checks import check_positive_int
from stance.records import Document, Paragraph, Quote, Sentence

#: Sentences longer than this many characters are cut (see the module docstring).
DEFAULT_MAX_LENGTH = 2000
#: A sentence repeated verbatim is marked a repeat from this many words (a headline at any
#: length), so that short formulas ("He said no.") said twice stay two statements.
MIN_REPEAT_WORDS = 6

_SPACE = r"\s\x00\ufeff\u200b"
_TOKEN = re.compile(rf"[^{_SPACE}]+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")

_CLOSERS = "\"'”’»›)]}"
_OPENERS = "\"'“‘«‹([{„‚"
_TERMINALS = ".!?…‼⁇⁈⁉"
_BULLETS = "•⁃◦▪▫‣●○■□►▶"
# Tokens that continue a sentence after a period: an elision ("... The") or an attribution
# dash ('"..." - Matthew Ingram').
_CONTINUERS = frozenset(["...", "…", "-", "--", "–", "—"])

# Abbreviations, lower case and without their final period.
_TITLES = frozenset(
    "mr mrs ms messrs mmes dr prof gen lt col maj capt cpt sgt cpl adm cmdr brig sen rep gov "
    "pres rev fr hon supt det insp amb mt ft st sr.dr e.g i.e cf vs viz approx".split()
)
_BEFORE_NUMBERS = frozenset("no nos nr n° p pp vol vols art arts fig figs ch chap sec para op".split())
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_TIMES = frozenset(["a.m", "p.m"])
_AMBIGUOUS = frozenset(
    "inc ltd co corp jr sr bros etc esq llc plc ave blvd rd dept univ assn est govt intl "
    "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont "
    "neb nev okla ore pa tenn vt va wash wis wyo".split()
)
_MULTI_PERIOD = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTH_NAMES = "january february march april may june july august september october november december"
_TIME_FOLLOWERS = frozenset(f"{_WEEKDAYS} {_MONTH_NAMES} et est edt gmt utc cet bst pt pst pdt msk local".split())

# Words that start sentences but rarely follow an abbreviation inside one: after "U.S." or
# "Co." they mark a new sentence, while a name ("U.S. Government") does not.
_STARTERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your
    there here in on at but and or so yet however meanwhile still if when while as after before
    since although though because according for with without by from to of under over during
    despite what who why how where which some many most all both each every no not other
    another one two three later earlier now then also even only such last next mr mrs ms dr
    prof gen sen rep gov""".split()
)
_SPEECH_VERBS = frozenset(
    """said says say asked asks told tells added adds replied replies stressed stresses insisted
    insists wrote writes tweeted tweets explained explains noted notes continued continues
    declared declares shouted shouts exclaimed exclaims warned warns argued argues
    wondered wonders""".split()
)
# A paragraph ending in one of these words without punctuation continues on the next line.
_FUNCTION_WORDS = frozenset(
    """the a an of for to in on at by with from and or but nor that as than into about between
    against over under after before during since his her their its our my your this these
    those who which whose""".split()
)

_LIST_MARKER = re.compile(r"\(?(\d{1,3}|[A-Za-z])(\.\)|\)|\.)")
# A line that starts with one of these is a list item: a bullet, dash or asterisk, or a label
# in lower case ("a)", "(b)") or in digits ("2.", "(3)"), then a space.
_ITEM_LINE = re.compile(rf"[{_BULLETS}*+·\-–—]\s|\(?(?:\d{{1,3}}|[a-z])[.)]\)?\s")
_ITEM_MAX_WORDS = 8  # a bare line after "...:" with no more words than this may be a list item
# Labels of page furniture: caption credits ...
_CAPTION_LABELS = r"(?:image|photo|picture|video|graphic|caption|file\ photo)(?:\ credit)?s? | credits?"
# ... the sections of a site footer ...
_SECTION_LABELS = r"""
    categor(?:y|ies) | tags? | tagged | filed\ under | posted\ in | topics? | keywords
    | sources? | references | external\ links | see\ also | further\ reading | archived
    | related(?:\ articles|\ stories|\ news|\ links|\ posts|\ coverage|\ content)?
    | share(?:\ this(?:\ article|\ story|\ page)?|\ on\ \w+)? | like\ this | read\ more | more\ on\ this\ story
"""
# ... and its buttons, which are furniture alone but common words inside a sentence.
_BUTTONS = r"tweet | print | e-?mail | listen | comments? | leave\ a\ (?:comment|reply) | advertisement"
# A whole paragraph, or a sentence, that is page furniture (case-insensitive).
_FURNITURE = re.compile(
    rf"""(?isx)
    \d[\d,.]*\s*[km]?\s+(?:reads?|views?|comments?|shares?|likes?)
    | (?:{_CAPTION_LABELS} | {_SECTION_LABELS} | {_BUTTONS}) \s* (?::.*)?
    | (?:read\ more|see\ also|subscribe|sign\ up|follow\ us|click\ here) (?!\w) .*
    | (?:©|copyright\s*(?:[:©]|\(c\)|\d{{4}})) .*
    | all\ rights\ reserved\.?
    | (?:this|all)\ (?:article|story|report|work|page|text|content|post|piece|material)s?\b .{{0,40}}?
      \b(?:is|are|was|were)\ (?:licensed|available|published|released|distributed|reproduced)\ (?:under|with\ permission)\b .*
    | (?:licensed|released|published)\ under\b .*
    | (?:text|content)\ is\ available\ under\b .*
    | retrieved\ (?:from|on)\b .*
    """
)
# A capitalised caption or section label with its colon starts a furniture segment inside a
# paragraph ("Image:", "Share this:").
_LABEL = re.compile(rf"(?ix)(?:{_CAPTION_LABELS} | {_SECTION_LABELS})\s*:")
# A section label alone on its line ("Sources", "Share this:") heads a list of furniture lines.
_SECTION = re.compile(rf"(?ix)(?:{_SECTION_LABELS})\s*:?")
_BYLINE = re.compile(r"(?:by|BY|By)\s+[A-Z][^.!?]*|\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled))\s+by\b.*")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’\-]+|[A-Z]\.|de|da|del|van|von|der|al|bin|la|le|and|,")
_DATE_WORD = re.compile(
    rf"""(?ix)
    (?:{_WEEKDAYS.replace(' ', '|')}|{_MONTH_NAMES.replace(' ', '|')}
       |mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?,?
    | \d{{1,4}}(?:st|nd|rd|th)?,?
    | \d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:am|pm)?,?
    | \d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}},?
    | (?:am|pm|a\.m\.|p\.m\.|gmt|utc|et|est|edt|cet|cest|bst|pt|pst|pdt|msk|ist)[,)]?
    | (?:updated|published|posted|last|modified|edited|on|at|ago|hours?|minutes?|mins?|days?)[:,]?
    | [|\-–—:,•/]
    """
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_.'’\-]*(?:[.'’\-][^\W\d_]*)*\.?"  # "Evansville", "São", "D.C.", "Ind."
_DATELINE = re.compile(
    rf"""(?x)
    (?P<place>{_PLACE_WORD}(?:\ {_PLACE_WORD}){{0,3}})
    (?P<region>(?:,\ {_PLACE_WORD}(?:\ {_PLACE_WORD}){{0,2}}){{0,2}}?)
    (?P<date>,?\ (?:[A-Z][a-z]{{2,8}}\.?\ \d{{1,2}}|\d{{1,2}}\ [A-Z][a-z]{{2,8}})(?:,?\ \d{{4}})?)?
    (?P<agency>\ ?\([^()\n]{{1,40}}\))?
    \s*(?:--|-|–|—)\s+
    """
)
# A date (with its year, or written in digits) and an optional time at the start of a line:
# "Tuesday, September 22, 2015", "Updated: 22 Sept. 2015, 10:30 GMT |", "2015-09-22".
_DATE_PREFIX = re.compile(
    rf"""(?x)
    (?P<label>(?:Updated|Published|Posted|Last\ updated)(?:\ on)?:?\ +)?
    (?P<weekday>(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\ +
      | (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\ +)?
    (?:{_MONTH}\ +\d{{1,2}}(?:st|nd|rd|th)?,?\ +\d{{4}}
      | \d{{1,2}}(?:st|nd|rd|th)?\ +{_MONTH},?\ +\d{{4}}
      | (?P<numeric>\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}))
    (?P<time>,?\ +(?:at\ +)?\d{{1,2}}[:.]\d{{2}}(?:\ ?[AaPp]\.?[Mm]\.?)?(?:\ +[A-Z]{{2,4}})?)?
    (?P<separator>\ +(?:--|-|–|—|\|))?
    (?=\ +["“‘(]?[A-Z0-9])
    """
)


#: Text that cannot be written as UTF-8: lone surrogates (JSON escapes such as "\ud800" make them).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: Values of the ``errors`` parameter wherever text enters (see :func:`as_text`).
ERRORS = ("replace", "strict")


def as_text(text: str | bytes, errors: str = "replace") -> str:
    """Return ``text`` as valid Unicode ``str``: the one rule for text entering ``stance``.

    ``bytes`` are decoded as UTF-8. Text that is not valid Unicode (invalid UTF-8 bytes, or
    lone surrogates in a ``str``, which cannot be written as UTF-8 and which spaCy, the models
    and the database reject) is handled by ``errors``:

    * ``"replace"`` (default): each bad byte or surrogate becomes U+FFFD. In a ``str`` one code
      point replaces one, so no offset moves; for ``bytes`` offsets refer to the decoded text.
    * ``"strict"``: ``ValueError`` naming the byte offset or the character offset.

    Anything other than ``str`` or ``bytes`` raises :class:`TypeError`.
    """
    if errors not in ERRORS:
        raise ValueError(f"errors must be 'replace' or 'strict', got {errors!r}")
    if isinstance(text, str):
        found = LONE_SURROGATE.search(text)
        if found is None:
            return text
        if errors == "strict":
            raise ValueError(
                f"text is not valid Unicode: lone surrogate U+{ord(found.group()):04X} at character offset {found.start()}; "
                "pass errors='replace' to replace each with U+FFFD (offsets unchanged)"
            )
        return LONE_SURROGATE.sub("\ufffd", text)
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        try:
            return data.decode("utf-8", errors=errors)
        except UnicodeDecodeError as err:
            raise ValueError(
                f"input is not valid UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start} "
                f"({err.reason}); decode it yourself or pass errors='replace'"
            ) from None
    raise TypeError(f"expected text as str or UTF-8 bytes, got {type(text).__name__}")


def split_sentences(text: str | bytes, *, max_length: int = DEFAULT_MAX_LENGTH, errors: str = "replace") -> list[Sentence]:
    """Split ``text`` into sentences and furniture segments with exact character offsets.

    Each returned sentence satisfies ``text[s.start:s.end] == s.text`` and has no leading or
    trailing whitespace. Empty or whitespace-only text gives an empty list. See
    :func:`as_text` for ``bytes`` input and ``errors``, and the module docstring for the rules.
    """
    return segment(text, max_length=max_length, errors=errors).sentences


def segment(
    text: str | bytes,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    errors: str = "replace",
    id: str | None = None,
    metadata: dict | None = None,
) -> Document:
    """Segment ``text`` into a :class:`~stance.records.Document` of paragraphs, sentences and quotes."""
    check_positive_int(max_length, "max_length")
    text = as_text(text, errors)
    paragraphs = split_paragraphs(text)
    quotes = find_quotes(text, paragraphs)
    sentences = _Splitter(text, max_length).split(paragraphs)
    _assign_quotes(sentences, quotes)
    mark_repeats(sentences)
    return Document(text=text, id=id, paragraphs=paragraphs, sentences=sentences, quotes=quotes, metadata=dict(metadata or {}))


def mark_repeats(sentences: list[Sentence]) -> None:
    """Set ``repeat_of`` of each sentence that repeats an earlier one verbatim, in place.

    A sentence of at least :data:`MIN_REPEAT_WORDS` words, or a headline, whose text equals an
    earlier sentence's text with runs of whitespace made one space gets the index of the first
    sentence with that text; every other sentence gets ``None``.
    """
    first: dict[str, int] = {}
    for sentence in sentences:
        words = sentence.text.split()
        key = " ".join(words)
        earlier = first.setdefault(key, sentence.index)
        repeats = earlier != sentence.index and (len(words) >= MIN_REPEAT_WORDS or sentence.kind == "headline")
        sentence.repeat_of = earlier if repeats else None


# ---------------------------------------------------------------------------------------------
# Paragraphs


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs at line breaks (see the module docstring for the rules)."""
    lines = []  # (start, end) of each non-blank line, stripped
    position = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        line_end = match.start() if match else len(text)
        tokens = _strip_span(text, position, line_end)
        if tokens is not None:
            lines.append(tokens)
        position = match.end() if match else len(text)

    spans: list[list[int]] = []
    items = _list_lines(text, lines)
    for k, (start, end) in enumerate(lines):
        if spans and k not in items and _continues(text, lines[k - 1], (start, end)):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [Paragraph(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(spans)]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` to exclude surrounding whitespace; ``None`` if nothing is left."""
    first = _TOKEN.search(text, start, end)
    if first is None:
        return None
    last_end = first.end()
    # Walk back from the end to the last non-space character (linear in the trailing space).
    stop = end
    while stop > last_end and not _TOKEN.match(text[stop - 1]):
        stop -= 1
    return first.start(), max(stop, last_end)


def _continues(text: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """True when the break between the line ``previous`` and the next ``line`` cannot end a
    paragraph: ``previous`` ends without punctuation and either ``line`` starts in lower case
    (a wrapped line) or ``previous`` ends with a function word, and neither line is furniture
    on its own ("Sources", "Categories: ...")."""
    tail = text[max(previous[0], previous[1] - 40) : previous[1]]
    if tail[-1] in _TERMINALS + _CLOSERS + ":;,-–—|" or tail[-1].isdigit():
        return False
    last_word = tail.split()[-1]
    if not (text[line[0]].islower() or last_word.lower() in _FUNCTION_WORDS):
        return False
    return not (_is_furniture_line(text, previous) or _is_furniture_line(text, line))


def _is_furniture_line(text: str, line: tuple[int, int]) -> bool:
    """True when the line ``(start, end)`` is page furniture as a whole."""
    start, end = line
    return end - start <= 300 and _FURNITURE.fullmatch(text, start, end) is not None


def _list_lines(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Indices of the lines that are list items and so start a paragraph of their own.

    An item is a line that starts with a list marker ("- ", "* ", "• ", "a) ", "(2) "), or a
    line of a run of at least two bare items after a line that ends with a colon: short lines
    without final punctuation that do not end with a function word ("lower taxes").
    """
    items = {k for k, (start, end) in enumerate(lines) if _ITEM_LINE.match(text, start, end)}
    bare = [_is_bare_item(text, line) for line in lines]
    in_list = False
    for k in range(1, len(lines)):
        if text[lines[k - 1][1] - 1] == ":":
            in_list = bare[k] and k + 1 < len(lines) and bare[k + 1]
        else:
            in_list = in_list and bare[k]
        if in_list:
            items.add(k)
    return items


def _is_bare_item(text: str, line: tuple[int, int]) -> bool:
    """A short line without final punctuation that does not end with a function word."""
    start, end = line
    words = text[start:end].split(None, _ITEM_MAX_WORDS) if end - start <= 120 else []
    if not 1 <= len(words) <= _ITEM_MAX_WORDS:
        return False
    return text[end - 1] not in _TERMINALS + _CLOSERS + ":;," and words[-1].lower() not in _FUNCTION_WORDS


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass
class _Token:
    start: int
    end: int
    text: str


class _Splitter:
    """Cuts the paragraphs of one text into sentences (one instance per text)."""

    def __init__(self, text: str, max_length: int):
        self.text = text
        self.max_length = max_length
        self.sentences: list[Sentence] = []
        self.in_header = True  # before the first paragraph of real body text
        self.headlines: set[str] = set()
        self.in_footer_list = False  # after a label alone ("Sources", "Share this:"), until a sentence

    def split(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        for paragraph in paragraphs:
            tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, paragraph.start, paragraph.end)]
            self._split_paragraph(paragraph, tokens)
        return self.sentences

    def _split_paragraph(self, paragraph: Paragraph, tokens: list[_Token]) -> None:
        kind = self._furniture_kind(paragraph, tokens)
        self.in_footer_list = kind == "furniture" and (self.in_footer_list or _SECTION.fullmatch(paragraph.text) is not None)
        if kind is not None:
            self._emit(tokens, paragraph.index, kind)
            return
        if self.in_header:
            tokens = self._split_off_date_and_dateline(paragraph, tokens)
        pieces = self._sentence_pieces(tokens)
        if len(pieces) == 1 and _is_title_like(pieces[0]):
            title = paragraph.text
            kind = "headline" if self.in_header or title in self.headlines else "subheading"
            if kind == "headline":
                self.headlines.add(title)
            self._emit(pieces[0], paragraph.index, kind)
            return
        if len(pieces) >= 2 or sum(len(p) for p in pieces) >= 40:
            self.in_header = False
        if len(pieces) >= 2 and self._is_quote_credit(pieces[-2], pieces[-1]):
            pieces[-2:] = [pieces[-2] + pieces[-1]]
        for piece in pieces:
            is_furniture = len(piece) <= 30 and _FURNITURE.fullmatch(self.text, piece[0].start, piece[-1].end)
            self._emit(piece, paragraph.index, "furniture" if is_furniture else "body")

    def _split_off_date_and_dateline(self, paragraph: Paragraph, tokens: list[_Token]) -> list[_Token]:
        """Emit a date and then a dateline glued to the start of the first body paragraph as
        segments of their own ("Tuesday, May 3, 2016 Evansville, Indiana - The council ...");
        return the tokens that are left."""
        date = _DATE_PREFIX.match(self.text, paragraph.start, paragraph.end)
        # A bare "September 11, 2001 Americans ..." may open a sentence; a weekday, a time, a
        # label, a dash or a date in digits marks a date line.
        if date and (date["weekday"] or date["time"] or date["label"] or date["separator"] or date["numeric"]):
            self._emit([t for t in tokens if t.end <= date.end()], paragraph.index, "timestamp")
            tokens = [t for t in tokens if t.start >= date.end()]
        dateline = _DATELINE.match(self.text, tokens[0].start, paragraph.end)
        if dateline and _is_dateline(dateline, paragraph.text):
            self._emit([t for t in tokens if t.end <= dateline.end()], paragraph.index, "dateline")
            tokens = [t for t in tokens if t.start >= dateline.end()]
            self.in_header = False
        return tokens

    def _is_quote_credit(self, quote: list[_Token], credit: list[_Token]) -> bool:
        """True when ``credit`` closes a paragraph as the credit of the quotation before it
        ('"... a long game." Anonymous blogger, "Anon declares war"'): a short fragment that
        starts with a capital and has no final punctuation, after a closing quote mark."""
        closing = quote[-1].text
        core = closing.rstrip(_CLOSERS)
        if not (core and core[-1] in _TERMINALS and any(c in "\"'”’»›" for c in closing[len(core) :])):
            return False
        last = credit[-1].text.rstrip(_CLOSERS)
        return (
            len(credit) <= 12
            and credit[0].text[0].isupper()
            and bool(last)
            and last[-1] not in _TERMINALS + ":;,"
            and not _FURNITURE.fullmatch(self.text, credit[0].start, credit[-1].end)
        )

    def _furniture_kind(self, paragraph: Paragraph, tokens: list[_Token]) -> str | None:
        """The kind of a paragraph that is page furniture as a whole, else ``None``."""
        text = paragraph.text
        if len(tokens) > 30:
            return None
        if _FURNITURE.fullmatch(text) or (self.in_footer_list and text.rstrip(_CLOSERS)[-1:] not in _TERMINALS):
            return "furniture"
        if len(tokens) <= 15 and _BYLINE.fullmatch(text):
            return "byline"
        if len(tokens) <= 15 and all(_DATE_WORD.fullmatch(t.text) for t in tokens):
            if any(any(c.isdigit() for c in t.text) or len(t.text) > 3 for t in tokens):
                return "timestamp"
        if (
            self.in_header
            and paragraph.index > 0
            and 2 <= len(tokens) <= 6
            and all(_NAME_WORD.fullmatch(t.text.rstrip(",")) for t in tokens)
            and tokens[0].text[:1].isupper()
        ):
            return "byline"
        return None

    def _sentence_pieces(self, tokens: list[_Token]) -> list[list[_Token]]:
        """Group the tokens of a body paragraph into sentences."""
        item_starts, item_labels = _list_items(tokens)
        label_starts = _label_starts(self.text, tokens)
        dot_runs = _dot_runs(tokens)
        pieces: list[list[_Token]] = []
        start = 0
        for i in range(len(tokens)):
            if i > start and (i in item_starts or i in label_starts):
                pieces.append(tokens[start:i])
                start = i
            if i + 1 < len(tokens) and i not in item_labels and self._ends_sentence(tokens, i, start, dot_runs):
                pieces.append(tokens[start : i + 1])
                start = i + 1
        if start < len(tokens):
            pieces.append(tokens[start:])
        return pieces

    def _ends_sentence(self, tokens: list[_Token], i: int, sentence_start: int, dot_runs: dict[int, tuple[int, int]]) -> bool:
        """Decide whether the sentence ends after token ``i`` (a following token exists)."""
        token = tokens[i].text
        if i in dot_runs:  # a spaced ellipsis ". . . ." ends a sentence only with four dots
            first, last = dot_runs[i]
            attached = first > 0 and tokens[first - 1].text.rstrip(_CLOSERS).endswith(".")
            return i == last and not attached and last - first + 1 >= 4 and _starts_upper(tokens[i + 1].text)
        if i + 1 in dot_runs:  # "compounds. . . . The" ends after "compounds."
            after = dot_runs[i + 1][1] + 1
            return token.rstrip(_CLOSERS).endswith(".") and after < len(tokens) and _starts_upper(tokens[after].text)

        core = token.rstrip(_CLOSERS)
        if not core or core[-1] not in _TERMINALS:
            return False
        following = tokens[i + 1].text
        if _starts_lower(following) or following in _CONTINUERS:
            return False
        if token.rstrip("\"'”’»›").endswith(("[...]", "[…]")):  # an elision in brackets ends a sentence before a capital
            return following[:1].isupper()
        dots = len(core) - len(core.rstrip("."))
        if core.endswith("…") or dots == 3:
            return False
        if core[-1] in "!?‼⁇⁈⁉" or dots >= 4:
            closes_quote = any(c in "\"'”’»›" for c in token[len(core) :])
            return not (closes_quote and _speech_tag_follows(tokens, i + 1))

        word = core[:-1].lstrip(_OPENERS)
        lower = word.lower()
        next_word = following.lstrip(_OPENERS)
        if lower in _TITLES:
            return False
        if lower in _BEFORE_NUMBERS or lower in _MONTHS:
            if next_word[:1].isdigit():
                return False
            return lower in _BEFORE_NUMBERS or _is_starter(tokens, i + 1)
        if lower in _TIMES:
            if next_word.rstrip(".,").lower() in _TIME_FOLLOWERS or i - sentence_start < 3:
                return False
            return True
        if lower in _AMBIGUOUS or _MULTI_PERIOD.fullmatch(word):
            return _is_starter(tokens, i + 1)
        if len(word) == 1 and word.isalpha():
            if word == "I":  # the pronoun ends a clause ("you and I."), the initial does not
                previous = tokens[i - 1].text if i > sentence_start else ""
                return _starts_lower(previous) or _is_starter(tokens, i + 1)
            return _is_starter(tokens, i + 1)  # an initial ("Jonas E. Smith") or a lone letter
        return True

    def _emit(self, tokens: list[_Token], paragraph: int, kind: str) -> None:
        """Append the sentence spanning ``tokens``, cut to ``max_length`` where needed."""
        if not tokens:
            return
        start, end = tokens[0].start, tokens[-1].end
        for piece_start, piece_end in _cut_to_length(self.text, start, end, tokens, self.max_length):
            self.sentences.append(
                Sentence(
                    index=len(self.sentences),
                    text=self.text[piece_start:piece_end],
                    start=piece_start,
                    end=piece_end,
                    paragraph=paragraph,
                    kind=kind,
                )
            )


def _starts_lower(token: str) -> bool:
    word = token.lstrip(_OPENERS)
    return word[:1].islower()


def _starts_upper(token: str) -> bool:
    word = token.lstrip(_OPENERS)
    return word[:1].isupper() or word[:1].isdigit()


def _is_starter(tokens: list[_Token], i: int) -> bool:
    """True when token ``i`` looks like the first word of a new sentence after an abbreviation."""
    word = tokens[i].text.lstrip(_OPENERS)
    if not word[:1].isupper():
        return False
    bare = word.rstrip(".,;:!?\"'”’").lower()
    return bare in _STARTERS or word.endswith(":")


def _speech_tag_follows(tokens: list[_Token], i: int) -> bool:
    """True when tokens from ``i`` read like a speech tag: "Putin asked.", "the Kremlin said"."""
    for token in tokens[i : i + 4]:
        if token.text.rstrip(".,;:!?").lower() in _SPEECH_VERBS:
            return True
    return False


def _is_title_like(tokens: list[_Token]) -> bool:
    """A short line that starts with a capital and has no sentence-final punctuation."""
    if not 1 <= len(tokens) <= 25:
        return False
    first = tokens[0].text.lstrip(_OPENERS)
    last = tokens[-1].text.rstrip(_CLOSERS)
    return bool(first) and (first[0].isupper() or first[0].isdigit()) and bool(last) and last[-1] not in _TERMINALS + ":;,"


def _is_dateline(dateline: re.Match, paragraph: str) -> bool:
    """True when a match of ``_DATELINE`` at the start of ``paragraph`` is a dateline: a place
    in capitals ("MOSCOW"), a place with an agency ("Beijing (Xinhua)"), or a place with its
    region or country in title case ("Evansville, Indiana, United States -") followed by a
    capitalised word in a paragraph that ends like a sentence."""
    if dateline["place"].isupper() and len(dateline["place"]) >= 3 or dateline["agency"]:
        return True
    rest = dateline.string[dateline.end() : dateline.end() + 2]
    return bool(dateline["region"]) and _starts_upper(rest) and paragraph[-1] in _TERMINALS + _CLOSERS


def _label_starts(text: str, tokens: list[_Token]) -> set[int]:
    """Indices of the tokens that start a capitalised furniture label inside a paragraph
    ("Image:", "Categories:", "Share this:"); such a label starts a segment of its own."""
    starts = set()
    for i, token in enumerate(tokens):
        if not token.text.endswith(":"):
            continue
        for first in range(i, max(i - 3, -1), -1):  # labels have at most three words
            after_opener = first > 0 and tokens[first - 1].text[-1] in _OPENERS  # "( PHOTOS: ...)"
            if tokens[first].text[0].isupper() and not after_opener and _LABEL.fullmatch(text, tokens[first].start, token.end):
                starts.add(first)
                break
    return starts


def _dot_runs(tokens: list[_Token]) -> dict[int, tuple[int, int]]:
    """Map each token of a spaced ellipsis (". . .") to the first and last index of its run."""
    runs: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j].text.rstrip(_CLOSERS) == ".":
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                runs[k] = (i, j - 1)
        i = max(j, i + 1)
    return runs


def _list_items(tokens: list[_Token]) -> tuple[set[int], set[int]]:
    """Find numbered, lettered and bulleted list items ("1.) ... 2.) ...", "• 9. ... • 10. ...").

    Returns the token indices where an item starts (after the first token) and the indices
    of the item labels ("2.)"), which never end a sentence.
    """
    starts: set[int] = set()
    markers: set[int] = set()
    expected: tuple[str, str] | None = None  # the label and style the next item would have
    for i, token in enumerate(tokens):
        text = token.text
        bulleted = text[0] in _BULLETS
        if bulleted:
            if i > 0:
                starts.add(i)
            text = text.lstrip(_BULLETS)
            if not text:
                continue
        after_bullet = bulleted or (i > 0 and tokens[i - 1].text in _BULLETS)
        match = _LIST_MARKER.fullmatch(text)
        if not match:
            continue
        label, style = match.group(1), match.group(2)
        if (label, style) != expected and not (i == 0 or after_bullet):
            continue
        markers.add(i)
        if not after_bullet and i > 0:  # a bullet already started the item
            starts.add(i)
        expected = (_next_label(label), style)
    return starts, markers


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _cut_to_length(text: str, start: int, end: int, tokens: list[_Token], max_length: int) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` into pieces of at most ``max_length`` characters at token edges."""
    if end - start <= max_length:
        return [(start, end)]
    pieces = []
    piece_start = None
    piece_end = start
    for token in tokens:
        token_start = token.start
        if piece_start is not None and token.end - piece_start > max_length:
            pieces.append((piece_start, piece_end))
            piece_start = None
        while token.end - token_start > max_length:  # a run of non-space longer than the limit
            pieces.append((token_start, token_start + max_length))
            token_start += max_length
        if piece_start is None:
            piece_start = token_start
        piece_end = token.end
    pieces.append((piece_start, piece_end))
    return pieces


# ---------------------------------------------------------------------------------------------
# Quotations

_DOUBLE_OPEN = {"“": "”", "„": "“", "«": "»", '"': '"'}
_SINGLE_OPEN = {"‘": "’", "‚": "‘", "‹": "›", "'": "'"}
_QUOTE_MARK = re.compile("[\"'“”„‘’‚«»‹›]")
_MAX_QUOTE_DEPTH = 8  # deeper nesting is noise, and the bound keeps pairing linear


def opens_with_quote(text: str) -> bool:
    """True when ``text`` (a paragraph or its first sentence) opens with a double quotation mark: news style opens
    each paragraph of a long quotation so, closing only the last."""
    return text[:1] in _DOUBLE_OPEN


def find_quotes(text: str, paragraphs: list[Paragraph]) -> list[Quote]:
    """Find quotations in ``text``, paragraph by paragraph, sorted by start offset.

    Double quotes left open at the end of a paragraph continue when the next paragraph opens
    with a quote mark (news style for long quotations); otherwise they end with the paragraph
    and are recorded with ``closed=False``. Unclosed single quotes are taken for apostrophes.
    """
    quotes: list[Quote] = []
    carried: int | None = None  # start of a double quotation continued from the last paragraph
    previous_end = 0
    for paragraph in paragraphs:
        if carried is not None and not opens_with_quote(paragraph.text):
            quotes.append(Quote(carried, previous_end, text[carried:previous_end], closed=False))
            carried = None
        stack: list[tuple[str, int]] = []  # (opening mark, offset)
        if carried is not None:
            stack.append((paragraph.text[0], carried))
        for match in _QUOTE_MARK.finditer(text, paragraph.start, paragraph.end):
            mark, at = match.group(), match.start()
            before = text[at - 1] if at > paragraph.start else " "
            after = text[at + 1] if at + 1 < paragraph.end else " "
            if carried is not None and at == paragraph.start:
                continue  # the mark that reopens a continued quotation
            closing = _closes(mark, stack, before, after)
            if closing is not None:
                opener_at = stack[closing][1]
                del stack[closing:]
                quotes.append(Quote(opener_at, at + 1, text[opener_at : at + 1]))
            elif len(stack) < _MAX_QUOTE_DEPTH and _opens(mark, before, after):
                stack.append((mark, at))
        carried = None
        for mark, at in stack:  # still open at the end of the paragraph
            if mark in _DOUBLE_OPEN:
                carried = at if carried is None else carried
        previous_end = paragraph.end
    if carried is not None:
        quotes.append(Quote(carried, previous_end, text[carried:previous_end], closed=False))
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes


def _closes(mark: str, stack: list[tuple[str, int]], before: str, after: str) -> int | None:
    """Index in ``stack`` of the opening mark that ``mark`` closes, or ``None``."""
    if before.isspace() and not after.isspace():
        return None  # a mark before a word opens
    if mark in "’'" and after.isalpha():
        return None  # an apostrophe: don’t, it's
    for index in range(len(stack) - 1, -1, -1):
        opener = stack[index][0]
        if _DOUBLE_OPEN.get(opener) == mark or _SINGLE_OPEN.get(opener) == mark or (opener == "„" and mark == "”"):
            return index
    return None


def _opens(mark: str, before: str, after: str) -> bool:
    """True when ``mark`` opens a quotation in this context."""
    if mark not in _DOUBLE_OPEN and mark not in _SINGLE_OPEN:
        return False
    if after.isspace():
        return False
    if mark in "'‘‚":  # single marks open only before a word, after a space or an opener
        return (before.isspace() or before in _OPENERS + "—–-") and after.isalpha()
    return before.isspace() or before in _OPENERS + "—–-/" or not before.isalnum()


def _assign_quotes(sentences: list[Sentence], quotes: list[Quote]) -> None:
    """Give each sentence the longest quotation that overlaps it and its role in it."""
    outer: list[Quote] = []  # quotations not inside another one: disjoint and sorted
    for quote in quotes:
        if not outer or quote.start >= outer[-1].end:
            outer.append(quote)
    starts = [q.start for q in outer]
    for sentence in sentences:
        first = max(bisect.bisect_right(starts, sentence.start) - 1, 0)
        best = None
        for quote in outer[first:]:
            if quote.start >= sentence.end:
                break
            if quote.end > sentence.start and (best is None or quote.end - quote.start > best.end - best.start):
                best = quote
        if best is None:
            continue
        sentence.quote = (best.start, best.end)
        starts_before = best.start < sentence.start
        ends_after = best.end > sentence.end
        sentence.quote_role = {
            (False, False): "contains",
            (False, True): "opens",
            (True, True): "inside",
            (True, False): "closes",
        }[(starts_before, ends_after)]
