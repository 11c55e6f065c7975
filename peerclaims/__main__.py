"""`python -m peerclaims`: the same command line as the `peerclaims` script."""

from peerclaims.engine.cli import main

if __name__ == "__main__":
    main()
