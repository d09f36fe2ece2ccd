"""The actor registry: shipped tables, lookups, hierarchy, offices, extension and validation."""

from __future__ import annotations

import datetime as dt
import json
import time

import pandas as pd
import pytest
from conftest import names

from stance.actors import (
    ACTOR_TYPES,
    DATA_DIR,
    Actor,
    ActorDataError,
    ActorRegistry,
    Role,
    load_actors,
)

D = dt.date



def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The shipped tables


def test_un_members_and_other_states(shipped):
    countries = [a for a in shipped if a.type == "country"]
    assert sum(a.un_member for a in countries) == 193
    assert {a.name: a.status for a in countries if not a.un_member} == {
        "Holy See": "un_observer",
        "Palestine": "un_observer",
        "Kosovo": "limited_recognition",
        "Taiwan": "limited_recognition",
    }
    codes = [a.country for a in countries]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("name, iso3", [
    ("Russia", "RUS"), ("China", "CHN"), ("United States", "USA"), ("United Kingdom", "GBR"),
    ("South Korea", "KOR"), ("North Korea", "PRK"), ("Iran", "IRN"), ("Syria", "SYR"), ("Turkey", "TUR"),
    ("Czech Republic", "CZE"), ("Ukraine", "UKR"), ("Germany", "DEU"), ("Ivory Coast", "CIV"),
    ("Myanmar", "MMR"), ("Netherlands", "NLD"), ("Democratic Republic of the Congo", "COD"),
    ("Republic of the Congo", "COG"), ("Eswatini", "SWZ"), ("Tuvalu", "TUV"), ("South Sudan", "SSD"),
])
def test_country_spot_checks(shipped, name, iso3):
    country = shipped.get(name)
    assert (country.type, country.country, country.un_member) == ("country", iso3, True)
    government = shipped.government_of(name)
    assert government.name == f"Government of {name}"
    assert government.type == "government" and government.parents == (name,) and government.country == iso3


def test_counts_and_types(shipped):
    assert {a.type for a in shipped} == set(ACTOR_TYPES) - set()
    assert sum(a.type == "government" for a in shipped) == 197
    assert sum(a.type == "person" for a in shipped) > 300
    assert len(shipped.roles()) > 400
    # every term's holder is a person of the registry
    assert all(shipped.get(r.holder).type == "person" for r in shipped.roles())


def test_every_g20_country_and_ukraine_has_office_holders_since_2000(shipped):
    g20 = [a.name for a in shipped if "G20" in a.parents and a.type == "country"]
    assert len(g20) == 19
    for country in [*g20, "Ukraine"]:
        for role in ("head_of_state", "foreign_minister"):
            terms = shipped.roles(country, role)
            assert terms, (country, role)
            assert min(t.start for t in terms) <= D(2000, 1, 1), (country, role)
            assert any(t.end is None for t in terms), (country, role)


@pytest.mark.parametrize("alias, actor", [
    ("the Kremlin", "Government of Russia"), ("Kremlin", "Government of Russia"), ("Moscow", "Government of Russia"),
    ("Beijing", "Government of China"), ("Zhongnanhai", "Government of China"),
    ("Washington", "Government of United States"), ("the White House", "Government of United States"),
    ("Downing Street", "Government of United Kingdom"), ("Kyiv", "Government of Ukraine"),
    ("Kiev", "Government of Ukraine"), ("Bankova", "Government of Ukraine"), ("the Elysee", "Government of France"),
    ("the Élysée", "Government of France"), ("Tehran", "Government of Iran"), ("Jerusalem", "Government of Israel"),
    ("US", "United States"), ("U.S.", "United States"), ("the United States", "United States"),
    ("the US", "United States"), ("the U.S.", "United States"), ("USA", "United States"), ("America", "United States"),
    ("Russian Federation", "Russia"), ("Britain", "United Kingdom"), ("the UK", "United Kingdom"),
    ("Holland", "Netherlands"), ("the Netherlands", "Netherlands"), ("Türkiye", "Turkey"),
    ("Côte d'Ivoire", "Ivory Coast"), ("Cote d’Ivoire", "Ivory Coast"), ("Burma", "Myanmar"),
    ("NATO", "NATO"), ("Nato", "NATO"), ("the EU", "European Union"), ("Brussels", "European Union"),
    ("UN", "United Nations"), ("the Taliban", "the Taliban"), ("AP", "Associated Press"), ("Xinhua", "Xinhua"),
    ("Putin", "Vladimir Putin"), ("Zelenskyy", "Volodymyr Zelensky"), ("Zelenskiy", "Volodymyr Zelensky"),
    ("Vladimir Vladimirovich Putin", "Vladimir Putin"), ("the West", "the West"),
    ("F.B.I.", "FBI"), ("the F.B.I.", "FBI"),  # an acronym as newspapers of record write it
])
def test_lookup(shipped, alias, actor):
    assert shipped.lookup(alias).name == actor


