"""`python -m helpline`: the same command as `helpline`."""

from helpline.cli import main

if __name__ == "__main__":
    main()
