"""newsfuse.ingest"""
