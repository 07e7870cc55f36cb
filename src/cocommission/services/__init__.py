"""Qt-free use cases, one function per thing a user sets out to do.

Every service takes a session and keyword-only arguments, never commits, and
returns plain frozen data. The caller owns the transaction: it opens a unit of
work, calls one service, commits, and only then shows the result.
"""