def test_a_name_decoded_wrongly_still_names_its_actor(shipped):
    # Scraped pages sometimes carry UTF-8 read as Latin-1, once or twice; the registry still knows the name.
    assert shipped.lookup("FranÃ§ois Hollande").name == "François Hollande"
    assert shipped.lookup("French President FranÃ\x83Â§ois Hollande".removeprefix("French President ")).name == "François Hollande"
    assert shipped.lookup("the ElysÃ©e").name == "Government of France"
    assert shipped.lookup("SÃO PAULO") is None  # capitals that are no such mistake are left as written


def test_a_state_before_government_names_its_government(shipped):
    for phrase, government in [("the Russian government", "Government of Russia"), ("UK Government", "Government of United Kingdom"),
                               ("the U.S. federal government", "Government of United States"), ("Saudi government", "Government of Saudi Arabia")]:
        assert shipped.lookup(phrase).name == government, phrase
    for phrase in ("the government", "Mars government", "the federal government", "Sierra Club government"):
        assert shipped.lookup(phrase) is None, phrase


def test_a_hyphenated_government_word_names_no_government(shipped):
    # "anti-government" once sent the lookup into endless recursion (the folded form ends in " government",
    # the written one has no space to cut at): a RecursionError on any article with "anti-government protests".
    for phrase in ("anti-government", "non-government", "Anti-Government", "anti-government government", "government"):
        assert shipped.lookup(phrase) is None, phrase
    assert shipped.lookup("Russian-government").name == "Government of Russia"


def test_an_article_about_anti_government_protests_is_analysed():
    import stance

    doc = stance.Analyzer(attribution_model=None, scorer=None)("Anti-government protests filled Minsk on Sunday. "
                                                                 "Anti-government protesters said the vote was rigged.")
    assert [s.attribution.actor for s in doc.sentences] == ["author", "Anti-government protesters"]


def test_lookup_case_rules(shipped):
    # all-caps and short forms are case-sensitive (their capitals form still matches headlines)
    for form in ("us", "Us", "ap", "nato", "west", "iran", "chad", "male", "is", "who"):
        assert shipped.lookup(form) is None, form
    assert shipped.lookup("IRAN").name == "Iran"
    assert shipped.lookup("THE KREMLIN").name == "Government of Russia"
    # forms marked case-sensitive because the lower-case word means something else
    for form in ("turkey", "china", "japan", "guardian", "trump"):
        assert shipped.lookup(form) is None, form
    assert shipped.lookup("Turkey").name == "Turkey"
    # other forms match in any case and without accents
    assert shipped.lookup("the kremlin").name == "Government of Russia"
    assert shipped.lookup("recep tayyip erdogan").name == "Recep Tayyip Erdoğan"
    assert shipped.case_sensitive("US") and shipped.case_sensitive("Turkey")
    assert not shipped.case_sensitive("Russia")
    assert shipped.lookup("") is None and shipped.lookup(None) is None


