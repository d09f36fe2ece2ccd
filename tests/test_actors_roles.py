"""The actor registry's people and offices: gender, shared surnames, dated epithets and office holders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import names

from stance.actors import GENDERS, ActorDataError, ActorRegistry

D = dt.date



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


# ---------------------------------------------------------------------------------------------
# Dated epithets: inside and outside their terms


@pytest.mark.parametrize("phrase, inside, person, outside", [
    ("the Democratic nominee", "2016-09-01", "Hillary Clinton", "2016-06-01"),
    ("the Democratic presidential nominee", "2016-11-08", "Hillary Clinton", "2016-11-09"),
    ("the Democratic candidate", "2012-10-01", "Barack Obama", "2013-06-01"),
    ("the Democratic nominee", "2008-10-01", "Barack Obama", "2008-08-26"),
    ("the Democratic nominee", "2020-10-01", "Joe Biden", "2020-08-17"),
    ("the Democratic nominee", "2024-10-01", "Kamala Harris", "2024-08-04"),
    ("the Republican nominee", "2016-07-19", "Donald Trump", "2016-07-18"),
    ("GOP nominee", "2016-10-01", "Donald Trump", "2017-03-01"),
    ("the GOP nominee", "2012-10-01", "Mitt Romney", "2012-11-07"),
    ("the Republican presidential nominee", "2020-10-01", "Donald Trump", "2020-11-04"),
    ("the Republican nominee", "2024-10-01", "Donald Trump", "2024-07-14"),
    ("the president-elect", "2016-12-01", "Donald Trump", "2017-01-20"),
    ("the president-elect", "2020-12-01", "Joe Biden", "2020-11-06"),
    ("the president-elect", "2024-12-01", "Donald Trump", "2024-11-05"),
    ("the vice president-elect", "2016-12-01", "Mike Pence", "2016-11-08"),
    ("the US vice president", "2018-01-01", "Mike Pence", "2021-01-20"),
    ("the former secretary of state", "2016-03-01", "Hillary Clinton", "2017-03-01"),
    ("the former secretary of state", "2015-04-12", "Hillary Clinton", "2015-04-11"),
    ("the House Speaker", "2016-01-01", "Paul Ryan", "2015-10-28"),
    ("Speaker of the House", "2020-01-01", "Nancy Pelosi", "2023-01-05"),
    ("the Senate majority leader", "2016-01-01", "Mitch McConnell", "2021-01-20"),
    ("the Labour leader", "2017-06-01", "Jeremy Corbyn", "2015-06-01"),
    ("the Labour leader", "2012-01-01", "Ed Miliband", "2010-06-01"),
    ("the Labour leader", "2021-01-01", "Keir Starmer", None),
    ("the Tory leader", "2017-06-01", "Theresa May", None),
    ("the Conservative leader", "2020-01-01", "Boris Johnson", None),
    ("the British opposition leader", "2017-06-01", "Jeremy Corbyn", "2015-06-01"),
    ("Britain's opposition leader", "2025-01-01", "Kemi Badenoch", None),
])
def test_dated_epithets(shipped, phrase, inside, person, outside):
    assert shipped.resolve_role_phrase(phrase, on=inside).name == person
    if outside is not None:
        found = shipped.resolve_role_phrase(phrase, on=outside)
        assert found is None or found.name != person


@pytest.mark.parametrize("phrase", [
    "the presumptive nominee", "the nominee", "the vice president", "the Speaker", "the opposition leader",
    "the leader", "the Democratic", "the party leader",
])
def test_ambiguous_epithets_resolve_to_nobody(shipped, phrase):
    assert shipped.resolve_role_phrase(phrase, on="2016-09-01") is None


def test_epithets_outside_every_term_are_none(shipped):
    assert shipped.resolve_role_phrase("the Democratic nominee", on="2016-06-01") is None
    assert shipped.resolve_role_phrase("the president-elect", on="2016-06-01") is None
    assert shipped.resolve_role_phrase("the former secretary of state", on="2017-06-01") is None
    assert shipped.resolve_role_phrase("the Labour leader", on="2015-07-01") is None  # acting leader not listed


def test_party_offices_through_holder(shipped):
    assert shipped.holder("Democratic Party", "nominee", "2016-09-01").name == "Hillary Clinton"
    assert shipped.holder("GOP", "nominee", "2016-09-01").name == "Donald Trump"
    assert shipped.holder("DNC", "nominee", "2016-09-01").name == "Hillary Clinton"  # the party's office
    assert shipped.holder("US", "vice president", "2016-09-01").name == "Joe Biden"
    assert shipped.holder("US", "president", "2016-12-01").name == "Barack Obama"  # not the president-elect


# ---------------------------------------------------------------------------------------------
# Office holders 2014-2024 (a sample)


@pytest.mark.parametrize("country, office, day, person", [
    ("United States", "vice president", "2022-01-01", "Kamala Harris"),
    ("United Kingdom", "prime minister", "2016-07-13", "Theresa May"),
    ("United Kingdom", "foreign secretary", "2017-01-01", "Boris Johnson"),
    ("Mexico", "foreign minister", "2016-12-01", "Claudia Ruiz Massieu"),
    ("Mexico", "foreign minister", "2017-01-04", "Luis Videgaray"),
    ("France", "president", "2016-01-01", "François Hollande"),
    ("Germany", "foreign minister", "2016-01-01", "Frank-Walter Steinmeier"),
    ("Italy", "prime minister", "2015-06-01", "Matteo Renzi"),
    ("Japan", "prime minister", "2016-01-01", "Shinzo Abe"),
    ("India", "prime minister", "2014-05-26", "Narendra Modi"),
    ("Brazil", "president", "2016-09-01", "Michel Temer"),
    ("Turkey", "prime minister", "2015-01-01", "Ahmet Davutoğlu"),
    ("Canada", "prime minister", "2016-01-01", "Justin Trudeau"),
    ("Australia", "prime minister", "2016-01-01", "Malcolm Turnbull"),
    ("EU", "Commission president", "2016-01-01", "Jean-Claude Juncker"),
    ("EU", "European Council president", "2016-01-01", "Donald Tusk"),
    ("EU", "High Representative", "2016-01-01", "Federica Mogherini"),
    ("NATO", "secretary-general", "2016-01-01", "Jens Stoltenberg"),
    ("United Nations", "secretary-general", "2016-01-01", "Ban Ki-moon"),
    ("United Nations", "secretary-general", "2017-01-01", "António Guterres"),
])
def test_office_holders_2014_2024(shipped, country, office, day, person):
    assert shipped.holder(country, office, day).name == person
