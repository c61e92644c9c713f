"""Clustera."""
