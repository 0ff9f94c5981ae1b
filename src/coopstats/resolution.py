"""One name in, whatever it names out: a country, a territory or an international organisation."""

from __future__ import annotations

from dataclasses import dataclass

from coopstats.countries import CountryIndex
from coopstats.organisations import OrganisationIndex


@dataclass(frozen=True)
class Resolution:
    """What a free-text participant name resolved to.

    `kind` is 'country' (a state), 'territory' (Hong Kong, Macao, Taiwan...), 'organisation'
    or None when nothing matched; then `suggestions` holds the closest ISO-3 codes and
    org_ids (countries first). `name` is the display name in the language asked for.
    """

    input: str
    kind: str | None
    iso3: str | None = None
    org_id: str | None = None
    name: str | None = None
    suggestions: tuple[str, ...] = ()


def resolve(
    text: str, countries: CountryIndex, organisations: OrganisationIndex, *, lang: str = "en"
) -> Resolution:
    """Resolve a name to a country or territory first, then to an organisation.

    A name both indexes know resolves as a country. The looser forms of country names that
    lists write ("Korea, Rep.") are tried after the organisations' exact names.
    """
    iso3 = countries.get(text, loose=False)
    if iso3 is None:
        org_id = organisations.get(text)
        if org_id is not None:
            name = organisations.display_name(org_id, lang)
            return Resolution(text, "organisation", org_id=org_id, name=name)
        iso3 = countries.get(text)
    if iso3 is not None:
        kind = "country" if countries.entity_type(iso3) == "state" else "territory"
        return Resolution(text, kind, iso3=iso3, name=countries.display_name(iso3, lang))
    suggestions = (*countries.suggest(text), *organisations.suggest(text))
    return Resolution(text, None, suggestions=suggestions)
