"""Strategic cluster partnerships: calls, applications, evaluation and partnership workspaces."""
