"""The actor registry's people and offices: gender, shared surnames, dated epithets and office holders."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from stance.actors import GENDERS, ActorDataError, ActorRegistry

D = dt.date


@pytest.fixture(scope="module")
def shipped() -> ActorRegistry:
    return ActorRegistry.default()


def names(actors) -> list[str]:
    return [a.name for a in actors]


# ---------------------------------------------------------------------------------------------
# Gender


def test_every_shipped_person_has_a_gender_and_nobody_else_has_one(shipped):
    for actor in shipped:
        if actor.type == "person":
            assert actor.gender in GENDERS, actor.name
        else:
            assert actor.gender is None, actor.name


@pytest.mark.parametrize("name, gender", [
    ("Hillary Clinton", "female"), ("Bill Clinton", "male"), ("Angela Merkel", "female"),
    ("Vladimir Putin", "male"), ("Theresa May", "female"), ("Park Geun-hye", "female"),
    ("Ursula von der Leyen", "female"), ("Elizabeth II", "female"), ("Pope Francis", "male"),
])
def test_gender_spot_checks(shipped, name, gender):
    assert shipped.get(name).gender == gender


def test_gender_is_read_written_and_checked(tmp_path):
    registry = ActorRegistry.empty().extend([
        {"name": "Ann Example", "type": "person", "gender": "female"},
        {"name": "Pat Example", "type": "person"},
    ])
    assert registry.get("Ann Example").gender == "female"
    assert registry.get("Pat Example").gender is None
    registry.to_frame().to_csv(tmp_path / "actors.csv", index=False)
    again = ActorRegistry.empty().extend(tmp_path / "actors.csv")
    assert again.get("Ann Example").gender == "female" and again.get("Pat Example").gender is None
    with pytest.raises(ActorDataError, match="field 'gender'"):
        ActorRegistry.empty().extend([{"name": "X", "type": "person", "gender": "f"}])
    with pytest.raises(ActorDataError, match="field 'gender'"):
        ActorRegistry.empty().extend([{"name": "X", "type": "organisation", "gender": "female"}])


# ---------------------------------------------------------------------------------------------
# The US 2016 election people and shared surnames


US_2016 = [
    "Hillary Clinton", "Bill Clinton", "Chelsea Clinton", "Donald Trump", "Melania Trump", "Ivanka Trump",
    "Donald Trump Jr.", "Eric Trump", "Mike Pence", "Tim Kaine", "Bernie Sanders", "Ted Cruz", "Marco Rubio",
    "John Kasich", "Jeb Bush", "Ben Carson", "Gary Johnson", "Jill Stein", "Paul Ryan", "Mitch McConnell",
    "Harry Reid", "Nancy Pelosi", "Chuck Schumer", "Joe Biden", "Reince Priebus", "Kellyanne Conway",
    "Steve Bannon", "Michael Flynn", "Rudy Giuliani", "Chris Christie", "Newt Gingrich", "Robby Mook",
    "John Podesta", "Debbie Wasserman Schultz", "Donna Brazile", "Huma Abedin", "James Comey", "Loretta Lynch",
    "John Kerry", "Mitt Romney", "Elizabeth Warren", "Ronald Reagan", "George W. Bush", "George H. W. Bush",
    "Michelle Obama", "Corey Lewandowski", "Paul Manafort", "Josh Earnest",
]


@pytest.mark.parametrize("name", US_2016)
def test_us_2016_people(shipped, name):
    person = shipped.get(name)
    assert person.type == "person" and person.country == "USA" and person.gender in GENDERS
    assert shipped.country_of(name).name == "United States"


def test_parties_and_committees(shipped):
    assert shipped.lookup("GOP").name == shipped.lookup("Republicans").name == "Republican Party"
    assert shipped.lookup("Democrats").name == "Democratic Party"
    assert shipped.lookup("DNC").name == "Democratic National Committee"
    assert shipped.lookup("RNC").name == "Republican National Committee"
    assert shipped.lookup("Labour").name == "Labour Party" and shipped.lookup("Tories").name == "Conservative Party"
    # adjectives are no mentions of a party; lower-case nouns are ordinary words
    for form in ("Democratic", "Republican", "Conservative", "Tory", "labour", "democrats", "conservatives"):
        assert shipped.lookup(form) is None, form
    assert [a.name for a in shipped.ancestors("Donna Brazile")][:3] == [
        "Democratic National Committee", "Democratic Party", "United States"]


def test_shared_family_surnames_resolve_to_nobody(shipped):
    assert shipped.lookup("Clinton") is None
    assert shipped.lookup("Bush") is None
    assert names(shipped.people_named("Clinton")) == ["Bill Clinton", "Hillary Clinton", "Chelsea Clinton"]
    assert set(names(shipped.people_named("Bush"))) == {"George W. Bush", "George H. W. Bush", "Jeb Bush"}


def test_explicit_alias_beats_derived_surnames(shipped):
    assert shipped.lookup("Trump").name == "Donald Trump"
    assert shipped.lookup("Obama").name == "Barack Obama"
    assert names(shipped.people_named("Obama")) == ["Barack Obama", "Michelle Obama"]
    assert names(shipped.people_named("Trump"))[0] == "Donald Trump"
    assert {"Melania Trump", "Ivanka Trump", "Donald Trump Jr.", "Eric Trump"} <= set(names(shipped.people_named("Trump")))


def test_honorifics_are_no_aliases_and_filter_candidates_by_gender(shipped):
    for form in ("Mrs. Trump", "Ms. Trump", "Mrs Clinton", "Mrs. Obama", "Mr. Clinton"):
        assert shipped.lookup(form) is None, form
    assert names(shipped.people_named("Mrs. Trump")) == ["Melania Trump", "Ivanka Trump"]
    assert "Donald Trump" not in names(shipped.people_named("Mrs. Trump"))
    assert names(shipped.people_named("Mrs. Clinton")) == ["Hillary Clinton", "Chelsea Clinton"]
    assert names(shipped.people_named("Mr. Clinton")) == ["Bill Clinton"]
    assert names(shipped.people_named("Mrs. Obama")) == ["Michelle Obama"]
    assert names(shipped.people_named("Mr. Putin")) == ["Vladimir Putin"]
    assert shipped.people_named("Mr.") == [] and shipped.people_named("Nobody") == []


def test_no_surname_shared_by_two_people_silently_picks_one(shipped):
    allowed = {"Obama": "Barack Obama", "Trump": "Donald Trump"}  # news usage: see people.csv notes
    surnames: dict[str, list[str]] = {}
    for person in (a for a in shipped if a.type == "person"):
        words = [w for w in person.name.split() if w.rstrip(".") not in ("Jr", "Sr")]
        if len(words) > 1 and not re.fullmatch(r"[IVXLC]+", words[-1]):  # not "Elizabeth II"
            surnames.setdefault(words[-1], []).append(person.name)
    shared = {s: people for s, people in surnames.items() if len(people) > 1}
    assert {"Clinton", "Bush", "Trump", "Obama", "Johnson", "Rice", "Miliband"} <= set(shared)
    for surname, people in shared.items():
        found = shipped.lookup(surname)
        assert (found.name if found else None) == allowed.get(surname), (surname, people)
        assert set(people) <= set(names(shipped.people_named(surname)))
