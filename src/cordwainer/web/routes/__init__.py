"""The pages' routes, one module per audience: the public passport, the floor, the office."""
