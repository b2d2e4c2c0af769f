"""The pages people use: the public passport, the station terminal, the dashboard."""
