"""
Moodle's GIFT question format, read and written without touching the database.

parse_gift() turns a GIFT text into ParsedQuestion values and GiftError values; it
never raises on bad input, so one broken question cannot hide the others. Every
error carries the line it was found on: the line of the offending answer when
there is one, else the line the question starts on.

The format follows Moodle's own importer (question/format/gift/format.php):
questions are separated by blank lines; whole-line comments start with //;
``::title::`` names a question; ``$CATEGORY: path`` sets the category of the
questions after it; ``[html]``, ``[moodle]``, ``[markdown]`` and ``[plain]`` set
the format of a piece of text (question text defaults to moodle, answers and
feedback default to the question text's format); ``\\~ \\= \\# \\{ \\} \\: \\\\`` escape
the special characters and ``\\n`` is a line break.

Where Lectern differs from Moodle, it refuses rather than guesses: description
items (no answer block) are not questions; an answer without ``=`` or ``~`` in
front is an error, not a short answer; an unclosed ``::title`` is an error.

Text and feedback become sanitised HTML. [html] text is cleaned with nh3 to a
small set of tags; every other format is escaped, since Lectern has no Moodle
auto-formatting and adds no Markdown dependency. Accepted short answers and the
answers of matching pairs are values compared with what a learner types, not
markup: they stay plain text (a web quiz may accept "<html>") and templates
escape them like any other string.

write_gift() writes questions back so that parse_gift(write_gift(qs)) gives
equal questions (the line number is not part of equality).
"""

import bisect
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import nh3
from django.utils.translation import gettext as _

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT_ANSWER = "short_answer"
NUMERICAL = "numerical"
MATCHING = "matching"
ESSAY = "essay"
QUESTION_TYPES = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT_ANSWER, NUMERICAL, MATCHING, ESSAY)

BLANK = "_____"
ANY_OTHER_ANSWER = "*"
TRUE_TEXT = "True"
FALSE_TEXT = "False"

FULL_CREDIT = Decimal(100)
NO_CREDIT = Decimal(0)
# Moodle offers weights such as 33.33333%; three of them make 99.99999%.
CREDIT_SUM_TOLERANCE = Decimal("0.01")

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "code", "pre", "ul", "ol", "li", "a", "sub", "sup"}
)
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
TEXT_FORMATS = ("html", "moodle", "markdown", "plain")
NAME_MAX_LENGTH = 255
DEFAULT_NAME_LENGTH = 80
SOURCE_MAX_LENGTH = 200


@dataclass(frozen=True)
class ParsedChoice:
    text: str  # sanitised HTML; plain text for short answers; "3.13..3.15" for numerical
    credit: Decimal  # percent, -100..100
    feedback: str = ""
    low: Decimal | None = None  # numerical only; None on the "any other answer" choice
    high: Decimal | None = None


@dataclass(frozen=True)
class ParsedPair:
    prompt: str  # sanitised HTML; "" for an extra answer that matches no prompt
    answer: str  # plain text


@dataclass(frozen=True)
class ParsedQuestion:
    line: int = field(compare=False)  # 1-based line the question starts on
    name: str
    type: str
    text: str
    general_feedback: str
    category: str  # the full $CATEGORY path, "" before any
    choices: list[ParsedChoice] = field(default_factory=list)
    pairs: list[ParsedPair] = field(default_factory=list)


@dataclass(frozen=True)
class GiftError:
    line: int
    reason: str
    source: str  # the question as written, shortened

    def __str__(self):
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


class _Refused(Exception):
    def __init__(self, pos, reason):
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


