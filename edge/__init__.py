"""The edge-voice daemon: transports, the streaming conversation pipeline, and the systemd glue."""
