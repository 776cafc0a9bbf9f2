import Foundation

// The public elementwise functions, named as in NumPy/PyTensor. Each takes `Variable`s only
// (number literals convert: `maximum(x, 0)`), so overload sets stay small and long
// expressions type-check quickly; Foundation's `exp(Double)` & co. are untouched.
// All broadcast their operands (NumPy rules) and never throw: a bad combination gives a
// variable carrying the error, thrown when the graph is compiled.

// MARK: - Arithmetic

/// `|x|`, elementwise. Keeps the dtype (`abs` of an int64 tensor is int64).
public func abs(_ x: Variable) -> Variable { elemwise(Abs(), x) }

/// The sign of `x` (−1, 0 or 1; `nan` for `nan`), elementwise. Keeps the dtype.
public func sign(_ x: Variable) -> Variable { elemwise(Sign(), x) }

/// `x²`, elementwise. Keeps the dtype (bool gives int64, as NumPy gives an integer).
public func square(_ x: Variable) -> Variable { elemwise(Square(), boolAsInt(x)) }

/// `1 / x`, elementwise; integers and bools give float64.
public func reciprocal(_ x: Variable) -> Variable { elemwise(Reciprocal(), x) }

/// `x mod y` with the sign of `y` (`x − y⌊x/y⌋`), elementwise, as NumPy's `mod` and `%`.
public func mod(_ x: Variable, _ y: Variable) -> Variable {
    let (a, b) = boolsAsInt(x, y)
    return elemwise(Mod(), a, b)
}

/// `⌊x / y⌋`, elementwise floor division (Python's `//`); integers stay integers.
public func intDiv(_ x: Variable, _ y: Variable) -> Variable {
    let (a, b) = boolsAsInt(x, y)
    return elemwise(IntDiv(), a, b)
}

/// Makes a bool operand int64, as NumPy computes arithmetic of bools in integers.
func boolAsInt(_ x: Variable) -> Variable { x.dtype == .bool ? cast(x, to: .int64) : x }

/// Makes two bool operands int64 (a bool beside a number promotes on its own).
func boolsAsInt(_ x: Variable, _ y: Variable) -> (Variable, Variable) {
    x.dtype == .bool && y.dtype == .bool ? (boolAsInt(x), boolAsInt(y)) : (x, y)
}

// MARK: - Exponentials and logarithms

/// `eˣ`, elementwise.
public func exp(_ x: Variable) -> Variable { elemwise(Exp(), x) }

/// `2ˣ`, elementwise.
public func exp2(_ x: Variable) -> Variable { elemwise(Exp2(), x) }

/// `eˣ − 1`, accurate for small `x`, elementwise.
public func expm1(_ x: Variable) -> Variable { elemwise(Expm1(), x) }

/// The natural logarithm, elementwise.
public func log(_ x: Variable) -> Variable { elemwise(Log(), x) }

/// The base-2 logarithm, elementwise.
public func log2(_ x: Variable) -> Variable { elemwise(Log2(), x) }

/// The base-10 logarithm, elementwise.
public func log10(_ x: Variable) -> Variable { elemwise(Log10(), x) }

/// `log(1 + x)`, accurate for small `x`, elementwise.
public func log1p(_ x: Variable) -> Variable { elemwise(Log1p(), x) }

/// `√x`, elementwise.
public func sqrt(_ x: Variable) -> Variable { elemwise(Sqrt(), x) }

/// The logistic sigmoid `1 / (1 + e⁻ˣ)` (SciPy's `expit`), elementwise.
public func sigmoid(_ x: Variable) -> Variable { elemwise(Sigmoid(), x) }

/// The log-odds `log(p / (1 − p))`, the inverse of ``sigmoid(_:)``, elementwise.
public func logit(_ p: Variable) -> Variable { elemwise(Logit(), p) }

/// `log(1 + eˣ)`, stable for large `|x|` (`softplus(800) = 800`), elementwise.
public func softplus(_ x: Variable) -> Variable { elemwise(Softplus(), x) }

/// `log(1 + eˣ)`, the same as ``softplus(_:)`` (PyTensor's name).
public func log1pexp(_ x: Variable) -> Variable { elemwise(Softplus(), x) }

/// `log(1 − eˣ)` for `x ≤ 0`, stable near 0 and for large `−x`, elementwise.
public func log1mexp(_ x: Variable) -> Variable { elemwise(Log1mexp(), x) }

