"""``python -m newsfuse.cli.run``: the command line, for callers that have no ``newsfuse`` script
on their PATH (subprocesses started with the current interpreter)."""

from newsfuse.cli import main

if __name__ == "__main__":
    main()