def test_resolved_conflicts(shipped):
    assert "Brussels" not in shipped.get("Government of Belgium").aliases
    assert shipped.lookup("Luxembourg").name == "Luxembourg"  # the capital's name is the country's
    assert shipped.lookup("Vatican City").name == "Holy See"
    assert shipped.lookup("the Vatican").name == "Government of Holy See"
    assert shipped.lookup("Georgia").name == "Georgia"
    assert shipped.lookup("The Hague").name == "Government of Netherlands"
    assert shipped.lookup("Addis Ababa").name == "Government of Ethiopia"
    for ambiguous in ("Congo", "Korea", "Clinton"):
        assert shipped.lookup(ambiguous) is None
    assert shipped.demonym("Congolese") is None and shipped.demonym("Korean") is None
    assert shipped.lookup("Hillary Clinton").name != shipped.lookup("Bill Clinton").name


def test_aliases_table(shipped):
    table = shipped.aliases()
    assert table["the Kremlin"] == table["Kremlin"] == "Government of Russia"
    assert table["Russia"] == "Russia" and table["U.S."] == "United States"
    assert "Brussels" in table and table["Brussels"] == "European Union"
    assert all(shipped.lookup(form).name == actor for form, actor in table.items())


def test_demonyms(shipped):
    assert shipped.demonym("Russian") == "Russia"
    assert shipped.demonym("Chinese") == "China"
    assert shipped.demonym("American") == "United States"
    assert shipped.demonym("British") == "United Kingdom"
    assert shipped.demonym("Ukrainian") == "Ukraine"
    assert shipped.demonym("South Korean") == "South Korea"
    assert shipped.demonym("Dominican") == "Dominican Republic"
    assert shipped.demonym("Polish") == "Poland" and shipped.demonym("polish") is None
    assert shipped.demonym("Putin") is None


def test_hierarchy(shipped):
    assert names(shipped.ancestors("Vladimir Putin"))[:2] == ["Government of Russia", "Russia"]
    assert "BRICS" in names(shipped.ancestors("Vladimir Putin"))
    assert "the West" not in names(shipped.ancestors("Russia"))
    us = names(shipped.ancestors("United States"))
    assert us[0] == "the West" and {"NATO", "G7", "G20"} <= set(us)
    assert "the West" in names(shipped.ancestors("Japan"))
    assert "the West" not in names(shipped.ancestors("South Korea"))
    assert {"the West", "European Union", "NATO"} <= set(names(shipped.ancestors("Germany")))
    assert names(shipped.ancestors("European Commission"))[0] == "European Union"
    assert shipped.is_part_of("Vladimir Putin", "Russia") and shipped.is_part_of("Russia", "Russia")
    assert not shipped.is_part_of("Russia", "Vladimir Putin") and not shipped.is_part_of("Russia", "the West")
    assert shipped.get("Xinhua").parents == ("Government of China",)
    assert shipped.country_of("Vladimir Putin").name == "Russia"
    assert shipped.country_of("Government of Russia").name == "Russia"
    assert shipped.country_of("Russia").name == "Russia"
    assert shipped.country_of("NATO") is None and shipped.country_of("no such actor") is None
    assert shipped.government_of("Vladimir Putin").name == "Government of Russia"
    with pytest.raises(KeyError):
        shipped.ancestors("no such actor")


