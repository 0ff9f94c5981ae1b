"""The Streamlit layer: the shell, shared widgets, cached queries and thin pages.

Only this package imports streamlit.
"""
