"""Users, organisation memberships and roles."""
