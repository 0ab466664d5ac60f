"""The application object a command works with, built from the settings when it runs."""

from helpline.app import Helpline


def open_app(*, quiet_logs: bool = True) -> Helpline:
    """The application on the configured settings; a bad setting raises SettingsInvalid.

    Logs go to stderr at WARNING unless HELPLINE_LOG_LEVEL asks for more than INFO, so they
    never mix with what a command prints for scripts.
    """
    helpline = Helpline()
    helpline.configure_logging(quiet=quiet_logs)
    return helpline
