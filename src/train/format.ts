// Number formatting that matches what the chapter's Python prints.

/** Python's repr of a numpy float32 (shortest round-trip digits; `1e-05` style below 1e-4), e.g. 0.001 → "0.001", 0.0009 → "0.0009". */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const f = Math.fround(x);
  let digits = "";
  for (let p = 1; p <= 9; p++) {
    digits = f.toPrecision(p);
    if (Math.fround(Number(digits)) === f) break;
  }
  const v = Number(digits);
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 16) {
    const [m, e] = v.toExponential().split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = String(v);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

/** Python's `f"{x:.3f}"`. */
export function fixed3(x: number): string {
  return Number.isNaN(x) ? "nan" : x.toFixed(3);
}
