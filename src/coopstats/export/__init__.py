"""Charts leaving the dashboard: images, offline HTML, briefing packs, permalinks and embeds.

This layer sits beside `figures`: it builds charts with the same Dataset methods and figure
functions as the pages (catalogue.py), adds their credits (decorate.py) and renders them
(images.py with kaleido, html.py, pack.py). It never imports streamlit; the page component is
coopstats.app.export_panel and the shell command is `coopstats export`.
"""
