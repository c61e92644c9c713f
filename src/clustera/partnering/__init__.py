"""Partnering: partner suggestions, the technology-centre finder, expressions of interest."""
