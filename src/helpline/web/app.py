"""The web app's entry point (`helpline web` runs it): the customer chat and the dashboard."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="helpline", page_icon="📞", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "customer.py", title="Customer chat", icon="💬", default=True),
        st.Page(PAGES / "dashboard.py", title="Manager dashboard", icon="📊"),
    ]
)
navigation.run()