/// `log(eᵃ + eᵇ)`, stable, elementwise.
public func logaddexp(_ a: Variable, _ b: Variable) -> Variable { elemwise(LogAddExp(), a, b) }

// MARK: - Trigonometric and hyperbolic

/// Sine (radians), elementwise.
public func sin(_ x: Variable) -> Variable { elemwise(Sin(), x) }

/// Cosine (radians), elementwise.
public func cos(_ x: Variable) -> Variable { elemwise(Cos(), x) }

/// Tangent (radians), elementwise.
public func tan(_ x: Variable) -> Variable { elemwise(Tan(), x) }

/// Inverse sine, elementwise.
public func arcsin(_ x: Variable) -> Variable { elemwise(Arcsin(), x) }

/// Inverse cosine, elementwise.
public func arccos(_ x: Variable) -> Variable { elemwise(Arccos(), x) }

/// Inverse tangent, elementwise.
public func arctan(_ x: Variable) -> Variable { elemwise(Arctan(), x) }

/// The angle of the point `(x, y)` in `(−π, π]` (`atan2(y, x)`), elementwise.
public func arctan2(_ y: Variable, _ x: Variable) -> Variable { elemwise(Arctan2(), y, x) }

/// Hyperbolic sine, elementwise.
public func sinh(_ x: Variable) -> Variable { elemwise(Sinh(), x) }

/// Hyperbolic cosine, elementwise.
public func cosh(_ x: Variable) -> Variable { elemwise(Cosh(), x) }

/// Hyperbolic tangent, elementwise.
public func tanh(_ x: Variable) -> Variable { elemwise(Tanh(), x) }

/// Inverse hyperbolic sine, elementwise.
public func arcsinh(_ x: Variable) -> Variable { elemwise(Arcsinh(), x) }

/// Inverse hyperbolic cosine, elementwise.
public func arccosh(_ x: Variable) -> Variable { elemwise(Arccosh(), x) }

/// Inverse hyperbolic tangent, elementwise.
public func arctanh(_ x: Variable) -> Variable { elemwise(Arctanh(), x) }

// MARK: - Special functions

/// The error function, elementwise.
public func erf(_ x: Variable) -> Variable { elemwise(Erf(), x) }

/// The complementary error function `1 − erf(x)`, elementwise.
public func erfc(_ x: Variable) -> Variable { elemwise(Erfc(), x) }

/// The scaled complementary error function `exp(x²) erfc(x)`, finite for large `x`, elementwise.
public func erfcx(_ x: Variable) -> Variable { elemwise(Erfcx(), x) }

/// The inverse error function, elementwise.
public func erfinv(_ x: Variable) -> Variable { elemwise(Erfinv(), x) }

/// `log |Γ(x)|`, elementwise.
public func gammaln(_ x: Variable) -> Variable { elemwise(GammaLn(), x) }

/// The digamma function `ψ(x) = d/dx log Γ(x)` (SciPy's `psi`), elementwise.
public func digamma(_ x: Variable) -> Variable { elemwise(Digamma(), x) }

/// The trigamma function `ψ₁(x) = d/dx ψ(x)` (SciPy's `polygamma(1, x)`), elementwise.
public func trigamma(_ x: Variable) -> Variable { elemwise(Trigamma(), x) }
/// The tetragamma function `ψ₂(x)` (`scipy.special.polygamma(2, x)`), elementwise.
public func tetragamma(_ x: Variable) -> Variable { elemwise(Tetragamma(), x) }

/// `log |B(a, b)|`, the log of the beta function, elementwise.
public func betaln(_ a: Variable, _ b: Variable) -> Variable { elemwise(BetaLn(), a, b) }

// MARK: - Rounding

/// The largest integer `≤ x`, elementwise. Integer and bool dtypes are kept.
public func floor(_ x: Variable) -> Variable { elemwise(Floor(), x) }

/// The smallest integer `≥ x`, elementwise. Integer and bool dtypes are kept.
public func ceil(_ x: Variable) -> Variable { elemwise(Ceil(), x) }

/// `x` rounded toward zero, elementwise. Integer and bool dtypes are kept.
public func trunc(_ x: Variable) -> Variable { elemwise(Trunc(), x) }

