"""`python -m kmodlint`: the same command line as the `kmodlint` script."""
from kmodlint.cli import main

if __name__ == "__main__":
    main()
