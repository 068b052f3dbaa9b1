"""`python -m keraslint` runs the CLI."""

from keraslint.cli import main

if __name__ == "__main__":
    main()
