"""newsfuse.brief"""