# Escaped characters are swapped for private-use code points before parsing, so
# that splitting on "~", "=", "#" and the braces never sees them, and swapped
# back in each piece of text at the end.
_ESCAPABLE = "\\~=#{}:"
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_NEWLINE_PLACEHOLDER = chr(0xE000 + len(_ESCAPABLE))
_RESTORE = {ord(ph): ch for ch, ph in _PLACEHOLDER.items()} | {ord(_NEWLINE_PLACEHOLDER): "\n"}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_PRIVATE_USE_RE = re.compile("[\ue000-\ue00f]")
_FORMAT_RE = re.compile(r"\[(html|moodle|markdown|plain)\]")
_WEIGHT_RE = re.compile(r"%([^%\n]*)%")
_CATEGORY_PREFIX = "$CATEGORY:"


def _hide_escapes(line):
    line = _PRIVATE_USE_RE.sub("", line)
    return _ESCAPE_RE.sub(
        lambda m: _NEWLINE_PLACEHOLDER if m.group(1) == "n" else _PLACEHOLDER[m.group(1)], line
    )


def _restore(text):
    return text.translate(_RESTORE)


def _clean(markup):
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
    ).strip()


def sanitise_html(markup):
    """Clean HTML to the tags and link schemes question text may use."""
    return _clean(markup)


def _split_format(raw, default):
    raw = raw.strip()
    match = _FORMAT_RE.match(raw)
    if match:
        return match.group(1), raw[match.end() :].strip()
    return default, raw


def _to_html(raw, default_format, *, block):
    """GIFT text (escapes still hidden) to sanitised HTML."""
    text_format, text = _split_format(raw, default_format)
    text = _restore(text)
    if text_format == "html":
        return _clean(text)
    if not block:
        return _clean("<br>".join(html.escape(line.strip()) for line in text.split("\n")))
    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [html.escape(line.strip()) for line in paragraph.strip().split("\n")]
        if any(lines):
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return _clean("".join(paragraphs))


def _to_plain(raw):
    return _restore(_split_format(raw, "plain")[1]).strip()


def html_to_text(markup):
    """Readable one-line text of sanitised HTML, for names and previews."""
    markup = re.sub(r"<br\s*/?>|</p>|</li>|</pre>", " ", markup)
    return " ".join(html.unescape(nh3.clean(markup, tags=set())).split())


def _default_name(text_html):
    text = html_to_text(text_html)
    if len(text) > DEFAULT_NAME_LENGTH:
        text = text[: DEFAULT_NAME_LENGTH - 1].rstrip() + "…"
    return text


def _shorten(source):
    source = source.strip()
    if len(source) > SOURCE_MAX_LENGTH:
        return source[: SOURCE_MAX_LENGTH - 1] + "…"
    return source


def _number(raw):
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def numeric_text(low, high):
    """How a numerical answer's range reads: "3.14" or "3.13..3.15"."""
    if low == high:
        return str(low)
    return f"{low}..{high}"


class _Block:
    """One question's lines with comments and $CATEGORY lines removed."""

    def __init__(self, numbered_lines):
        self.numbers = [number for number, _line in numbered_lines]
        self.starts = []
        parts = []
        offset = 0
        for _n, line in numbered_lines:
            self.starts.append(offset)
            hidden = _hide_escapes(line)
            parts.append(hidden)
            offset += len(hidden) + 1
        self.text = "\n".join(parts)
        self.source = "\n".join(line for _n, line in numbered_lines)

    def line_of(self, pos):
        return self.numbers[max(bisect.bisect_right(self.starts, pos) - 1, 0)]


