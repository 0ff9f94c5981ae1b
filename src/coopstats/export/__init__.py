"""Charts leaving the dashboard: images, offline HTML, briefing packs, permalinks and embeds.

This layer sits above `charts`: it takes each chart from the registry the pages draw from
(coopstats.charts), adds its credits (decorate.py) and renders it
(images.py with kaleido, html.py, pack.py). It never imports streamlit; the page component is
coopstats.app.export_panel and the shell command is `coopstats export`.
"""
