"""`setup_region`: a fresh installation set up without the shell, idempotent, Dutch errors.

The demo tests of this package share one seeded demo (`demo_seeded`, package scope), so
the database may already hold another region: each test compares with what was there
before it ran instead of assuming an empty database.
"""

import getpass
import io
import re
import shlex
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from spil.accounts import services as accounts
from spil.accounts.models import Membership, Organisation, Team, User
from spil.core import access
from spil.core.roles import Role
from spil.directory.models import Programme

pytestmark = pytest.mark.django_db

FLAGS = [
    "--gemeente=Gemeente Proefdorp",
    "--meldpunt=Meldpunt Proefdorp",
    "--aanbieder=Gezinscoaching Proefdorp",
    "--team=Team Oost",
    "--team=Team West",
    "--programma=Gezinscoaching Proefdorp 6+6",
    "--beheerder-email=Beheer@Proefdorp.nl ",
    "--beheerder-naam=Bea Beheer",
    "--no-input",
]


def _run(*flags):
    out = io.StringIO()
    call_command("setup_region", *flags, stdout=out)
    return out.getvalue()


def _counts():
    return (
        Organisation.objects.count(),
        Team.objects.count(),
        Programme.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_a_fresh_region_with_its_first_beheerder(monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", "een-lang-en-sterk-wachtwoord-42")
    organisations = set(Organisation.objects.values_list("pk", flat=True))
    programmes = set(Programme.objects.values_list("pk", flat=True))
    users, memberships = User.objects.count(), Membership.objects.count()
    out = _run(*FLAGS)
    assert "De regio is ingericht." in out
    kinds = dict(Organisation.objects.exclude(pk__in=organisations).values_list("name", "kind"))
    assert kinds == {
        "Gemeente Proefdorp": "gemeente",
        "Meldpunt Proefdorp": "meldpunt",
        "Gezinscoaching Proefdorp": "jeugdhulp",
    }
    provider = Organisation.objects.get(name="Gezinscoaching Proefdorp")
    assert set(provider.teams.values_list("name", flat=True)) == {"Team Oost", "Team West"}
    programme = Programme.objects.exclude(pk__in=programmes).get()
    assert programme.provider == provider and programme.duration_months == 6
    admin = User.objects.get(email="beheer@proefdorp.nl")
    assert User.objects.count() == users + 1  # only the beheerder
    assert admin.check_password("een-lang-en-sterk-wachtwoord-42")
    assert access.can(admin, access.Capability.MANAGE_DIRECTORY)
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert Membership.objects.count() == memberships + 1


def test_running_it_again_changes_nothing(monkeypatch):
    monkeypatch.delenv("SPIL_ADMIN_PASSWORD", raising=False)
    _run(*FLAGS)
    before = _counts()
    admin = User.objects.get(email="beheer@proefdorp.nl")
    assert not admin.has_usable_password()  # set later through "Wachtwoord vergeten"
    out = _run(*FLAGS)
    assert _counts() == before
    assert not [line for line in out.splitlines() if line.startswith("+ ")]
    assert "Staat er al: Team Oost." in out
    # A new team is added, nothing else.
    _run(*FLAGS, "--team=Team Midden")
    assert Team.objects.count() == before[1] + 1


def test_a_missing_flag_is_named_in_dutch():
    before = _counts()
    with pytest.raises(CommandError, match="--meldpunt ontbreekt"):
        _run(*[f for f in FLAGS if not f.startswith("--meldpunt")])
    assert _counts() == before


def test_a_name_taken_by_another_kind_of_organisation_is_refused_and_nothing_changes():
    Organisation.objects.create(name="Meldpunt Proefdorp", kind="ggz")
    before = _counts()
    with pytest.raises(CommandError, match="Kies een andere naam"):
        _run(*FLAGS)
    assert _counts() == before
    assert not Organisation.objects.filter(name="Gemeente Proefdorp").exists()  # rolled back


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", "kort")
    before = _counts()
    with pytest.raises(CommandError) as refused:
        _run(*FLAGS)
    for problem in _problems("kort"):  # the validators' own words
        assert problem in str(refused.value)
    assert _counts() == before
    assert not User.objects.filter(email="beheer@proefdorp.nl").exists()


def test_not_an_email_address():
    with pytest.raises(CommandError, match="geen e-mailadres"):
        _run(*[f for f in FLAGS if not f.startswith("--beheerder-email")], "--beheerder-email=x")


STRONG = "een-lang-en-sterk-wachtwoord-42"
SECOND = ["--beheerder-email=tweede@proefdorp.nl", "--beheerder-naam=Bo Beheer"]


def _with(flag, value, flags=FLAGS):
    """The flags with `flag` given as `value` instead."""
    return [f for f in flags if not f.startswith(f"{flag}=")] + [f"{flag}={value}"]


def _problems(password, email="beheer@proefdorp.nl", name="Bea Beheer"):
    with pytest.raises(ValidationError) as error:
        validate_password(password, User(email=email, full_name=name))
    return error.value.messages


def _admins(gemeente="Gemeente Proefdorp"):
    return set(
        Membership.objects.filter(organisation__name=gemeente, role=Role.ADMIN).values_list(
            "user__email", flat=True
        )
    )


@pytest.fixture
def only_this_region(monkeypatch):
    """No other beheerder who could approve roles (the package's seeded demo has one)."""
    monkeypatch.delenv("SPIL_ADMIN_PASSWORD", raising=False)
    User.objects.filter(memberships__role=Role.ADMIN).update(is_active=False)


class _Terminal:
    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A terminal whose user answers the prompts (input and getpass) in turn; an exception
    among the answers is raised instead, as Ctrl-D (EOFError) or Ctrl-C. A prompt beyond
    the answers fails the test."""
    answers, prompts = [], []

    def answer(prompt=""):
        prompts.append(prompt)
        assert answers, f"not expected: {prompt!r}"
        reply = answers.pop(0)
        if not isinstance(reply, str):
            raise reply
        return reply

    monkeypatch.delenv("SPIL_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr(getpass, "getpass", answer)
    return answers, prompts


def _interactive(*flags):
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_region", *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# 1. A database the migrations have not (all) reached. Real, not mocked: the test's own
# transaction forgets that migrations were applied, and is rolled back afterwards.


@pytest.mark.parametrize("forgotten", ["the latest of accounts", "all (a fresh database)"])
def test_a_database_with_pending_migrations_is_refused_before_anything_is_asked(
    forgotten, terminal
):
    applied = MigrationRecorder(connection).migration_qs
    if forgotten.startswith("all"):
        applied.all().delete()
    else:
        applied.filter(app="accounts").latest("id").delete()
    before = _counts()
    with pytest.raises(CommandError, match="De database is nog niet bijgewerkt: voer eerst"):
        _interactive()
    assert terminal[1] == []  # nothing asked
    assert _counts() == before


# 2. E-mail addresses


@pytest.mark.parametrize("email", ["x", "a@b@c", "@", "a@", "@proefdorp.nl", "bea beheer@x.nl"])
def test_not_an_email_address_by_djangos_rules(email):
    before = _counts()
    with pytest.raises(CommandError, match=r"geen e-mailadres.*--beheerder-email"):
        _run(*_with("--beheerder-email", email))
    assert _counts() == before


# 3. Lengths: each flag against the field it is stored in, nothing written.

LONG_EMAIL = "b" * 64 + "@" + ".".join(["proefdorp" * 7] * 3) + ".nl"  # 259, else valid


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--gemeente", "Gemeente " + "L" * 101),  # its municipality: 100
        ("--meldpunt", "M" * 201),
        ("--aanbieder", "A" * 201),
        ("--team", "T" * 121),
        ("--programma", "P" * 151),
        ("--beheerder-naam", "N" * 151),
        ("--beheerder-email", LONG_EMAIL),
    ],
)
def test_a_too_long_value_is_refused_naming_its_flag(flag, value, monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", STRONG)
    before = _counts()
    with pytest.raises(CommandError, match=f"^{flag} is te lang"):
        _run(*_with(flag, value))
    assert _counts() == before


def test_values_of_the_longest_length_are_kept(monkeypatch):
    monkeypatch.delenv("SPIL_ADMIN_PASSWORD", raising=False)
    flags = _with("--team", "T" * 120, _with("--beheerder-naam", "N" * 150))
    _run(*_with("--gemeente", "G" * 100, flags))
    assert Team.objects.filter(name="T" * 120).exists()
    assert User.objects.get(email="beheer@proefdorp.nl").full_name == "N" * 150


# 4. Ctrl-D and Ctrl-C at a prompt


@pytest.mark.parametrize("key", [EOFError, KeyboardInterrupt])
@pytest.mark.parametrize("at", ["the first question", "the password", "its confirmation"])
def test_ctrl_d_or_ctrl_c_at_a_prompt_ends_in_dutch(key, at, terminal):
    answers, _prompts = terminal
    flags = [f for f in FLAGS if f != "--no-input"] + SECOND  # two: no question about it
    if at == "the first question":
        flags = []
    elif at == "its confirmation":
        answers.append(STRONG)
    answers.append(key)
    before = _counts()
    with pytest.raises(CommandError, match=r"^Afgebroken: er is niets vastgelegd\.$"):
        _interactive(*flags)
    assert _counts() == before


# 5. Passwords at the prompt: twice, asked again until the validators accept it


def test_the_password_is_asked_twice_and_again_until_it_is_accepted(terminal, only_this_region):
    answers, prompts = terminal
    answers += ["n"]  # no second beheerder
    answers += ["kort", "kort"]  # too short: asked again
    answers += [STRONG, STRONG + "!"]  # not the same: asked again
    answers += [STRONG, STRONG]
    out, err = _interactive(*[f for f in FLAGS if f != "--no-input"])
    assert "De regio is ingericht." in out
    assert User.objects.get(email="beheer@proefdorp.nl").check_password(STRONG)
    for problem in _problems("kort"):
        assert problem in err
    assert "De wachtwoorden zijn niet gelijk." in err
    assert len(prompts) == 7 and not answers


# 6. Hidden characters in names; surrounding whitespace is stripped (see 7)


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--team", "Team\nNoord"),
        ("--beheerder-naam", "Bea\tBeheer"),
        ("--gemeente", "Gemeente \x1b[31mProefdorp"),
        ("--aanbieder", "Gezinscoaching \u202eProefdorp"),  # right-to-left override
        ("--programma", "Gezins\u200bcoaching"),  # zero-width space
        ("--meldpunt", "Meldpunt\x00Proefdorp"),
        ("--team", "Team\u2028West"),  # line separator
    ],
)
def test_hidden_characters_in_a_name_are_refused_naming_the_flag(flag, value):
    before = _counts()
    with pytest.raises(CommandError, match=f"^{flag} bevat een onzichtbaar teken"):
        _run(*_with(flag, value))
    assert _counts() == before


# 7. Teams, like organisations and programmes, match regardless of case


def test_a_team_is_matched_regardless_of_case_and_surrounding_whitespace():
    _run(*FLAGS)
    teams = Team.objects.count()
    out = _run(*_with("--beheerder-naam", " Bea Beheer \n"), "--team=  team OOST\t")
    assert Team.objects.count() == teams
    assert "Staat er al: Team Oost." in out


# 8. What is printed is what was committed


def test_nothing_is_reported_as_recorded_when_it_is_rolled_back():
    Organisation.objects.create(name="Meldpunt Proefdorp", kind="ggz")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Kies een andere naam\. Er is niets vastgelegd\.$"):
        call_command("setup_region", *FLAGS, stdout=out)
    assert out.getvalue() == ""  # not "+ Vastgelegd: Gemeente Proefdorp." (rolled back)


# 9. Four eyes (docs/adr/0007): two beheerders in one run, or told how to add the second


def test_two_beheerders_in_one_run_can_grant_a_role(monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", STRONG)
    out = _run(*FLAGS, *SECOND)
    assert _admins() == {"beheer@proefdorp.nl", "tweede@proefdorp.nl"}
    first, second = (User.objects.get(email=e) for e in sorted(_admins()))
    assert (first.full_name, second.full_name) == ("Bea Beheer", "Bo Beheer")  # by order
    assert first.check_password(STRONG) and second.check_password(STRONG)
    assert "Let op" not in out
    coach = accounts.user_create(email="coach@proefdorp.nl", full_name="Cas Coach", password=None)
    provider = Organisation.objects.get(name="Gezinscoaching Proefdorp")
    asked = accounts.membership_request(
        user=coach, organisation=provider, role=Role.COACH, actor=first
    )
    accounts.membership_request_approve(membership_request=asked, actor=second)
    assert Membership.objects.filter(user=coach, role=Role.COACH).exists()


@pytest.mark.parametrize(
    ("flags", "problem"),
    [
        (SECOND[:1], "Geef bij elk --beheerder-email één --beheerder-naam"),
        (SECOND[1:], "Geef bij elk --beheerder-email één --beheerder-naam"),
        (["--beheerder-email=BEHEER@proefdorp.nl", "--beheerder-naam=Bo"], "twee keer"),
    ],
)
def test_the_beheerder_flags_pair_up(flags, problem):
    before = _counts()
    with pytest.raises(CommandError, match=problem):
        _run(*FLAGS, *flags)
    assert _counts() == before


def test_a_single_beheerder_is_told_how_to_add_the_second(only_this_region):
    out = _run(*FLAGS)
    assert "een rol toekennen vraagt de goedkeuring van een tweede beheerder" in out
    command = shlex.split(out.split("\n")[-2])  # the line after the note
    assert command[:3] == ["python", "manage.py", "setup_region"]
    flags = [
        re.sub("=E-MAILADRES$", "=tweede@proefdorp.nl", re.sub("=VOOR-.*", "=Bo Beheer", f))
        for f in command[3:]
    ]
    out = _run(*flags, "--no-input")
    assert _admins() == {"beheer@proefdorp.nl", "tweede@proefdorp.nl"}
    assert "Let op" not in out


def test_at_the_prompts_a_second_beheerder_is_offered(terminal, only_this_region):
    answers, _prompts = terminal
    answers += ["Gemeente Proefdorp", "Meldpunt Proefdorp", "Gezinscoaching Proefdorp"]
    answers += ["Team Oost, Team West", "Gezinscoaching Proefdorp 6+6"]
    answers += ["a@b@c", "beheer@proefdorp.nl", "Bea Beheer"]  # not an address: asked again
    answers += ["j", "tweede@proefdorp.nl", "Bo Beheer"]
    answers += ["", ""]  # no passwords yet: "Wachtwoord vergeten"
    out, err = _interactive()
    assert "geen e-mailadres" in err
    assert not answers
    assert _admins() == {"beheer@proefdorp.nl", "tweede@proefdorp.nl"}
    assert set(
        Team.objects.filter(organisation__name="Gezinscoaching Proefdorp").values_list(
            "name", flat=True
        )
    ) == {"Team Oost", "Team West"}
    assert "Let op" not in out
