"""coopstats dashboard: `make run` (or `streamlit run dashboard.py`)."""

# First, before the shell's imports: the browser starts loading Plotly's code while this run
# is still on the server (coopstats.app.preload); the module imports nothing but streamlit.
from coopstats.app.preload import preload

preload()

from coopstats.app.shell import main  # noqa: E402

main()
