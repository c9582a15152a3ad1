#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # platform/ holds the project's packages; it is a folder on the path, never a package.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariupol_reborn.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
