"""Dexterity content types of Proeve (schemas in Python, FTIs in profiles/default/types)."""
