"""The worker's side of live group sessions: start and end, the facilitator screen, group notes."""
