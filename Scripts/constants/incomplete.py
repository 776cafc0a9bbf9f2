#!/usr/bin/env python3
"""Constants of the incomplete gamma function kernels (Sources/Tessera/Ops/Special/IncompleteGamma.swift).

Prints Swift source for:
  - the coefficients d[k][n] of Temme's uniform asymptotic expansion
        Q(a, x) = erfc(eta sqrt(a/2)) / 2 + exp(-a eta^2 / 2) / sqrt(2 pi a) * sum_k C_k(eta) a^-k,
        C_k(eta) = sum_n d[k][n] eta^n
    (DLMF 8.12.3, 8.12.7-8.12.9; N. M. Temme, "Uniform asymptotic expansions of the incomplete gamma
    functions and the incomplete beta function", Math. Comp. 29 (1975)), computed exactly in rational
    arithmetic from the recurrence C_0 = 1/(lambda - 1) - 1/eta,
    C_k = (1/eta) C_{k-1}'(eta) + (-1)^k g_k / (lambda - 1), with g_k the Stirling coefficients of
    Gamma*(a) (DLMF 5.11.3) and lambda(eta) the reversion of eta^2 / 2 = lambda - 1 - log(lambda);
  - zeta(k) - 1, k = 2..33, for the Taylor series of log Gamma(1 + a) (Abramowitz & Stegun 6.1.33),
    with mpmath at 50 digits;
  - B_2k / (2k (2k)!), k = 1..30, the coefficients of log(sinh(v/2)/(v/2)) in v^2k (DLMF 4.33.3 / 24.2.1),
    for the large-parameter expansion of the incomplete beta function (IncompleteBeta.swift);
  - log 2 as a double-double.

Run: python3 Scripts/constants/incomplete.py > /tmp/constants.swift   (mpmath)
"""
from fractions import Fraction as Fr
import math

import mpmath as mp

K, N = 15, 22  # rows k = 0..K-1 (powers of 1/a), columns n = 0..N-1 (powers of eta)


def bernoulli(n):
    b = [Fr(0)] * (n + 1)
    b[0] = Fr(1)
    for m in range(1, n + 1):
        b[m] = -sum(math.comb(m + 1, k) * b[k] for k in range(m)) / (m + 1)
    return b


def mul(a, b, n):
    c = [Fr(0)] * n
    for i, x in enumerate(a[:n]):
        if x:
            for j, y in enumerate(b[: n - i]):
                c[i + j] += x * y
    return c


def reciprocal(a, n):
    r = [Fr(0)] * n
    r[0] = 1 / a[0]
    for k in range(1, n):
        r[k] = -sum(a[j] * r[k - j] for j in range(1, min(k, len(a) - 1) + 1)) / a[0]
    return r


def sqrt_one_plus(a, n):
    r = [Fr(0)] * n
    r[0] = Fr(1)
    for k in range(1, n):
        r[k] = ((a[k] if k < len(a) else 0) - sum(r[j] * r[k - j] for j in range(1, k))) / 2
    return r


def compose(a, b, n):
    res, p = [Fr(0)] * n, [Fr(1)] + [Fr(0)] * (n - 1)
    for k in range(n):
        if k < len(a):
            res = [res[i] + a[k] * p[i] for i in range(n)]
        p = mul(p, b, n)
    return res


def temme(k_rows, n_cols):
    m = n_cols + 2 * k_rows + 4
    # eta(mu) = mu sqrt(2 (mu - log(1 + mu)) / mu^2), mu = lambda - 1
    eta_over_mu = sqrt_one_plus([Fr(2 * (-1) ** k, k + 2) for k in range(m + 1)], m + 1)
    eta_of_mu = [Fr(0)] + eta_over_mu[:m]
    mu = [Fr(0), Fr(1)] + [Fr(0)] * (m - 1)  # reversion by fixed-point iteration (exact order by order)
    for _ in range(m + 2):
        e = compose(eta_of_mu, mu, m + 1)
        diff = [e[i] - (1 if i == 1 else 0) for i in range(m + 1)]
        if not any(diff):
            break
        mu = [mu[i] - diff[i] for i in range(m + 1)]
    eta_over_mu_inv = reciprocal(mu[1:], m)  # eta / mu: 1/mu = (1/eta) * this
    c = eta_over_mu_inv[1:]  # C_0 = 1/mu - 1/eta
    bern = bernoulli(2 * k_rows + 2)
    s = [Fr(0)] * (k_rows + 2)
    for j in range(1, k_rows // 2 + 2):
        if 2 * j - 1 < k_rows + 2:
            s[2 * j - 1] = bern[2 * j] / (2 * j * (2 * j - 1))
    g, term = [Fr(1)] + [Fr(0)] * (k_rows + 1), [Fr(1)] + [Fr(0)] * (k_rows + 1)
    for j in range(1, k_rows + 2):
        term = [t / j for t in mul(term, s, k_rows + 2)]
        g = [g[i] + term[i] for i in range(k_rows + 2)]
    rows = [c[:n_cols]]
    for k in range(1, k_rows):
        d = [(i + 1) * c[i + 1] for i in range(len(c) - 1)]
        extra = [(-1) ** k * g[k] * v for v in eta_over_mu_inv]
        assert d[0] + extra[0] == 0  # the poles at eta = 0 cancel
        c = [d[i + 1] + extra[i + 1] for i in range(min(len(d), len(extra)) - 1)]
        rows.append(c[:n_cols])
    return rows


def swift_array(values, per_line=4, indent="        "):
    items = [repr(float(v)) for v in values]
    lines = [indent + ", ".join(items[i : i + per_line]) + "," for i in range(0, len(items), per_line)]
    return "\n".join(lines)


if __name__ == "__main__":
    mp.mp.dps = 50
    rows = temme(K, N)
    print(f"    // Temme coefficients d[k][n], k = 0..<{K}, n = 0..<{N}, row-major")
    print("    static let temmeCoefficients: [Double] = [")
    for k, row in enumerate(rows):
        print(f"        // k = {k}")
        print(swift_array(row))
    print("    ]")
    print("    // zeta(k) - 1, k = 2...33")
    print("    static let zetaMinusOne: [Double] = [")
    print(swift_array([mp.zeta(k) - 1 for k in range(2, 34)]))
    print("    ]")
    bern = bernoulli(62)
    print("    // B_2k / (2k (2k)!), k = 1...30")
    print("    static let sinhLogCoefficients: [Double] = [")
    print(swift_array([bern[2 * k] / (2 * k * math.factorial(2 * k)) for k in range(1, 31)]))
    print("    ]")
    ln2 = mp.log(2)
    hi = float(ln2)
    print(f"    // log 2 = hi + lo\n    static let ln2 = DoubleDouble({hi!r}, {float(ln2 - hi)!r})")
    print(f"    // Euler's gamma\n    static let eulerGamma = {float(mp.euler)!r}")
