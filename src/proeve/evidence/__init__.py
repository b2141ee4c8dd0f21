"""Evidence files: safe names, size limits, resumable uploads."""
