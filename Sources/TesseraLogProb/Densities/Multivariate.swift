import Foundation
import Tessera

// Multivariate distributions: one value is a vector along the last axis, and the log-density
// has the batch shape (the value's leading axes broadcast with the parameters').

// MARK: - Multivariate normal

extension MvNormalDistribution: DensityDistribution {
    /// `−½ k log 2π − ½ log det Σ − ½ (x − mu)ᵀ Σ⁻¹ (x − mu)` through a Cholesky factor:
    /// - `cov` Σ = L Lᵀ: `log det Σ = 2 Σᵢ log Lᵢᵢ`, the quadratic form `‖L⁻¹(x − mu)‖²` by a
    ///   triangular solve;
    /// - `chol` L given: the same without the factorisation;
    /// - `tau` Σ⁻¹ = M Mᵀ: `log det Σ = −2 Σᵢ log Mᵢᵢ`, the quadratic form `‖Mᵀ(x − mu)‖²`.
    ///
    /// A matrix that is not positive definite (or a `chol` whose diagonal is not positive) gives
    /// `−∞` through the parameter check.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, matrix) = (params[0], params[1])
        let diff = expandDims(value - mu, axis: -1)                    // (…, k, 1)
        let factor: Variable
        switch parametrization {
        case .covariance, .precision: factor = linalg.cholesky(matrix, onError: .nan)
        case .cholesky: factor = matrix
        }
        let diagonal = sum(factor * identity(like: factor), axis: -1)   // (…, k)
        let logDiagonalSum = sum(log(diagonal), axis: -1)
        let quadratic: Variable
        let halfLogDet: Variable
        switch parametrization {
        case .covariance, .cholesky:
            let z = linalg.solveTriangular(factor, diff, lower: true)
            quadratic = sum(z * z, axes: [-2, -1])
            halfLogDet = logDiagonalSum
        case .precision:
            let z = matmul(swapLastTwoAxes(diff), factor)               // (x − mu)ᵀ M
            quadratic = sum(z * z, axes: [-2, -1])
            halfLogDet = -logDiagonalSum
        }
        let k = lastDimension(factor)
        let lp = -0.5 * k * log2Pi - halfLogDet - 0.5 * quadratic
        let param = parametrization.rawValue
        switch parametrization {
        case .covariance, .precision:
            return checkParameters(lp, [logicalNot(isnan(logDiagonalSum))],
                                   message: "multivariate_normal: \(param) is positive definite")
        case .cholesky:
            return checkParameters(lp, [all(diagonal .> 0.0, axis: -1)],
                                   message: "multivariate_normal: chol has a positive diagonal")
        }
    }

    public func support(_ params: [Variable]) -> Support { .realVector }
}

/// The identity matrix the size of `x`'s last axis (float64).
func identity(like x: Variable) -> Variable {
    let r = lastAxisRange(x)
    return cast(expandDims(r, axis: 1) .== expandDims(r, axis: 0), to: .float64)
}

/// `x` with its last two axes swapped.
func swapLastTwoAxes(_ x: Variable) -> Variable {
    let n = x.ndim
    var axes = Array(0..<n)
    axes.swapAt(n - 2, n - 1)
    return transpose(x, axes: axes)
}

// MARK: - Dirichlet

extension DirichletDistribution: DensityDistribution {
    /// `Σᵢ (alphaᵢ − 1) log xᵢ + log Γ(Σᵢ alphaᵢ) − Σᵢ log Γ(alphaᵢ)` on the simplex: every
    /// component in [0, 1] and the sum 1 to within 10⁻⁹ (SciPy's tolerance); `−∞` elsewhere.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let alpha = params[0]
        let inRange = logicalAnd(value .>= 0.0, value .<= 1.0)
        let onSimplex = logicalAnd(all(inRange, axis: -1), abs(sum(value, axis: -1) - 1.0) .<= 1e-9)
        let x = safe(value, inRange, 0.5)
        let lp = sum(xlogy(alpha - 1.0, x), axis: -1) + gammaln(sum(alpha, axis: -1)) - sum(gammaln(alpha), axis: -1)
        return checkParameters(restricted(lp, to: onSimplex), [all(alpha .> 0.0, axis: -1)],
                               message: "dirichlet: alpha > 0")
    }

    public func support(_ params: [Variable]) -> Support { .simplex }
}

// MARK: - Multinomial

extension MultinomialDistribution: DensityDistribution {
    /// `log n! − Σᵢ log xᵢ! + Σᵢ xᵢ log pᵢ` (`p` normalised) for whole `xᵢ ≥ 0` summing to `n`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (n, p) = (params[0], params[1])
        let whole = logicalAnd(value .>= 0.0, isWhole(value))
        let inside = logicalAnd(all(whole, axis: -1), sum(value, axis: -1) .== n)
        let x = safe(value, whole, 0.0)
        let total = sum(p, axis: -1, keepdims: true)
        let lp = gammaln(n + 1.0) - sum(gammaln(x + 1.0), axis: -1) + sum(xlogy(x, p / total), axis: -1)
        return checked(restricted(lp, to: inside), [
            (logicalAnd(n .>= 0.0, isWhole(n)), "multinomial: n >= 0"),
            (all(p .>= 0.0, axis: -1), "multinomial: p >= 0"),
            (sum(p, axis: -1) .> 0.0, "multinomial: sum(p) > 0"),
        ])
    }

    public func support(_ params: [Variable]) -> Support { .countVector }
}