@pytest.mark.parametrize("country, office, day, person", [
    ("Russia", "president", D(2022, 12, 30), "Vladimir Putin"),
    ("Russia", "head_of_state", D(2010, 1, 1), "Dmitry Medvedev"),
    ("Russia", "head_of_government", D(2010, 1, 1), "Vladimir Putin"),
    ("RUS", "prime minister", D(2010, 1, 1), "Vladimir Putin"),
    ("US", "president", D(2016, 9, 12), "Barack Obama"),
    ("United States", "president", D(2017, 6, 1), "Donald Trump"),
    ("American", "head of government", D(2017, 6, 1), "Donald Trump"),  # presidential system
    ("China", "premier", D(2024, 6, 1), "Li Qiang"),
    ("Ukraine", "president", D(2018, 6, 1), "Petro Poroshenko"),
    ("Ukraine", "president", D(2022, 6, 1), "Volodymyr Zelensky"),
    ("United Kingdom", "prime minister", D(2019, 6, 1), "Theresa May"),
    ("UK", "foreign secretary", D(2019, 6, 1), "Jeremy Hunt"),
    ("United States", "secretary of state", D(2019, 6, 1), "Mike Pompeo"),
    ("Germany", "chancellor", D(2020, 1, 1), "Angela Merkel"),
    ("Saudi Arabia", "crown prince", D(2020, 1, 1), "Mohammed bin Salman"),
    ("the Kremlin", "foreign minister", D(2022, 3, 1), "Sergei Lavrov"),
    ("EU", "high_representative", D(2022, 3, 1), "Josep Borrell"),
    ("Turkey", "head_of_government", D(2020, 1, 1), "Recep Tayyip Erdoğan"),
])
def test_holder_on_a_date(shipped, country, office, day, person):
    assert shipped.holder(country, office, day).name == person


def test_holder_edges(shipped):
    # the end date is the successor's first day
    assert shipped.holder("US", "president", D(2017, 1, 19)).name == "Barack Obama"
    assert shipped.holder("US", "president", D(2017, 1, 20)).name == "Donald Trump"
    assert shipped.holder("Russia", "president").name == "Vladimir Putin"  # latest known term
    assert shipped.holder("Russia", "president", "2005-01-01").name == "Vladimir Putin"
    assert shipped.holder("Turkey", "prime minister", D(2020, 1, 1)) is None  # office abolished
    assert shipped.holder("Russia", "president", D(1990, 1, 1)) is None
    assert shipped.holder("Narnia", "president") is None
    assert shipped.holder("Russia", "grand vizier") is None


@pytest.mark.parametrize("phrase, day, person", [
    ("the Russian president", D(2022, 12, 30), "Vladimir Putin"),
    ("the Russian president", D(2010, 1, 1), "Dmitry Medvedev"),
    ("the head of the Kremlin", D(2022, 1, 1), "Vladimir Putin"),
    ("Russia's foreign minister", D(2022, 1, 1), "Sergei Lavrov"),
    ("Russia’s foreign minister", D(2022, 1, 1), "Sergei Lavrov"),
    ("the Chinese premier", D(2024, 1, 1), "Li Qiang"),
    ("the German chancellor", D(2020, 1, 1), "Angela Merkel"),
    ("the US secretary of state", D(2014, 1, 1), "John Kerry"),
    ("the U.S. president", D(2024, 1, 1), "Joe Biden"),
    ("British prime minister", D(2019, 6, 1), "Theresa May"),
    ("the president of the United States", D(2010, 1, 1), "Barack Obama"),
    ("the occupant of the White House", D(2019, 1, 1), "Donald Trump"),
    ("the Kremlin leader", D(2009, 1, 1), "Dmitry Medvedev"),
    ("the EU's top diplomat", D(2022, 1, 1), "Josep Borrell"),
    ("European Commission president", D(2016, 1, 1), "Jean-Claude Juncker"),
    ("the UN secretary-general", D(2020, 1, 1), "António Guterres"),
    ("the pope", D(2020, 1, 1), "Pope Francis"),
    ("the current Ukrainian president", None, "Volodymyr Zelensky"),
])
def test_resolve_role_phrase(shipped, phrase, day, person):
    assert shipped.resolve_role_phrase(phrase, on=day).name == person


@pytest.mark.parametrize("phrase", [
    "the Turkish prime minister", "former US president", "the vice president", "the president",
    "the Korean president", "the White House chief of staff", "", "the",
])
def test_resolve_role_phrase_none(shipped, phrase):
    assert shipped.resolve_role_phrase(phrase, on=D(2020, 1, 1)) is None


