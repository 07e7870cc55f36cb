"""Room voting: the laptop serves a small ballot page that participants open on their own phones.

The room server is an adapter like the command line and the window: each request is parsed,
handed to one service in one unit of work, committed, and only then answered. It imports the
services and the database, never Qt. See docs/room-voting.md.
"""
