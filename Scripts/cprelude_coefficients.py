#!/usr/bin/env python3
"""Polynomial coefficients of the C prelude's inline exp and log (Sources/Tessera/Backends/C/CPrelude.swift).

Chebyshev fits (mpmath.chebyfit, 40 digits), close to minimax, printed as the C prelude uses them:
  exp: e^r ~ sum c[k] r^k, k = 0..11, on |r| <= 1.01 ln(2)/2 (the reduced argument, with a margin
       for the rounding of round(x/ln 2)); fit error 3.6e-18.
  log: log(1 + f) = f - (h - s (h + R)), h = f^2/2, s = f/(2 + f), R = z g(z), z = s^2 (the scheme of
       fdlibm's e_log.c); g(z) = (2 atanh(s) - 2s)/s^3 ~ sum L[k] z^(k-1), k = 1..7, on
       0 <= z <= ((sqrt 2 - 1)/(sqrt 2 + 1))^2.

Run: python3 Scripts/cprelude_coefficients.py   (mpmath)
"""
import mpmath as mp

mp.mp.dps = 40

half = mp.log(2) / 2 * mp.mpf("1.01")
exp_poly, exp_err = mp.chebyfit(mp.exp, [-half, half], 12, error=True)
print(f"exp: fit error {mp.nstr(exp_err, 3)}")
for k, c in enumerate(reversed(exp_poly)):
    print(f"  c{k} = {float(c)!r}")

zmax = ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)) ** 2 * mp.mpf("1.0001")


def g(z):
    if z == 0:
        return mp.mpf(2) / 3
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) - 2 * s) / (s * z)


log_poly, log_err = mp.chebyfit(g, [0, zmax], 7, error=True)
print(f"log: fit error of g {mp.nstr(log_err, 3)} (its part of log(1 + f) is at most s z times that)")
for k, c in enumerate(reversed(log_poly)):
    print(f"  L{k + 1} = {float(c)!r}")

ln2 = mp.log(2)
hi = float.fromhex("0x1.62e42fefa3800p-1")  # 42 bits: k ln2hi exact for |k| < 2^11
print(f"exp: ln2hi = {hi.hex()}, ln2lo = {float(ln2 - hi).hex()}, 1/ln2 = {float(1 / ln2).hex()}")
hi = float.fromhex("0x1.62e42fee00000p-1")  # 33 bits: k ln2hi exact for |k| < 2^20
print(f"log: ln2hi = {hi.hex()}, ln2lo = {float(ln2 - hi).hex()}")
print(f"sqrt(2)/2 = {float(mp.sqrt(2) / 2).hex()}")
