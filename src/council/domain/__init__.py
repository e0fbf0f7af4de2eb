"""The pure core: members, drafts, ballots, the procedure, the tally and numbering.

Nothing here does I/O or imports a framework; everything is a frozen dataclass or a function
of its arguments, so the rules can be tested exhaustively and reused by every surface.
"""
