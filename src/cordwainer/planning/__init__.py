"""Finite-capacity planning with OR-Tools CP-SAT: the only package that imports OR-Tools.

``problem`` describes a schedule to find in plain values, ``timeline`` maps working time
to moments, ``building`` turns the factory's racks, people and benches into a problem,
``construct`` finds a first plan quickly, ``solver`` improves it with CP-SAT objective by
objective, ``explain`` says why an order is late, ``fjsp`` reads flexible job-shop files.
"""