def _split_blocks(text):
    """Yield lists of (line number, line) separated by blank lines."""
    block = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def parse_gift(text):
    """
    Parse a GIFT text. Return (questions, errors); each question that cannot be
    imported is left out of the questions and reported once in the errors.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions, errors = [], []
    category = ""
    for numbered_lines in _split_blocks(text):
        lines = [(n, line) for n, line in numbered_lines if not line.strip().startswith("//")]
        while lines and lines[0][1].strip().startswith(_CATEGORY_PREFIX):
            path = lines.pop(0)[1].strip()[len(_CATEGORY_PREFIX) :]
            category = _restore(_hide_escapes(path)).strip()
        if not lines:
            continue
        block = _Block(lines)
        try:
            questions.append(_parse_question(block, category))
        except _Refused as refused:
            errors.append(
                GiftError(block.line_of(refused.pos), refused.reason, _shorten(block.source))
            )
    return questions, errors


def _parse_question(block, category):
    text = block.text
    start = len(text) - len(text.lstrip())
    name_raw = None
    body = start
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end == -1:
            raise _Refused(start, _("the question title has no closing '::'"))
        name_raw = text[start + 2 : end]
        body = end + 2

    opening = text.find("{", body)
    closing = text.find("}", body)
    if opening == -1 and closing == -1:
        raise _Refused(start, _("description items are not questions (there is no answer block)"))
    if closing == -1:
        raise _Refused(opening, _("missing closing '}'"))
    if opening == -1 or closing < opening:
        raise _Refused(closing, _("missing opening '{' before this '}'"))
    nested = text.find("{", opening + 1, closing)
    if nested != -1:
        raise _Refused(nested, _("'{' inside an answer block must be written '\\{'"))
    for extra in (text.find("{", closing + 1), text.find("}", closing + 1)):
        if extra != -1:
            raise _Refused(
                extra, _("a question has one answer block; write '\\{' or '\\}' for a brace")
            )

    before, after = text[body:opening], text[closing + 1 :]
    question_raw = before + BLANK + after if after.strip() else before
    text_format, _text = _split_format(question_raw, "moodle")
    question_html = _to_html(question_raw, "moodle", block=True)
    if not question_html:
        raise _Refused(start, _("the question text is empty"))

    answers = text[opening + 1 : closing]
    general_feedback = ""
    separator = answers.rfind("####")
    if separator != -1:
        general_feedback = _to_html(answers[separator + 4 :], text_format, block=True)
        answers = answers[:separator]

    parser = _Answers(answers, opening + 1, text_format, question_at=start)
    kind, choices, pairs = parser.parse()

    name = " ".join(_restore(name_raw).split())[:NAME_MAX_LENGTH] if name_raw is not None else ""
    return ParsedQuestion(
        line=block.line_of(start),
        name=name or _default_name(question_html),
        type=kind,
        text=question_html,
        general_feedback=general_feedback,
        category=category,
        choices=choices,
        pairs=pairs,
    )


class _Answers:
    """The inside of one answer block, general feedback removed."""

    def __init__(self, text, offset, text_format, *, question_at):
        # Errors about the question as a whole point at its first line.
        self.question_at = question_at
        self.text = text
        self.offset = offset
        self.format = text_format

    def parse(self):
        stripped = self.text.strip()
        if not stripped:
            return ESSAY, [], []
        if stripped.startswith("#"):
            return NUMERICAL, self._numerical(), []
        if "~" in stripped:
            return self._choice()
        if "=" in stripped and "->" in stripped:
            return MATCHING, [], self._matching()
        if stripped.split("#", 1)[0].strip().upper() in ("T", "TRUE", "F", "FALSE"):
            return TRUE_FALSE, self._true_false(stripped), []
        return SHORT_ANSWER, self._short_answer(), []

    # Pieces ---------------------------------------------------------------

    def _pieces(self, text=None, offset=None):
        """
        Split on "=" and "~": [(marker, content, position)], where a leading
        piece without a marker has marker "".
        """
        text = self.text if text is None else text
        offset = self.offset if offset is None else offset
        pieces = []
        marker, begin = "", 0
        for match in re.finditer("[=~]", text):
            pieces.append((marker, text[begin : match.start()], offset + begin))
            marker, begin = match.group(), match.end()
        pieces.append((marker, text[begin:], offset + begin))
        if not pieces[0][1].strip():
            pieces.pop(0)
        return [(m, content, self._at(content, pos)) for m, content, pos in pieces]

    @staticmethod
    def _at(content, pos):
        return pos + len(content) - len(content.lstrip())

    def _refuse_unmarked(self, pieces):
        for marker, content, pos in pieces:
            if not marker:
                raise _Refused(
                    pos,
                    _("answer '%(answer)s' has no '=' or '~' in front of it")
                    % {"answer": _restore(content.strip())},
                )

    def _weight(self, content, pos, lowest=-FULL_CREDIT):
        """Read a leading %n% weight: (credit or None, rest of the content)."""
        content = content.strip()
        match = _WEIGHT_RE.match(content)
        if not match:
            return None, content
        credit = _number(match.group(1))
        if credit is None:
            raise _Refused(
                pos, _("weight '%(weight)s' is not a number") % {"weight": _restore(match.group())}
            )
        if not lowest <= credit <= FULL_CREDIT:
            raise _Refused(
                pos,
                _("weight %(weight)s%% is outside %(low)s%%..100%%")
                % {"weight": credit, "low": lowest},
            )
        return credit, content[match.end() :]

    def _feedback(self, content):
        answer, _hash, feedback = content.partition("#")
        return answer, _to_html(feedback, self.format, block=False)

    @staticmethod
    def _needs_full_credit(choices, pos):
        if not any(choice.credit == FULL_CREDIT for choice in choices):
            raise _Refused(pos, _("no correct answer (one answer must be worth 100%)"))

    # Question types ---------------------------------------------------------

    def _choice(self):
        pieces = self._pieces()
        self._refuse_unmarked(pieces)
        if len(pieces) < 2:
            raise _Refused(self.question_at, _("a choice question needs at least two answers"))
        choices, single = [], False
        for marker, content, pos in pieces:
            credit, rest = self._weight(content, pos)
            if credit is None:
                # A bare "=" marks the one right answer; "=%n%" is a weight like "~%n%".
                single = single or marker == "="
                credit = FULL_CREDIT if marker == "=" else NO_CREDIT
            answer, feedback = self._feedback(rest)
            text = _to_html(answer, self.format, block=False)
            if not text:
                raise _Refused(pos, _("an answer is empty"))
            choices.append(ParsedChoice(text=text, credit=credit, feedback=feedback))

        if single:
            self._needs_full_credit(choices, self.question_at)
            return SINGLE, choices, []
        correct = sum((c.credit for c in choices if c.credit > 0), NO_CREDIT)
        if not correct:
            raise _Refused(
                self.question_at, _("no correct answer (no answer has a positive weight)")
            )
        if abs(correct - FULL_CREDIT) > CREDIT_SUM_TOLERANCE:
            raise _Refused(
                self.question_at,
                _("the weights of the correct answers add up to %(total)s%%, not 100%%")
                % {"total": correct},
            )
        return MULTIPLE, choices, []

    def _true_false(self, stripped):
        value, wrong, right = ([*stripped.split("#", 2), "", ""])[:3]
        wrong = _to_html(wrong, self.format, block=False)
        right = _to_html(right, self.format, block=False)
        is_true = value.strip().upper() in ("T", "TRUE")
        return [
            ParsedChoice(
                TRUE_TEXT, FULL_CREDIT if is_true else NO_CREDIT, right if is_true else wrong
            ),
            ParsedChoice(
                FALSE_TEXT, NO_CREDIT if is_true else FULL_CREDIT, wrong if is_true else right
            ),
        ]

    def _short_answer(self):
        pieces = self._pieces()
        self._refuse_unmarked(pieces)
        choices = []
        for _marker, content, pos in pieces:
            credit, rest = self._weight(content, pos, lowest=NO_CREDIT)
            answer, feedback = self._feedback(rest)
            text = _to_plain(answer)
            if not text:
                raise _Refused(pos, _("an answer is empty"))
            choices.append(
                ParsedChoice(
                    text=text,
                    credit=FULL_CREDIT if credit is None else credit,
                    feedback=feedback,
                )
            )
        self._needs_full_credit(choices, self.question_at)
        return choices

    def _matching(self):
        pieces = self._pieces()
        self._refuse_unmarked(pieces)
        pairs = []
        for _marker, content, pos in pieces:
            prompt, arrow, answer = content.partition("->")
            if not arrow:
                raise _Refused(
                    pos,
                    _("matching item '%(item)s' has no '->'") % {"item": _restore(content.strip())},
                )
            answer = _to_plain(answer)
            if not answer:
                raise _Refused(
                    pos,
                    _("matching item '%(item)s' has nothing after '->'")
                    % {"item": _restore(content.strip())},
                )
            pairs.append(ParsedPair(_to_html(prompt, self.format, block=False), answer))
        if sum(1 for pair in pairs if pair.prompt) < 2:
            raise _Refused(self.question_at, _("matching needs at least two pairs"))
        return pairs

    def _numerical(self):
        hash_at = self.text.index("#")
        body, body_offset = self.text[hash_at + 1 :], self.offset + hash_at + 1
        pieces = self._pieces(body, body_offset)
        choices, other = [], None
        for marker, content, pos in pieces:
            if marker == "~":
                if not content.strip().startswith("#") or other is not None:
                    raise _Refused(
                        pos,
                        _(
                            "in a numerical question '~' only gives feedback for any other "
                            "answer, written '~#feedback'"
                        ),
                    )
                other = ParsedChoice(
                    ANY_OTHER_ANSWER,
                    NO_CREDIT,
                    _to_html(content.strip()[1:], self.format, block=False),
                )
                continue
            credit, rest = self._weight(content, pos, lowest=NO_CREDIT)
            answer, feedback = self._feedback(rest)
            low, high = self._range(_restore(answer).strip(), pos)
            choices.append(
                ParsedChoice(
                    text=numeric_text(low, high),
                    credit=FULL_CREDIT if credit is None else credit,
                    feedback=feedback,
                    low=low,
                    high=high,
                )
            )
        if not choices:
            raise _Refused(self.question_at, _("a numerical question needs at least one answer"))
        self._needs_full_credit(choices, self.question_at)
        return [*choices, other] if other else choices

    @staticmethod
    def _range(answer, pos):
        not_a_number = _("numerical answer '%(answer)s' is not a number")
        if answer.find("..") > 0:
            low_raw, _dots, high_raw = answer.partition("..")
            low, high = _number(low_raw), _number(high_raw)
            if low is None or high is None:
                raise _Refused(
                    pos, _("range '%(answer)s' is not two numbers around '..'") % {"answer": answer}
                )
            if low > high:
                raise _Refused(
                    pos,
                    _("range '%(answer)s' starts above where it ends") % {"answer": answer},
                )
            return low, high
        if answer.find(":") > 0:
            value_raw, _colon, tolerance_raw = answer.partition(":")
            value = _number(value_raw)
            if value is None:
                raise _Refused(pos, not_a_number % {"answer": value_raw.strip()})
            tolerance = _number(tolerance_raw)
            if tolerance is None:
                raise _Refused(
                    pos,
                    _("tolerance '%(tolerance)s' is not a number")
                    % {"tolerance": tolerance_raw.strip()},
                )
            if tolerance < 0:
                raise _Refused(
                    pos,
                    _("tolerance '%(tolerance)s' cannot be negative")
                    % {"tolerance": tolerance_raw.strip()},
                )
            return value - tolerance, value + tolerance
        value = _number(answer)
        if value is None:
            raise _Refused(pos, not_a_number % {"answer": answer})
        return value, value


# Writing --------------------------------------------------------------------


def _escape(text):
    text = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", "").replace("\n", "\\n")


def _write_html(markup):
    # A literal "[plain]" at the start would be read as a format marker, a
    # leading "%" as a weight; the entity reads back as the same "%".
    prefix = "[html]" if _FORMAT_RE.match(markup) else ""
    if markup.startswith("%"):
        markup = "&#37;" + markup[1:]
    return prefix + _escape(markup)


def _write_plain(text):
    prefix = "[plain]" if _FORMAT_RE.match(text) else ""
    return prefix + _escape(text)


def _write_credit(credit):
    return f"%{credit!s}%"


def _write_feedback(feedback):
    return "#" + _write_html(feedback) if feedback else ""


def _write_answers(question):
    kind = question.type
    if kind == ESSAY:
        return ""
    if kind == TRUE_FALSE:
        true, false = _true_and_false(question.choices)
        right, wrong = (true, false) if true.credit > 0 else (false, true)
        out = "TRUE" if true.credit > 0 else "FALSE"
        if right.feedback or wrong.feedback:
            out += "#" + _write_html(wrong.feedback) + "#" + _write_html(right.feedback)
        return out
    if kind in (SINGLE, MULTIPLE):
        lines = []
        for choice in question.choices:
            if kind == SINGLE and choice.credit == FULL_CREDIT:
                marker = "="
            elif choice.credit == NO_CREDIT:
                marker = "~"
            else:
                marker = "~" + _write_credit(choice.credit)
            lines.append(marker + _write_html(choice.text) + _write_feedback(choice.feedback))
        return _lines(lines)
    if kind == SHORT_ANSWER:
        return _lines(
            "=" + _write_credit(c.credit) + _write_plain(c.text) + _write_feedback(c.feedback)
            for c in question.choices
        )
    if kind == NUMERICAL:
        lines = []
        for choice in question.choices:
            if choice.low is None:
                lines.append("~#" + _write_html(choice.feedback))
            else:
                number = numeric_text(choice.low, choice.high)
                lines.append(
                    "=" + _write_credit(choice.credit) + number + _write_feedback(choice.feedback)
                )
        return "#" + _lines(lines)
    if kind == MATCHING:
        return _lines(
            "=" + _write_html(pair.prompt) + " -> " + _write_plain(pair.answer)
            for pair in question.pairs
        )
    raise ValueError(f"unknown question type {kind!r}")


def _true_and_false(choices):
    by_text = {choice.text: choice for choice in choices}
    if TRUE_TEXT in by_text and FALSE_TEXT in by_text:
        return by_text[TRUE_TEXT], by_text[FALSE_TEXT]
    true, false = choices[0], choices[1]
    return true, false


def _lines(lines):
    return "\n" + "".join(f"\t{line}\n" for line in lines)


def _write_question(question):
    answers = _write_answers(question)
    if question.general_feedback:
        feedback = "####" + _write_html(question.general_feedback)
        answers += f"\t{feedback}\n" if answers.endswith("\n") else feedback
    block = "{" + answers + "}"
    text = _escape(question.text)
    # A missing-word question keeps its blank where the answers go.
    head, blank, tail = text.partition(BLANK)
    if blank and tail.strip() and BLANK not in tail:
        text = head + block + tail
    else:
        text += block
    return "::" + _escape(question.name) + "::[html]" + text


def write_gift(questions):
    """Write questions (ParsedQuestion or anything with the same attributes) as GIFT."""
    out = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            path = category.replace("\\", "\\\\").replace("\n", " ")
            out.append(f"{_CATEGORY_PREFIX} {path}".rstrip())
        out.append(f"// {question.type}\n" + _write_question(question))
    return "\n\n".join(out) + "\n" if out else ""


def correct_answers(question):
    """Plain-text summary of what earns credit, for previews."""
    kind = question.type
    if kind == MATCHING:
        return [f"{html_to_text(p.prompt)} → {p.answer}" for p in question.pairs if p.prompt]
    summary = []
    for choice in question.choices:
        if choice.credit <= 0:
            continue
        text = choice.text if kind in (SHORT_ANSWER, NUMERICAL) else html_to_text(choice.text)
        if choice.credit != FULL_CREDIT:
            text += f" ({choice.credit}%)"
        summary.append(text)
    return summary
