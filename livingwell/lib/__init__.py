"""Django-free helpers that every app shares: months and clocks, ages, NHS numbers, suppression, settings.

Nothing here imports Django or an app (the lint's import contracts hold that), so each helper can be
tested on its own and used by the pure commands.
"""
