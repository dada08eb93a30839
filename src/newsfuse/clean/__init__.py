"""newsfuse.clean"""