/// `x` rounded to the nearest integer, halves to even (`round(0.5) = 0`, `round(1.5) = 2`),
/// elementwise, as NumPy's `round`.
public func round(_ x: Variable) -> Variable { elemwise(RoundHalfToEven(), x) }

// MARK: - Extrema

/// The larger of `x` and `y`, elementwise, propagating `nan` (NumPy's `maximum`).
public func maximum(_ x: Variable, _ y: Variable) -> Variable { elemwise(Maximum(), x, y) }

/// The smaller of `x` and `y`, elementwise, propagating `nan` (NumPy's `minimum`).
public func minimum(_ x: Variable, _ y: Variable) -> Variable { elemwise(Minimum(), x, y) }

/// `x` limited to `[lo, hi]` (`min(max(x, lo), hi)`), elementwise, as NumPy's `clip`.
public func clip(_ x: Variable, _ lo: Variable, _ hi: Variable) -> Variable { elemwise(Clip(), x, lo, hi) }

// MARK: - Comparisons (bool results; also the operators `.==`, `.<`, …)

/// `x == y`, elementwise, as bool.
public func eq(_ x: Variable, _ y: Variable) -> Variable { elemwise(EQ(), x, y) }

/// `x != y`, elementwise, as bool.
public func neq(_ x: Variable, _ y: Variable) -> Variable { elemwise(NEQ(), x, y) }

/// `x < y`, elementwise, as bool.
public func lt(_ x: Variable, _ y: Variable) -> Variable { elemwise(LT(), x, y) }

/// `x <= y`, elementwise, as bool.
public func le(_ x: Variable, _ y: Variable) -> Variable { elemwise(LE(), x, y) }

/// `x > y`, elementwise, as bool.
public func gt(_ x: Variable, _ y: Variable) -> Variable { elemwise(GT(), x, y) }

/// `x >= y`, elementwise, as bool.
public func ge(_ x: Variable, _ y: Variable) -> Variable { elemwise(GE(), x, y) }

/// Whether `x` is `nan`, elementwise, as bool.
public func isnan(_ x: Variable) -> Variable { elemwise(IsNaN(), x) }

/// Whether `x` is `±∞`, elementwise, as bool.
public func isinf(_ x: Variable) -> Variable { elemwise(IsInf(), x) }

/// Whether `x` is finite (not `±∞`, not `nan`), elementwise, as bool.
public func isfinite(_ x: Variable) -> Variable { elemwise(IsFinite(), x) }

// MARK: - Logic (bool results, nonzero is true; also the operators `.&&`, `.||`, `.!`)

/// `x AND y`, elementwise, as bool.
public func logicalAnd(_ x: Variable, _ y: Variable) -> Variable { elemwise(LogicalAnd(), x, y) }

/// `x OR y`, elementwise, as bool.
public func logicalOr(_ x: Variable, _ y: Variable) -> Variable { elemwise(LogicalOr(), x, y) }

/// `x XOR y`, elementwise, as bool.
public func logicalXor(_ x: Variable, _ y: Variable) -> Variable { elemwise(LogicalXor(), x, y) }

/// `NOT x`, elementwise, as bool.
public func logicalNot(_ x: Variable) -> Variable { elemwise(LogicalNot(), x) }

// MARK: - Selection and conversion

/// `a` where `cond` holds, else `b`, elementwise with broadcasting (NumPy's `where`).
///
/// A nonzero `cond` is true. The result has the promoted dtype of `a` and `b`.
/// ```swift
/// let relu = `where`(x .> 0, x, 0)
/// ```
public func `where`(_ cond: Variable, _ a: Variable, _ b: Variable) -> Variable {
    elemwise(Switch(), cond.dtype == .bool ? cond : cast(cond, to: .bool), a, b)
}

/// `a` where `cond` holds, else `b` (PyTensor's name for ``where(_:_:_:)``).
public func `switch`(_ cond: Variable, _ a: Variable, _ b: Variable) -> Variable { `where`(cond, a, b) }

/// `x` converted to `dtype`, as NumPy's `astype` (floats to integers truncate; to bool is `x != 0`).
/// A no-op when `x` already has that dtype.
public func cast(_ x: Variable, to dtype: DType) -> Variable {
    x.dtype == dtype && x.buildError == nil ? x : elemwise(Cast(dtype), x)
}
