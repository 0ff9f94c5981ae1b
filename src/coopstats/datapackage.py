"""The Frictionless Data Package descriptor of the dataset, generated from the table models.

`data/datapackage.json` is this descriptor written out (`make datapackage`); a test keeps the two
in step, so other tools (frictionless, Excel Power Query, R) read the same schema the app checks.
"""

from __future__ import annotations

import json
import sys

import pandera.pandas as pa

from coopstats import schema

_TYPES = {"str": "string", "Int64": "integer", "int64": "integer", "bool": "boolean",
          "float64": "number"}  # fmt: skip
_TRUE_FALSE = {"trueValues": ["true"], "falseValues": ["false"]}


def _constraints(column: pa.Column) -> dict[str, object]:
    out: dict[str, object] = {}
    if not column.nullable:
        out["required"] = True
    if column.unique:
        out["unique"] = True
    for check in column.checks:
        stats = check.statistics
        if check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            out["pattern"] = (
                stats["pattern"].pattern
                if hasattr(stats["pattern"], "pattern")
                else str(stats["pattern"])
            )
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "in_range":
            out["minimum"], out["maximum"] = stats["min_value"], stats["max_value"]
    return out


def table_schema(model: type[pa.DataFrameModel]) -> dict[str, object]:
    """A Frictionless Table Schema for one table model."""
    fields = []
    for name, column in model.to_schema().columns.items():
        kind = _TYPES.get(str(column.dtype), "string")
        field: dict[str, object] = {"name": name, "type": kind}
        if kind == "boolean":
            field.update(_TRUE_FALSE)
        constraints = _constraints(column)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def _description(model: type[pa.DataFrameModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def descriptor() -> dict[str, object]:
    """The whole data package: every table and reference table, with licences and sources."""
    resources = []
    for path, model in {
        **schema.TABLES,
        **schema.OPTIONAL_TABLES,
        **schema.REFERENCE_TABLES,
    }.items():
        resources.append(
            {
                "name": path.removesuffix(".csv").replace("/", "-").replace("_", "-"),
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "description": _description(model),
                "schema": table_schema(model),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "coopstats",
        "title": "International cooperation forums: editions, participants and reported figures",
        "description": (
            "Forum series, editions, sub-forums and side meetings; the countries, territories and "
            "international organisations named as taking part; and the figures sources reported, "
            "each with its source. See data/README.md."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": resources,
    }


def main() -> None:
    json.dump(descriptor(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
