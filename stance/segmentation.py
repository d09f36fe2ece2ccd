"""News-aware segmentation: paragraphs, sentences, page furniture and quotations.

The entry points are :func:`split_sentences` (a list of :class:`~stance.records.Sentence`)
and :func:`segment` (a :class:`~stance.records.Document` holding paragraphs, sentences and
quotations). Every span is a pair of exact character offsets into the original text.

How the text is cut, in order:

1. **Paragraphs.** Every line break is a hard boundary (wire copy puts one paragraph on each
   line), except a break that cannot end a paragraph: the line before it ends without
   punctuation and either the next line starts in lower case (a wrapped line) or the line
   ends with a function word such as "for" or "the" (a paragraph broken mid-sentence).
2. **Page furniture.** Whole paragraphs that are headlines, bylines, timestamps ("Updated
   ...", "30 December 2022 Friday 06:30"), counters and captions ("6 Reads", "Image: ...")
   become one segment each with their ``kind``; a dateline ("MOSCOW, Dec 30 (Reuters) -")
   at the start of the first body paragraph becomes a segment of its own.
3. **Sentences.** Inside a body paragraph a sentence ends at ``.``, ``!``, ``?`` (with any
   closing quotes and brackets after them) unless the next word starts in lower case, the
   period belongs to an abbreviation or initial ("Mr.", "U.S. Government", "Jonas E.
   Smith"), or the mark ends a quoted question followed by its speech tag ("'Why?' Putin
   asked."). A three-dot ellipsis never ends a sentence; four dots can. Numbered and
   bulleted lists split before each item.
4. **Length limit.** A sentence longer than ``max_length`` characters (default
   :data:`DEFAULT_MAX_LENGTH`) is cut at the last whitespace before the limit, or at the limit
   itself inside a longer run of non-space characters, so that unpunctuated input of any size
   splits in linear time. No text is dropped.
5. **Quotations.** Paired quote marks (straight and curly, single and double, guillemets) are
   found per paragraph; a quotation continued into the next paragraph that opens with a
   quote mark again is one quotation. Each sentence records the quotation it is part of.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from stance.checks import check_positive_int
from stance.records import Document, Paragraph, Quote, Sentence

#: Sentences longer than this many characters are cut (see the module docstring).
DEFAULT_MAX_LENGTH = 2000

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
_FURNITURE = re.compile(
    r"""(?ix)
    \d[\d,.]*\s*[km]?\s+(?:reads?|views?|comments?|shares?|likes?)
    | (?:share|share\ this(?:\ article|\ story)?|tweet|advertisement|print|email|listen)
    | (?:read\ more|related|see\ also|subscribe|sign\ up|follow\ us|click\ here|copyright|©) .*
    | (?:image|photo|picture|video|graphic|caption|file\ photo)(?:\ credit)?s?\s*: .*
    | all\ rights\ reserved\.?
    """
)
_CAPTION = re.compile(r"(?:Image|Photo|Picture|Video|Graphic|Caption|Credit)s?:")
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
_DATELINE = re.compile(
    r"""(?x)
    (?P<place>[A-Z][A-Za-z.'’\-]+(?:\ [A-Z][A-Za-z.'’\-]+){0,3})
    (?P<region>,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+){0,2})??
    (?P<date>,?\ (?:[A-Z][a-z]{2,8}\.?\ \d{1,2}|\d{1,2}\ [A-Z][a-z]{2,8}))?
    (?P<agency>\ ?\([^()\n]{1,40}\))?
    \s*(?:--|-|–|—)\s+
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
    return Document(text=text, id=id, paragraphs=paragraphs, sentences=sentences, quotes=quotes, metadata=dict(metadata or {}))


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
    for start, end in lines:
        if spans and _continues(text[max(spans[-1][0], spans[-1][1] - 40) : spans[-1][1]], text[start]):
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


def _continues(tail: str, next_char: str) -> bool:
    """True when a line break cannot end a paragraph, given the text before it (its last
    characters suffice) and the first character of the next line."""
    if tail[-1] in _TERMINALS + _CLOSERS + ":;,-–—|" or tail[-1].isdigit():
        return False
    last_word = tail.split()[-1]
    return next_char.islower() or last_word.lower() in _FUNCTION_WORDS


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

    def split(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        for paragraph in paragraphs:
            tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, paragraph.start, paragraph.end)]
            self._split_paragraph(paragraph, tokens)
        return self.sentences

    def _split_paragraph(self, paragraph: Paragraph, tokens: list[_Token]) -> None:
        kind = self._furniture_kind(paragraph, tokens)
        if kind is not None:
            self._emit(tokens, paragraph.index, kind)
            return
        if self.in_header:
            dateline = _DATELINE.match(paragraph.text)
            if dateline and (dateline["place"].isupper() and len(dateline["place"]) >= 3 or dateline["agency"]):
                cut = paragraph.start + dateline.end()
                self._emit([t for t in tokens if t.end <= cut], paragraph.index, "dateline")
                tokens = [t for t in tokens if t.start >= cut]
                self.in_header = False
        pieces = self._sentence_pieces(tokens)
        if len(pieces) == 1 and _is_title_like(pieces[0]):
            title = paragraph.text
            kind = "headline" if self.in_header or title in self.headlines else "subheading"
            if kind == "headline":
                self.headlines.add(title)
            self._emit(pieces[0], paragraph.index, kind)
            return
        for piece in pieces:
            is_caption = _CAPTION.fullmatch(piece[0].text)
            self._emit(piece, paragraph.index, "furniture" if is_caption else "body")
        if len(pieces) >= 2 or sum(len(p) for p in pieces) >= 40:
            self.in_header = False

    def _furniture_kind(self, paragraph: Paragraph, tokens: list[_Token]) -> str | None:
        """The kind of a paragraph that is page furniture as a whole, else ``None``."""
        text = paragraph.text
        if len(tokens) > 30:
            return None
        if _FURNITURE.fullmatch(text):
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
        dot_runs = _dot_runs(tokens)
        pieces: list[list[_Token]] = []
        start = 0
        for i in range(len(tokens)):
            if i > start and (i in item_starts or _CAPTION.fullmatch(tokens[i].text)):
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
        opens_with_quote = paragraph.text[0] in _DOUBLE_OPEN
        if carried is not None and not opens_with_quote:
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
