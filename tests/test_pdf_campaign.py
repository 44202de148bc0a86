"""The bad-input campaign for PDFs: generated and hostile user text (markup, entities, unclosed
tags, control characters, emoji, right-to-left scripts, combining accents, very long words, many
line breaks) goes through every PDF report via the data layer, and each time the report is a valid
PDF that pypdf opens and whose text still contains the input's printable words.

What "contains the input" means here: both sides are NFKC-normalised, control and format
characters dropped and whitespace removed (wrapping may break a line anywhere, even inside a long
word); then every run of plain Latin letters, digits and ASCII punctuation in the input must be
found in the PDF's text. Emoji (DejaVu has no glyphs for most of them) and right-to-left scripts
(ReportLab neither shapes Arabic nor reorders bidirectional text, and pypdf may extract them in
either order) are drawn but not reliably extractable, so they are only required not to break the
build. The known hostile ASCII strings (``R&D < 1.44% <b`` …) must appear verbatim, with
whitespace merely collapsed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.db import assessments as a
from app.db import directory as d
from app.db import hours as h
from app.db import maturity as mt
from app.db import meetings as m
from app.db.database import Database
from app.domain.hours import EntryInput
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.domain.validation import CONTROL_RE
from app.errors import ValidationError
from app.reports.assessment_pdf import write_assessment_pdf
from app.reports.hours_pdf import officer_statement, programme_summary
from app.reports.maturity_pdf import write_profile_pdf, write_working_group_pdf
from app.reports.minutes_pdf import build_minutes, write_minutes

TODAY = dt.date(2026, 11, 29)
GENERATED = dt.datetime(2026, 11, 29, 10, 15)
AS_OF = dt.date(2026, 9, 30)

HOSTILE = (
    "<b>",
    "</para>",
    "<font name=x>",
    "<b>unclosed bold <i>and italic",
    "&",
    "&amp;",
    "&#x41; &#0; &bogus; &lt;",
    "R&D < 1.44% <b",
    "She said \"it's <fine>\" & 'left'",
    "tab\there\x0bvertical\x0cform\x01\x02\x1f\x7fend",
    "Emoji 😀👍🏽🇪🇸 done",
    "العربية مرحبا بالعالم",
    "שלום עולם RTL",
    "Cafe\u0301 nai\u0308ve Z\u0335a\u0336lgo",
    "Ñandú ñ Łódź Ł 5 € ß",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
    "x" * 700,
    "many\n\n\n\n\n\n\n\n\n\nnewlines\n\n\n\nend",
    "]]> <!-- x --> <![CDATA[ y ]]> <?pi?>",
    "\u202eevil \u200dzwj\u200b zero width\u00adsoft",
)
# the hostile strings made only of printable ASCII: these must be printed verbatim
VERBATIM = tuple(s for s in HOSTILE if re.fullmatch(r"[ -~]+", s) and len(s) < 100)
ALL_HOSTILE = "\n".join(HOSTILE)

TAGS = st.builds(
    lambda tag, attr, body, close: f"<{tag}{attr}>{body}{close}",
    st.sampled_from(["b", "i", "para", "font", "br", "a", "img", "u", "strike", "super", "seq"]),
    st.sampled_from(["", " name=x", ' size="80"', " href='javascript:x'", " src=/etc/passwd", "/"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(["", "</b>", "</para>", "</font>", "<", "&", "&amp;", "&#"]),
)
RANDOM = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)
TEXT = st.one_of(
    RANDOM,
    st.sampled_from(HOSTILE),
    TAGS,
    st.lists(st.one_of(RANDOM, st.sampled_from(HOSTILE), TAGS), min_size=2, max_size=5).map(
        " \n".join
    ),
)
CAMPAIGN = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --------------------------------------------------------------------------- checking
def _drop_controls(text: str) -> str:
    """Control (Cc, except line breaks and tabs) and format (Cf) characters removed."""
    return "".join(
        c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cn")
    )


def squash(text: str) -> str:
    """NFKC, no control/format characters, no whitespace at all."""
    return "".join(_drop_controls(unicodedata.normalize("NFKC", text)).split())


def collapse(text: str) -> str:
    """NFKC, no control/format characters, runs of whitespace as one space."""
    return " ".join(_drop_controls(unicodedata.normalize("NFKC", text)).split())


def latin_runs(text: str) -> list[str]:
    """The runs of plain Latin letters, digits and ASCII punctuation in ``text``.

    An ASCII character followed by a combining mark is not plain (NFKC may compose the pair into
    one accented letter), nor is anything the compatibility mapping would rewrite."""
    text = _drop_controls(text)
    runs, run = [], []
    touches_rtl = False  # a run glued to right-to-left text may be extracted in another order
    for i, c in enumerate(text):
        after = text[i + 1] if i + 1 < len(text) else ""
        plain = "!" <= c <= "~" and not (after and unicodedata.category(after).startswith("M"))
        if plain:
            if not run and i and _rtl(text[i - 1]):
                touches_rtl = True
            run.append(c)
            if after and _rtl(after):
                touches_rtl = True
        elif run:
            if not touches_rtl:
                runs.append("".join(run))
            run, touches_rtl = [], False
    if run and not touches_rtl:
        runs.append("".join(run))
    return [r for r in runs if any(ch.isalnum() for ch in r)]


def _rtl(c: str) -> bool:
    return unicodedata.bidirectional(c) in ("R", "AL", "AN")


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def assert_contains(path: Path, *inputs: str) -> None:
    """``path`` is a valid PDF whose text holds every plain word of every input."""
    assert path.read_bytes().startswith(b"%PDF-")
    text = pdf_text(path)
    flat, squashed = collapse(text), squash(text)
    for given_text in inputs:
        # right-to-left text is laid out in logical order but extracted by pypdf in visual order,
        # which moves even the Latin words around it (and reports join lines into paragraphs):
        # for such an input only the PDF's validity is checked, for all others every word
        ltr = "" if any(_rtl(c) for c in given_text) else given_text
        missing = [r for r in latin_runs(ltr) if r not in squashed]
        assert not missing, f"missing from the PDF: {missing[:5]!r} (input {given_text[:200]!r})"
        for hostile in VERBATIM:
            if hostile in ltr:
                assert collapse(hostile) in flat, hostile


def debulleted(text: str) -> str:
    """Multi-line lists as the assessment PDF prints them: bullet markers become "•"."""
    bullet = re.compile(r"^(?:[-*•–·]|\d{1,2}[.)])\s+")
    return "\n".join(bullet.sub("", ln.strip()) for ln in text.splitlines())


def one_line(text: str, limit: int) -> str:
    """A one-line field as the data layer keeps it, cut to the field's limit."""
    return " ".join(CONTROL_RE.sub("", text).split())[:limit]


