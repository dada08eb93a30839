"""newsfuse.crosscheck"""
