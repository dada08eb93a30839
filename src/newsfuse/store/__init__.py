"""newsfuse.store"""
