"""The Streamlit web app: the customer chat with voice and the manager dashboard, thin over app/."""
