"""The web app's entry point (`helpline web` runs it): the customer chat and the dashboard."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent / "pages"

# Material icons, not emoji: Streamlit checks an emoji against a regular expression of every
# emoji, whose compilation would be on the way to the first page.
st.set_page_config(page_title="helpline", page_icon=":material/support_agent:", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "customer.py", title="Customer chat", icon=":material/chat:", default=True),
        st.Page(PAGES / "dashboard.py", title="Manager dashboard", icon=":material/monitoring:"),
    ]
)
navigation.run()
