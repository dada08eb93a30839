"""newsfuse.eval"""
