from spil.trajectories.tests.conftest import programme, trajectory, world

__all__ = ["programme", "trajectory", "world"]
