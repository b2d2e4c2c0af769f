"""The factory twin: a SimPy model of the floor that records everything through the services.

``simulate`` runs it over working days; ``whatif`` runs variants of it side by side.
"""
