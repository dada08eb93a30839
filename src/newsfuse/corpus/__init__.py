"""newsfuse.corpus"""
