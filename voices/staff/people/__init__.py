"""People in an organisation: members and roles, invitations, password resets, the audit page."""
