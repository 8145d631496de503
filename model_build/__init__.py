"""The field engineer's build step: prepares an engines directory (with a manifest) from packaged weights."""
