"""`python -m kit`: the same as the `kit` command."""

from kit.cli.main import main

if __name__ == "__main__":  # a spawned worker imports this module again (as __mp_main__): it must not run the command
    main()
