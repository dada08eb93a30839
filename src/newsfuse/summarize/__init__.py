"""newsfuse.summarize"""
