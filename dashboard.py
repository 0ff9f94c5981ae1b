"""coopstats dashboard: `make run` (or `streamlit run dashboard.py`)."""

from coopstats.app.shell import main

main()