# ---------------------------------------------------------------------------------------------
# Loading, copies, determinism


def test_default_is_cached_fast_and_independent():
    ActorRegistry.default()
    started = time.perf_counter()
    first = ActorRegistry.default()
    assert time.perf_counter() - started < 0.2
    first.add({"name": "Somebody", "type": "person"})
    assert "Somebody" in first and "Somebody" not in ActorRegistry.default()


def test_loading_is_fast_and_deterministic():
    started = time.perf_counter()
    one = ActorRegistry.empty().extend(DATA_DIR)
    assert time.perf_counter() - started < 1.0
    two = ActorRegistry.empty().extend(DATA_DIR)
    pd.testing.assert_frame_equal(one.to_frame(), two.to_frame())
    pd.testing.assert_frame_equal(one.roles_frame(), two.roles_frame())
    assert one.aliases() == two.aliases()


def test_frames_round_trip(shipped, tmp_path):
    shipped.to_frame().to_csv(tmp_path / "actors.csv", index=False)
    shipped.roles_frame().to_csv(tmp_path / "roles.csv", index=False)
    again = ActorRegistry.empty().extend(tmp_path)
    pd.testing.assert_frame_equal(again.to_frame(), shipped.to_frame())
    assert again.holder("Russia", "president", D(2010, 1, 1)).name == "Dmitry Medvedev"
    frame = shipped.to_frame()
    assert frame.loc[frame.name == "Russia", "un_member"].item()
    assert list(frame.columns[:4]) == ["name", "type", "parents", "country"]


def test_container_protocol(shipped):
    assert len(shipped) == len(list(shipped)) > 800
    assert "Russia" in shipped and "the Kremlin" not in shipped
    assert shipped.get("Russia") in shipped
    with pytest.raises(KeyError, match="alias of 'Government of Russia'"):
        shipped.get("the Kremlin")
    with pytest.raises(KeyError, match="did you mean 'Vladimir Putin'"):
        shipped.get("Vladimir Putn")


# ---------------------------------------------------------------------------------------------
# Extending, overriding, switching off


def test_extend_from_yaml(tmp_path):
    path = write(
        tmp_path,
        "mine.yaml",
        "Alexei Navalny:\n"
        "  type: person\n"
        "  parents: [Russian opposition]   # defined below: order does not matter\n"
        "  aliases: [Navalny]\n"
        "  country: RUS\n"
        "Russian opposition:\n"
        "  type: group\n"
        "  country: RUS\n",
    )
    registry = load_actors(path)
    assert registry.lookup("Navalny").name == "Alexei Navalny"
    assert names(registry.ancestors("Alexei Navalny")) == ["Russian opposition"]
    assert registry.lookup("Putin").name == "Vladimir Putin"  # the shipped tables are still there


def test_extend_with_sections_roles_and_countries(tmp_path):
    path = write(
        tmp_path,
        "sections.yml",
        "countries:\n"
        "  - {name: Somaliland, iso3: XSL, capital: Hargeisa, demonyms: [Somalilander]}\n"
        "actors:\n"
        "  Muse Bihi Abdi: {type: person, parents: [Government of Somaliland], aliases: [Muse Bihi]}\n"
        "roles:\n"
        "  - {country: Somaliland, role: head_of_state, titles: [president], holder: Muse Bihi Abdi,\n"
        "     start: 2017-12-13, end: 2024-12-12}\n"
        "memberships:\n"
        "  - {member: Somaliland, parent: African Union, note: not a member; an example}\n",
    )
    registry = load_actors(path)
    assert registry.lookup("Hargeisa").name == "Government of Somaliland"
    assert registry.demonym("Somalilander") == "Somaliland"
    assert registry.resolve_role_phrase("the Somaliland president", on=D(2020, 1, 1)).name == "Muse Bihi Abdi"
    assert registry.country_of("Muse Bihi Abdi").name == "Somaliland"
    assert "African Union" in registry.get("Somaliland").parents


