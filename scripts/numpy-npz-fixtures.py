#!/usr/bin/env python3
"""Writes small numpy-made .npz fixtures for the readNpz tests (run with the pyenv python3 that has numpy).

Outputs test/fixtures/numpy-cases.npz (stored members, format versions 1.0/2.0/3.0, both byte orders,
C and Fortran order, every supported dtype), numpy-cases-compressed.npz (np.savez_compressed) and
numpy-cases.json (each array's dtype, shape and C-order values as numpy sees them).
Usage: python3 scripts/numpy-npz-fixtures.py
"""
import io
import json
import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")


def cases():
    base = np.arange(24).reshape(2, 3, 4)
    yield "bool_v1", base % 3 == 0, (1, 0)
    for name in ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]:
        signed = name.startswith("int")
        vals = (base * 5 - 40) if signed else base * 7
        for order in "CF":
            for endian in "<>":
                arr = np.array(vals, dtype=np.dtype(name).newbyteorder(endian), order=order)
                tag = f"{name}_{'le' if endian == '<' else 'be'}_{order}"
                yield tag + "_v1", arr, (1, 0)
    big = np.array([2**53 - 1, -(2**53 - 1), 0, -1], dtype="<i8")
    yield "int64_edges_v2", big, (2, 0)
    for name in ["float16", "float32", "float64"]:
        vals = (base - 11.5) / 4
        yield f"{name}_le_C_v2", np.array(vals, dtype=name), (2, 0)
        yield f"{name}_be_F_v3", np.array(vals, dtype=np.dtype(name).newbyteorder(">"), order="F"), (3, 0)
    yield "scalar_v1", np.array(3.25), (1, 0)
    yield "empty_v1", np.zeros((0, 5), dtype=np.int32), (1, 0)
    yield "matrix_F_v3", np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4)), (3, 0)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    plain = {}
    with zipfile.ZipFile(os.path.join(OUT, "numpy-cases.npz"), "w", zipfile.ZIP_STORED) as z:
        for name, arr, version in cases():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, version=version)
            z.writestr(name + ".npy", buf.getvalue())
            plain[name] = arr
            expected[name] = {
                "dtype": arr.dtype.name,
                "shape": list(arr.shape),
                "order": "F" if arr.ndim > 1 and arr.flags.f_contiguous and not arr.flags.c_contiguous else "C",
                "version": f"{version[0]}.{version[1]}",
                "values": np.ascontiguousarray(arr).reshape(-1).astype(float if arr.dtype.kind == "f" else int).tolist(),
            }
    np.savez_compressed(os.path.join(OUT, "numpy-cases-compressed.npz"), **plain)
    with open(os.path.join(OUT, "numpy-cases.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
