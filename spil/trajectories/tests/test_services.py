import pytest
from django.core.exceptions import ValidationError

from spil.core.testing import days_ago
from spil.trajectories import selectors, services
from spil.trajectories.deadlines import add_months
from spil.trajectories.models import AftercareCheckIn, Extension, Trajectory

pytestmark = pytest.mark.django_db


def test_a_backup_coach_equal_to_the_coach_is_refused(world, trajectory):
    with pytest.raises(ValidationError) as excinfo:
        services.trajectory_update(
            actor=world.coach, trajectory=trajectory, backup_coach=world.coach
        )
    assert "iemand anders" in excinfo.value.message_dict["backup_coach"][0]


def test_details_and_backup_are_saved(world, trajectory):
    services.trajectory_update(
        actor=world.coach,
        trajectory=trajectory,
        backup_coach=world.other_coach,
        trajectory_type="stut_en_steun",
        family_type="stabiliseerbaar",
        style="presentie",
        broad_lines=["rust", "grip"],
        reachable_hours="ma–vr 9–17",
        out_of_hours_route="Crisisdienst",
    )
    trajectory.refresh_from_db()
    assert trajectory.backup_coach == world.other_coach
    assert trajectory.broad_lines == ["rust", "grip"]


def test_phases_may_be_skipped_and_every_move_is_recorded(world, trajectory):
    services.phase_move(
        actor=world.coach, trajectory=trajectory, to_phase="uitvoering", on=days_ago(10)
    )
    change = trajectory.phase_changes.get()
    assert (change.from_phase, change.to_phase, change.by) == (
        "kennismaking",
        "uitvoering",
        world.coach,
    )


def test_an_end_before_the_start_is_refused(world, trajectory):
    with pytest.raises(ValidationError) as excinfo:
        services.trajectory_close(
            actor=world.coach,
            trajectory=trajectory,
            closed_on=days_ago(61),
            reason="doelen_bereikt",
            reached="Rust",
        )
    assert "vóór het begon" in excinfo.value.message_dict["closed_on"][0]
    trajectory.refresh_from_db()
    assert trajectory.phase == "kennismaking"


def test_an_extension_without_reason_is_refused(world, trajectory):
    with pytest.raises(ValidationError) as excinfo:
        services.extension_request(
            actor=world.coach,
            trajectory=trajectory,
            months=3,
            reason="  ",
            requested_on=days_ago(1),
        )
    assert "reden" in excinfo.value.message_dict["reason"][0]
    assert not Extension.objects.exists()


def test_only_the_coachs_teamleider_decides_an_extension(world, trajectory):
    extension = services.extension_request(
        actor=world.coach,
        trajectory=trajectory,
        months=3,
        reason="Schulden nog niet rond",
        requested_on=days_ago(1),
    )
    for outsider in (world.coach, world.other_team_lead):
        with pytest.raises(ValidationError, match="teamleider"):
            services.extension_decide(
                actor=outsider, extension=extension, approve=True, decided_on=days_ago(0)
            )
    services.extension_decide(
        actor=world.team_lead, extension=extension, approve=True, decided_on=days_ago(0)
    )
    assert selectors.deadlines_for(trajectory).end == add_months(trajectory.started_on, 9)


def test_past_the_maximum_only_with_an_override_reason(world, trajectory):
    first = services.extension_request(
        actor=world.coach,
        trajectory=trajectory,
        months=6,
        reason="Nog nodig",
        requested_on=days_ago(2),
    )
    services.extension_decide(
        actor=world.team_lead, extension=first, approve=True, decided_on=days_ago(2)
    )
    second = services.extension_request(
        actor=world.coach,
        trajectory=trajectory,
        months=2,
        reason="Verhuizing",
        requested_on=days_ago(1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.extension_decide(
            actor=world.team_lead, extension=second, approve=True, decided_on=days_ago(0)
        )
    assert "14 maanden" in excinfo.value.message_dict["override_reason"][0]
    second.refresh_from_db()
    assert second.status == Extension.Status.REQUESTED
    services.extension_decide(
        actor=world.team_lead,
        extension=second,
        approve=True,
        decided_on=days_ago(0),
        override_reason="Kind net uit huis geplaatst",
    )
    due = selectors.deadlines_for(trajectory)
    assert due.end > due.max_end


def test_closing_with_aftercare_and_reopening_keeps_the_history(world, trajectory):
    teacher = world.family.involvements.create(
        role="school", organisation=world.school, worker=world.teacher
    )
    closure = services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(5),
        reason="doelen_bereikt",
        reached="Het gezin heeft rust.",
        informed=[teacher],
        handover_organisation="Welzijn",
        handover_worker="Mieke",
        handover_in_person=True,
        handover_on=days_ago(6),
        handed_over="Plan en afspraken",
        aftercare_dates=[days_ago(-25), days_ago(-55)],
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == Trajectory.Phase.AFTERCARE and trajectory.closed_on is None
    assert list(closure.informed.all()) == [teacher]
    assert AftercareCheckIn.objects.filter(trajectory=trajectory).count() == 2
    services.trajectory_reopen(
        actor=world.coach, trajectory=trajectory, on=days_ago(1), reason="Terugval na verhuizing"
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == Trajectory.Phase.EXECUTION and trajectory.closed_on is None
    assert trajectory.closures.count() == 1
    assert [p.to_phase for p in trajectory.phase_changes.all()] == ["nazorg", "uitvoering"]


def test_closing_without_aftercare_closes_and_the_coach_can_still_reopen(world, trajectory):
    services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(3),
        reason="verhuisd",
        reached="Verhuisd naar Zwolle",
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == "gesloten" and trajectory.closed_on == days_ago(3)
    with pytest.raises(ValidationError, match="reden"):
        services.trajectory_reopen(
            actor=world.coach, trajectory=trajectory, on=days_ago(0), reason=""
        )
    services.trajectory_reopen(
        actor=world.coach, trajectory=trajectory, on=days_ago(0), reason="Terug in de gemeente"
    )
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None


def test_reason_other_needs_a_note(world, trajectory):
    with pytest.raises(ValidationError) as excinfo:
        services.trajectory_close(
            actor=world.coach,
            trajectory=trajectory,
            closed_on=days_ago(1),
            reason="anders",
            reached="x",
        )
    assert "reason_note" in excinfo.value.message_dict


def test_updating_details_keeps_the_backup_unless_it_is_named(world, trajectory):
    services.trajectory_update(actor=world.coach, trajectory=trajectory, style="gesprek")
    trajectory.refresh_from_db()
    assert trajectory.backup_coach == world.backup
    services.trajectory_update(actor=world.coach, trajectory=trajectory, backup_coach=None)
    trajectory.refresh_from_db()
    assert trajectory.backup_coach is None
