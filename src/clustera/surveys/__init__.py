"""Surveys on the portal: versioned XLSForm definitions, invitations, save-and-resume collection,
results for organisers and analysts, and the personal-data duties (erase, export, retention)."""
