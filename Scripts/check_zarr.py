#!/usr/bin/env python3
"""Checks that xarray reads a Zarr store written by Tessera (`InferenceData.write(to:)`) as written.

Usage: python3 Scripts/check_zarr.py STORE EXPECTED.json [WRITE_BACK]
Needs:  python3 -m pip install xarray zarr

EXPECTED.json (written by the Swift test beside the store) holds what Tessera wrote:
{"attrs": {...}, "groups": {"posterior": {"attrs": {...},
  "variables": {"mu": {"dims": ["chain", "draw"], "shape": [2, 5], "dtype": "float64", "data": [...]}},
  "coords": {"chain": [0, 1], "school": ["A", "B"]}}}}
with non-finite numbers as the strings "nan", "inf", "-inf".

Each group is opened with `xarray.open_zarr(STORE, group=..., consolidated=True)` and, where this
xarray has it, the whole store with `xarray.open_datatree(STORE, engine="zarr")`; names, dims,
shapes, dtypes, values (exactly), coordinate labels and attributes are compared. Prints one line
per check and exits 1 when anything differs.

With WRITE_BACK, the tree xarray read is written again by xarray itself (Zarr v2, uncompressed,
consolidated) to that path, for the Swift test to read: the other direction of the check.
"""
import json
import math
import sys

import numpy as np
import xarray as xr
import zarr

DTYPES = {"float64": np.float64, "float32": np.float32, "int64": np.int64, "bool": np.bool_}


def number(v):
    if isinstance(v, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[v]
    return v


def compare(ds, spec, where):
    problems = []
    names = sorted(ds.data_vars)
    if names != sorted(spec["variables"]):
        problems.append(f"{where}: variables {names} != {sorted(spec['variables'])}")
    for name, v in spec["variables"].items():
        if name not in ds.data_vars:
            continue
        da = ds[name]
        if list(da.dims) != v["dims"]:
            problems.append(f"{where}/{name}: dims {list(da.dims)} != {v['dims']}")
        if list(da.shape) != v["shape"]:
            problems.append(f"{where}/{name}: shape {list(da.shape)} != {v['shape']}")
        if da.dtype != DTYPES[v["dtype"]]:
            problems.append(f"{where}/{name}: dtype {da.dtype} != {v['dtype']}")
        expected = np.array([number(x) for x in v["data"]], dtype=DTYPES[v["dtype"]]).reshape(v["shape"])
        actual = da.values
        same = np.array_equal(actual, expected, equal_nan=True) if expected.dtype.kind == "f" else np.array_equal(actual, expected)
        if not same:
            problems.append(f"{where}/{name}: values differ\n  xarray: {actual.ravel()[:8]}\n  wrote:  {expected.ravel()[:8]}")
    for dim, labels in spec["coords"].items():
        if dim not in ds.coords:
            problems.append(f"{where}: no coordinate {dim}")
            continue
        got = ds[dim].values.tolist()
        if got != labels:
            problems.append(f"{where}/{dim}: labels {got} != {labels}")
        if labels and isinstance(labels[0], str) and ds[dim].dtype.kind != "U":
            problems.append(f"{where}/{dim}: string labels read as dtype {ds[dim].dtype}")
    if dict(ds.attrs) != spec["attrs"]:
        problems.append(f"{where}: attrs {dict(ds.attrs)} != {spec['attrs']}")
    return problems


def write_back(store, out):
    if not hasattr(xr, "open_datatree"):
        print("check_zarr: this xarray has no open_datatree; no write-back")
        return
    tree = xr.open_datatree(store, engine="zarr", consolidated=True).load()
    encoding = {node.path: {v: {"compressors": None} for v in node.to_dataset().variables}
                for node in tree.subtree if node.path != "/"}
    tree.to_zarr(out, zarr_format=2, consolidated=True, encoding=encoding)
    print(f"check_zarr: wrote {out} with xarray")


def main():
    store, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path) as f:
        expected = json.load(f)
    problems = []
    for group, spec in expected["groups"].items():
        with xr.open_zarr(store, group=group, consolidated=True) as ds:
            problems += compare(ds.load(), spec, f"open_zarr {group}")
        print(f"check_zarr: open_zarr group {group}: {len(spec['variables'])} variables")
    root = zarr.open_group(store, mode="r")
    if dict(root.attrs) != expected["attrs"]:
        problems.append(f"root attrs {dict(root.attrs)} != {expected['attrs']}")
    if sorted(k for k, _ in root.groups()) != sorted(expected["groups"]):
        problems.append(f"groups {sorted(k for k, _ in root.groups())} != {sorted(expected['groups'])}")
    if hasattr(xr, "open_datatree"):
        tree = xr.open_datatree(store, engine="zarr", consolidated=True)
        for group, spec in expected["groups"].items():
            problems += compare(tree[group].to_dataset().load(), spec, f"open_datatree {group}")
        print(f"check_zarr: open_datatree: groups {sorted(tree.children)}")
    else:
        print("check_zarr: this xarray has no open_datatree; skipped")
    if problems:
        print("check_zarr: FAILED\n" + "\n".join(problems))
        sys.exit(1)
    if len(sys.argv) > 3:
        write_back(store, sys.argv[3])
    print(f"check_zarr: ok (xarray {xr.__version__}, zarr {zarr.__version__})")


if __name__ == "__main__":
    main()
