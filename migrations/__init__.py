"""The Alembic migrations of crosstally's schema.

A package so that an installed crosstally carries them: :mod:`crosstally.migrate` finds this
directory with :mod:`importlib.resources`, wherever the package was installed.
"""
