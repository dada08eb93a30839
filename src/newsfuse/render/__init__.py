"""newsfuse.render"""
