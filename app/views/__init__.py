"""Widgets: pages, dialogs and their wiring. No SQL here: views call app.db functions."""
