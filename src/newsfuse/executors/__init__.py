"""newsfuse.executors"""
