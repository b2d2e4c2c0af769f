"""Labels to print: rack tickets and box labels, as PDF (reportlab) and as ZPL (Zebra).

Drawn from the read models of ``services.labels``; this package reads no database.
"""
