"""The actor registry's people and offices: gender, shared surnames, dated epithets and office holders."""

from __future__ import annotations

import datetime as dt

import pytest

from stance.actors import GENDERS, ActorDataError, ActorRegistry

D = dt.date


@pytest.fixture(scope="module")
def shipped() -> ActorRegistry:
    return ActorRegistry.default()


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