def test_extend_from_csv_json_dict_and_frame(tmp_path):
    csv_path = write(tmp_path, "actors.csv", "name,type,parents,aliases\nBundestag,organisation,Germany,German parliament\n")
    json_path = write(tmp_path, "more.json", json.dumps([{"name": "Die Linke", "type": "group", "country": "DEU"}]))
    registry = ActorRegistry.default()
    assert registry.extend(csv_path) is registry
    registry.extend(json_path)
    registry.extend({"Mercosur": {"type": "bloc", "aliases": ["Mercosul"]}})
    registry.extend([{"name": "Brazilian Senate", "type": "organisation", "parents": "Brazil"}])
    registry.extend(pd.DataFrame([{"member": "Brazil", "parent": "Mercosur", "since": None, "note": None}]))
    registry.add(Actor("Bundesrat", "organisation", parents=("Germany",)))
    registry.add_role(Role("DEU", "speaker", ("Bundestag president",), "Angela Merkel", D(2030, 1, 1)))
    assert registry.lookup("German parliament").name == "Bundestag"
    assert registry.get("Die Linke").country == "DEU"
    assert registry.lookup("mercosul").name == "Mercosur"
    assert "Mercosur" in names(registry.ancestors("Brazilian Senate"))
    assert registry.get("Bundesrat").parents == ("Germany",)
    assert registry.holder("Germany", "Bundestag president", D(2031, 1, 1)).name == "Angela Merkel"


def test_override(tmp_path):
    registry = ActorRegistry.default()
    with pytest.raises(ActorDataError, match="already an alias of 'Government of United States'"):
        registry.add({"name": "Washington State", "type": "organisation", "aliases": ["Washington"]})
    registry.add({"name": "Washington State", "type": "organisation", "aliases": ["Washington"]}, override=True)
    assert registry.lookup("Washington").name == "Washington State"
    assert "Washington" not in registry.get("Government of United States").aliases
    assert registry.lookup("the White House").name == "Government of United States"
    # a duplicate name replaces the actor with override
    with pytest.raises(ActorDataError, match="actor 'NATO' already exists"):
        registry.add({"name": "NATO", "type": "organisation"})
    registry.add({"name": "NATO", "type": "organisation", "aliases": ["the Alliance"]}, override=True)
    assert registry.get("NATO").type == "organisation" and registry.lookup("Alliance").name == "NATO"
    assert "NATO" in registry.get("Germany").parents  # children keep the link
    # an overlapping term is allowed with override; the later start wins
    registry.add_role({"country": "UKR", "role": "head_of_state", "holder": "Yulia Tymoshenko",
                       "start": "2030-01-01"}, override=True)
    assert registry.holder("Ukraine", "president", D(2031, 1, 1)).name == "Yulia Tymoshenko"
    assert registry.holder("Ukraine", "president", D(2029, 1, 1)).name == "Volodymyr Zelensky"


def test_add_alias_remove_and_remove_alias():
    registry = ActorRegistry.default()
    registry.add_alias("Vladimir Putin", "VVP")
    assert registry.lookup("VVP").name == "Vladimir Putin"
    registry.remove_alias("Washington")
    assert registry.lookup("Washington") is None and registry.lookup("White House") is not None
    with pytest.raises(ValueError, match="is the name"):
        registry.remove_alias("Russia")
    registry.remove("the West")
    assert "the West" not in names(registry.ancestors("United States"))
    registry.remove("Vladimir Putin")
    assert registry.holder("Russia", "president", D(2022, 1, 1)) is None
    assert registry.holder("Russia", "president", D(2010, 1, 1)).name == "Dmitry Medvedev"


def test_shipped_false(tmp_path):
    path = write(tmp_path, "only.csv", "name,type,aliases\nMy Bloc,bloc,Kremlin\n")
    registry = load_actors(path, shipped=False)
    assert len(registry) == 1 and registry.lookup("the Kremlin").name == "My Bloc"
    assert len(load_actors(shipped=False)) == 0
    assert len(ActorRegistry.empty()) == 0


