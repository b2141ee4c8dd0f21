"""@tus-upload on a PvB: resumable evidence uploads."""
