"""The staff side: sign-in, sessions, roles per organisation. Others build on `access`."""