# ---------------------------------------------------------------------------------------------
# Validation: every error names the source, the place and the field


@pytest.mark.parametrize("filename, text, pattern", [
    ("type.csv", "name,type\nA,group\nB,villain\n", r"type\.csv line 3 \('B'\), field 'type': unknown type 'villain'"),
    ("name.csv", "name,type\n,group\n", r"name\.csv line 2, field 'name': missing"),
    ("parent.yaml", "- name: A\n  type: group\n  parents: [Nowhere]\n",
     r"parent\.yaml line 1 \('A'\), field 'parents': unknown parent 'Nowhere'"),
    ("cycle.csv", "name,type,parents\nA,bloc,B\nB,bloc,A\n", r"cycle\.csv line \d \('[AB]'\), field 'parents': cycle in the hierarchy: "),
    ("self.csv", "name,type,parents\nA,bloc,A\n", r"field 'parents': cycle in the hierarchy: A -> A"),
    ("alias.csv", "name,type,aliases\nKremlin Fan Club,group,the Kremlin\n",
     r"alias\.csv line 2 \('Kremlin Fan Club'\), field 'aliases': 'the Kremlin' is already an alias of 'Government of Russia'"),
    ("twice.csv", "name,type,aliases\nA,group,Same\nB,group,same\n",
     r"twice\.csv line 3 \('B'\), field 'aliases': 'same' is already an alias of 'A' \(twice\.csv line 2"),
    ("dup.csv", "name,type\nRussia,country\n", r"dup\.csv line 2 \('Russia'\), field 'name': actor 'Russia' already exists"),
    ("date.csv", "country,role,holder,start\nRUS,head_of_state,Vladimir Putin,2030-02-30\n",
     r"date\.csv line 2 \('Vladimir Putin'\), field 'start': '2030-02-30' is not a date"),
    ("order.csv", "country,role,holder,start,end\nRUS,head_of_state,Vladimir Putin,2030-01-01,2029-01-01\n",
     r"order\.csv line 2 \('Vladimir Putin'\), field 'end': 2029-01-01 is not after the start"),
    ("holder.csv", "country,role,holder,start\nRUS,head_of_state,Vladimir Putn,2030-01-01\n",
     r"holder\.csv line 2 \('Vladimir Putn'\), field 'holder': unknown actor 'Vladimir Putn'; did you mean 'Vladimir Putin'"),
    ("overlap.csv", "country,role,holder,start\nRUS,head_of_state,Sergei Lavrov,2020-01-01\n",
     r"overlap\.csv line 2 \('Sergei Lavrov'\), field 'start': the term 2020-01-01 to now overlaps Vladimir Putin's"),
    ("role.csv", "country,role,holder,start\nNarnia,head_of_state,Vladimir Putin,2030-01-01\n",
     r"role\.csv line 2 \('Vladimir Putin'\), field 'country': unknown country or organisation 'Narnia'"),
    ("column.csv", "name,type,alias\nA,group,B\n", r"column\.csv: unknown field 'alias'"),
    ("member.csv", "member,parent\nRussia,Warsaw Pact\n", r"member\.csv line 2 \('Russia'\), field 'parent': unknown actor 'Warsaw Pact'"),
    ("iso.csv", "name,iso3\nNew Russia,RUS\n", r"iso\.csv line 2 \('New Russia'\), field 'iso3': code 'RUS' already belongs to 'Russia'"),
    ("case.yaml", "A:\n  type: group\n  case_sensitive: [B]\n", r"case\.yaml line 1 \('A'\), field 'case_sensitive': 'B' is not"),
    ("demonym.csv", "name,type,demonyms\nA,country,Russian\n", r"field 'demonyms': 'Russian' is already a demonym of 'Russia'"),
])
def test_validation_errors_name_the_entry(tmp_path, filename, text, pattern):
    path = write(tmp_path, filename, text)
    registry = ActorRegistry.default()
    before = (len(registry), len(registry.roles()), registry.aliases())
    with pytest.raises(ActorDataError, match=pattern):
        registry.extend(path)
    assert (len(registry), len(registry.roles()), registry.aliases()) == before  # nothing half-added


