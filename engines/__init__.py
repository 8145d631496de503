"""Model adapters: one small object per engine, each behind a Protocol in `engines.protocols`.

Nothing here knows about transports, sessions or the daemon (`edge/` imports `engines/`, never the reverse).
"""
