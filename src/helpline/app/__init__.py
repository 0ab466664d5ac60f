"""The application layer: the one thing front ends (cli, api, web) call.

    from helpline.app import Helpline
    app = Helpline()                      # settings from HELPLINE_* and .env
    view = app.accounts.customer("9876543210")

Every method returns the pydantic models of helpline.app.models. This module stays light: the
engine, the database models and the classifiers load when a method first needs them.
"""

from helpline.app.core import Helpline, Progress, load_settings

__all__ = ["Helpline", "Progress", "load_settings"]
