"""Figures: pure Plotly functions, a tidy frame in and a go.Figure out; no Streamlit here."""
