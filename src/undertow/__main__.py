"""``python -m undertow``: the same as the ``undertow`` command."""

from undertow.cli import main

if __name__ == "__main__":
    main()
