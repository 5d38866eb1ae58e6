"""Widgets that only render what a store function returned."""