def test_validation_of_in_memory_sources(tmp_path):
    registry = ActorRegistry.empty()
    with pytest.raises(ActorDataError, match=r"dict entry 'A', field 'type': missing"):
        registry.extend({"A": {"aliases": ["a"]}})
    with pytest.raises(ActorDataError, match=r"list item 2 \('B'\), field 'type': unknown type 'thing'"):
        registry.extend([{"name": "A", "type": "group"}, {"name": "B", "type": "thing"}])
    with pytest.raises(ActorDataError, match=r"DataFrame row 0 \('A'\), field 'country'"):
        registry.extend(pd.DataFrame([{"name": "A", "type": "person", "country": "Russia"}]))
    with pytest.raises(ActorDataError, match=r"add\('A'\), field 'parents': unknown parent 'B'"):
        registry.add({"name": "A", "type": "group", "parents": ["B"]})
    with pytest.raises(ValueError, match="unknown actor data format"):
        registry.extend(write(tmp_path, "actors.txt", "name,type\nA,group\n"))
    with pytest.raises(FileNotFoundError):
        registry.extend(tmp_path / "missing.csv")
    assert len(registry) == 0


def test_parents_defined_later_in_the_same_file(tmp_path):
    path = write(tmp_path, "late.csv", "name,type,parents\nChild,person,Parent\nParent,group,\n")
    registry = load_actors(path, shipped=False)
    assert names(registry.ancestors("Child")) == ["Parent"]


def test_capitals_yield_to_explicit_aliases_of_the_same_load(tmp_path):
    path = write(tmp_path, "dc.yaml",
                 "countries:\n"
                 "  - {name: Atlantis, iso3: XAT, capital: Poseidonia}\n"
                 "actors:\n"
                 "  - {name: Poseidonia Council, type: organisation, aliases: [Poseidonia]}\n")
    registry = load_actors(path)  # the capital yields, as Brussels does to the EU
    assert registry.lookup("Poseidonia").name == "Poseidonia Council"
    assert registry.get("Government of Atlantis").aliases == ()
    # once loaded, a capital is an alias like any other
    victoria = write(tmp_path, "victoria.csv", "name,type,aliases\nVictoria (Australia),organisation,Victoria\n")
    with pytest.raises(ActorDataError, match="already an alias of 'Government of Seychelles'"):
        registry.extend(victoria)
    registry.extend(victoria, override=True)
    assert registry.lookup("Victoria").name == "Victoria (Australia)"
    assert "Victoria" not in registry.get("Government of Seychelles").aliases


def test_may_start_alias_is_a_safe_prefilter():
    registry = ActorRegistry.default()
    for phrase in ("the Kremlin", "Vladimir Putin", "U.S.", "Xi Jinping", "Beijing", "Downing Street"):
        assert registry.lookup(phrase) is not None
        assert registry.may_start_alias(phrase.split()[0])
    assert not registry.may_start_alias("yesterday")
    assert not registry.may_start_alias("said")


def test_a_counterpart_holds_the_same_office_in_the_other_state():
    registry = ActorRegistry.default()
    assert registry.counterpart("his Chinese counterpart", "Vladimir Putin", "2022-12-30").name == "Xi Jinping"
    assert registry.counterpart("his Chinese counterpart", "Sergei Lavrov", "2020-06-01").name == "Wang Yi"
    assert registry.counterpart("his Chinese counterpart", "Donald Trump", "2022-12-30") is None  # no office then
    assert registry.counterpart("the Chinese delegation", "Vladimir Putin", "2022-12-30") is None