def test_the_checker_itself() -> None:
    assert latin_runs("Cafe\u0301 R&D <b> 😀x ab\x01cd") == ["Caf", "R&D", "<b>", "x", "abcd"]
    assert squash("R&D <\n 1.44%\u200b") == "R&D<1.44%"


# --------------------------------------------------------------------------- hours
@pytest.fixture
def hours(db: Database) -> dict[str, int]:
    officer = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    cluster = d.create_cluster(db, ClusterInput("GAIA – ICT & Electronics <Cluster>", "GAIA"))
    d.add_assignment(db, AssignmentInput(officer, cluster, dt.date(2024, 1, 1)))
    entry, _ = h.add_entry(
        db, EntryInput(officer, dt.date(2026, 3, 2), 90, "preparation", cluster, "x"), today=TODAY
    )
    return {"officer": officer, "cluster": cluster, "entry": entry}


@CAMPAIGN
@given(text=TEXT)
@example(text=ALL_HOSTILE)
@example(text="R&D < 1.44% <b")
def test_officer_statement_survives(
    db: Database, hours: dict[str, int], tmp_path: Path, text: str
) -> None:
    description = text[:2000]
    data = EntryInput(
        hours["officer"], dt.date(2026, 3, 2), 90, "preparation", hours["cluster"], description
    )
    try:
        h.update_entry(db, hours["entry"], data, today=TODAY)
    except ValidationError:
        assume(False)
    out = officer_statement(
        db, hours["officer"], 2026, tmp_path / "s.pdf", as_of=AS_OF, generated=GENERATED
    )
    assert_contains(out, description)


