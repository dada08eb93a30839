"""newsfuse.analyze"""
