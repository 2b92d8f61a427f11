"""Stage 6, write: files written atomically (and privately, for a patient's packet), the manifest,
the source date and revision, shards."""