@CAMPAIGN
@given(text=TEXT)
@example(text=ALL_HOSTILE)
def test_programme_summary_survives(
    db: Database, hours: dict[str, int], tmp_path: Path, text: str
) -> None:
    name, officer = one_line(text, 200), one_line(text, 120)
    try:
        d.update_cluster(db, hours["cluster"], ClusterInput(name, "GAIA"))
        d.update_officer(db, hours["officer"], OfficerInput(officer, "inaki@example.org"))
    except ValidationError:
        assume(False)
    out = programme_summary(db, 2026, tmp_path / "sum.pdf", as_of=AS_OF, generated=GENERATED)
    assert_contains(out, name, officer)


# --------------------------------------------------------------------------- minutes
@pytest.fixture
def meeting(db: Database) -> dict[str, int]:
    cluster = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    mid = m.create_meeting(
        db,
        MeetingInput(cluster, dt.datetime(2026, 3, 10, 10), dt.datetime(2026, 3, 10, 12)),
        agenda=("Welcome", "Budget", "AOB"),
    )
    item = m.get_meeting(db, mid).agenda[1].id
    decision = m.add_decision(db, mid, "placeholder", agenda_item_id=item)
    action = m.add_action(db, mid, "placeholder")
    return {"cluster": cluster, "mid": mid, "item": item, "decision": decision, "action": action}


@CAMPAIGN
@given(text=TEXT)
@example(text=ALL_HOSTILE)
def test_minutes_survive(db: Database, meeting: dict[str, int], tmp_path: Path, text: str) -> None:
    title = one_line(text, 300)
    action = text
    start = dt.datetime(2026, 3, 10, 10)
    try:
        m.update_meeting(
            db,
            meeting["mid"],
            MeetingInput(meeting["cluster"], start, start + dt.timedelta(hours=2), title=title),
        )
        m.set_agenda_notes(db, meeting["item"], text)
        m.update_decision(db, meeting["decision"], text)
        m.update_action(
            db,
            meeting["action"],
            description=action,
            owner_officer_id=None,
            owner_attendee_id=None,
            due_date=None,
        )
    except ValidationError:
        assume(False)
    out = write_minutes(db, meeting["mid"], tmp_path / "m.pdf", generated=GENERATED)
    assert_contains(out, text, title, action)


def test_a_megabyte_of_hostile_notes_in_the_minutes(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    """One 1 MB note. The data layer caps notes at 200,000 characters, so the megabyte goes in
    through the meeting record the report is built from (as a restored or imported one could)."""
    block = ALL_HOSTILE.replace("x" * 700, "y" * 70) + "\n"
    note = (block * (1_000_000 // len(block) + 1))[:1_000_000] + "\nEND OF THE MEGABYTE NOTE"
    assert len(note) > 1_000_000
    m.set_agenda_notes(db, meeting["item"], "placeholder")
    detail = m.get_meeting(db, meeting["mid"])
    agenda = list(detail.agenda)
    agenda[1] = dataclasses.replace(agenda[1], notes=note)
    out = build_minutes(dataclasses.replace(detail, agenda=tuple(agenda)), tmp_path / "big.pdf")
    text = collapse(pdf_text(out))
    assert "END OF THE MEGABYTE NOTE" in text
    assert text.count("R&D < 1.44% <b") >= note.count("R&D < 1.44% <b")
    assert text.index("2. Budget") < text.index("END OF THE MEGABYTE NOTE") < text.index("3. AOB")


@pytest.mark.parametrize("carried", [False, True], ids=["this-meeting", "carried-forward"])
def test_minutes_with_an_action_of_many_short_lines(
    db: Database, meeting: dict[str, int], tmp_path: Path, carried: bool
) -> None:
    if carried:
        description = "l\n" * 119
        m.update_action(
            db,
            meeting["action"],
            description=description,
            owner_officer_id=None,
            owner_attendee_id=None,
            due_date=None,
        )
        later = dt.datetime(2026, 4, 14, 10)
        target = m.create_meeting(db, MeetingInput(meeting["cluster"], later))
    else:
        description = "l\n" * 67
        m.add_action(db, meeting["mid"], description)  # accepted by the data layer
        target = meeting["mid"]
    out = write_minutes(db, target, tmp_path / "m.pdf", generated=GENERATED)
    assert_contains(out, description)


# --------------------------------------------------------------------------- assessment
@pytest.fixture
def assessment(db: Database) -> dict[str, int]:
    cluster = d.create_cluster(db, ClusterInput("GAIA – ICT & Electronics <Cluster>", "GAIA"))
    aid = a.create_assessment(db, cluster, 2026)
    criterion = a.get_assessment(db, aid).template.criteria()[0].id
    a.set_score(db, aid, criterion, 3)
    return {"aid": aid, "criterion": criterion}


@CAMPAIGN
@given(text=TEXT, strengths=TEXT)
@example(text=ALL_HOSTILE, strengths=ALL_HOSTILE)
def test_assessment_survives(
    db: Database, assessment: dict[str, int], tmp_path: Path, text: str, strengths: str
) -> None:
    aid = assessment["aid"]
    try:
        a.set_criterion_text(db, aid, assessment["criterion"], comment=text, evidence=text[::-1])
        a.set_summary_text(db, aid, strengths=strengths)
    except ValidationError:
        assume(False)
    out = write_assessment_pdf(db, aid, tmp_path / "a.pdf", generated=GENERATED)
    assert_contains(out, text, text[::-1], debulleted(strengths))


# --------------------------------------------------------------------------- maturity
@pytest.fixture
def maturity(db: Database) -> dict[str, int]:
    cluster = d.create_cluster(db, ClusterInput("Nuevo Clúster Ñ", "NUEVO"))
    other = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    dims = [x.id for x in mt.list_models(db)[0].dimensions]
    levels = dict(zip(dims, [2, 3, 1, 4, 2, 3, 5], strict=True))
    pid = mt.create_profile(db, cluster, dt.date(2026, 6, 1), levels=levels, today=TODAY)
    mt.create_profile(db, other, dt.date(2026, 6, 1), levels=levels, today=TODAY)
    return {"cluster": cluster, "other": other, "pid": pid, "dim": dims[2]}


@CAMPAIGN
@given(text=TEXT)
@example(text=" ".join(HOSTILE[:15]))
@example(text="\n".join(HOSTILE[15:]))
def test_maturity_profile_survives(
    db: Database, maturity: dict[str, int], tmp_path: Path, text: str
) -> None:
    note = text
    try:
        mt.set_level(db, maturity["pid"], maturity["dim"], 1, note=note, evidence=note[::-1])
    except ValidationError:
        assume(False)
    out = write_profile_pdf(db, maturity["cluster"], tmp_path / "p.pdf", generated=GENERATED)
    assert_contains(out, note, note[::-1])


LONG_NOTE = "Audited accounts show growth. " * 96  # 2,880 characters of ordinary prose


@pytest.mark.parametrize("note", [LONG_NOTE, "line\n" * 65], ids=["prose", "lines"])
def test_profile_pdf_with_a_note_longer_than_a_page(
    db: Database, maturity: dict[str, int], tmp_path: Path, note: str
) -> None:
    mt.set_level(db, maturity["pid"], maturity["dim"], 1, note=note)  # accepted: < 200,000
    out = write_profile_pdf(db, maturity["cluster"], tmp_path / "p.pdf", generated=GENERATED)
    assert_contains(out, note)


@CAMPAIGN
@given(text=TEXT)
@example(text=ALL_HOSTILE)
def test_working_group_brief_survives(
    db: Database, maturity: dict[str, int], tmp_path: Path, text: str
) -> None:
    topic = one_line(text, 200)
    try:
        gid = mt.create_working_group(
            db,
            topic=topic,
            dimension="Financing",
            proposed_on=TODAY,
            meets_on=dt.date(2027, 1, 20),
            members=[(maturity["cluster"], "participant", 1), (maturity["other"], "mentor", 5)],
            notes=text,
        )
    except ValidationError:
        assume(False)
    out = write_working_group_pdf(db, gid, tmp_path / "wg.pdf", generated=GENERATED)
    assert_contains(out, topic, text)
