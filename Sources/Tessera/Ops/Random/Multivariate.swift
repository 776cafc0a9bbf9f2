import Foundation

// Multivariate distributions: one draw is a vector (ndimSupp 1) whose length comes from the
// parameters' last axis.

/// The static length of the last axis of the first parameter that knows it and is not 1.
private func staticLastDimension(_ params: [Variable]) -> [Int?] {
    for p in params {
        if let n = p.staticShape.last, let n, n != 1 { return [n] }
    }
    if let n = params.first?.staticShape.last { return [n] }
    return [nil]
}

// MARK: - Multivariate normal

/// The multivariate normal distribution N(mu, Σ), with Σ given as a covariance, its lower
/// Cholesky factor or its inverse (the precision), as PyMC's `MvNormal(mu, cov | chol | tau)`.
///
/// x = mu + L z for z standard normal and Σ = L Lᵀ; from a precision T = L Lᵀ, x = mu + L⁻ᵀ z
/// (back substitution). The Cholesky factorisation is Cholesky–Banachiewicz, row by row
/// (Golub & Van Loan, "Matrix Computations", 4th ed., algorithm 4.2.1); a matrix that is not
/// positive definite is a thrown error. The factor is reused while consecutive draws share the matrix.
public struct MvNormalDistribution: RandomDistribution {
    /// How the second parameter describes Σ.
    public enum Parametrization: String, Hashable, Sendable {
        /// Σ itself (`cov`).
        case covariance = "cov"
        /// The lower-triangular L with Σ = L Lᵀ and a positive diagonal (`chol`).
        case cholesky = "chol"
        /// Σ⁻¹ (`tau`).
        case precision = "tau"
    }

    public let parametrization: Parametrization
    public init(_ parametrization: Parametrization = .covariance) { self.parametrization = parametrization }

    public var name: String { "multivariate_normal" }
    public var paramNames: [String] { ["mu", parametrization.rawValue] }
    public var paramNDims: [Int] { [1, 2] }
    public var ndimSupp: Int { 1 }

    public func supportShape(_ params: [NDArray]) throws -> [Int] {
        let mu = params[0].shape, s = params[1].shape
        guard s.count >= 2, mu.count >= 1 else {
            throw TesseraError.shapeMismatch("\(name): 'mu' needs at least 1 dimension and '\(parametrization.rawValue)' at least 2, but they have shapes \(mu) and \(s)")
        }
        let k = s[s.count - 1]
        guard mu.last == k || mu.last == 1 else {
            throw TesseraError.shapeMismatch("\(name): 'mu' has length \(mu.last ?? 0) along its last axis but '\(parametrization.rawValue)' is \(k) × \(k); they must match (or mu's be 1)")
        }
        return [k]
    }

    public func staticSupportShape(_ params: [Variable]) -> [Int?] {
        staticLastDimension([params[1], params[0]])
    }

    public func validate(_ p: [NDArray]) throws {
        let param = parametrization.rawValue
        try ParameterCheck.finite(p[0], "mu", name)
        try ParameterCheck.finite(p[1], param, name)
        let s = p[1].shape
        guard s.count >= 2, s[s.count - 2] == s[s.count - 1] else {
            throw TesseraError.shapeMismatch("\(name): '\(param)' must be square in its last two axes, but has shape \(s)")
        }
        let k = s[s.count - 1]
        let a = p[1].storage
        for start in stride(from: 0, to: a.count, by: max(1, k * k)) {
            for i in 0..<k {
                for j in 0..<i {
                    let lower = a[start + i * k + j], upper = a[start + j * k + i]
                    switch parametrization {
                    case .cholesky:
                        if upper != 0 {
                            throw TesseraError.invalidArgument("\(name): 'chol' must be lower triangular, but entry (\(j), \(i)) above the diagonal is \(upper)")
                        }
                    case .covariance, .precision:
                        let scale = (abs(a[start + i * k + i]) * abs(a[start + j * k + j])).squareRoot()
                        if abs(lower - upper) > 1e-8 * scale {
                            throw TesseraError.invalidArgument("\(name): '\(param)' must be symmetric, but entries (\(i), \(j)) and (\(j), \(i)) are \(lower) and \(upper)")
                        }
                    }
                }
                if parametrization == .cholesky, !(a[start + i * k + i] > 0) {
                    throw TesseraError.invalidArgument("\(name): 'chol' must have a positive diagonal, but entry (\(i), \(i)) is \(a[start + i * k + i])")
                }
            }
        }
    }

    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        guard count > 0 else { return }
        let mu = params[0], a = params[1]
        let kk = a.count / count
        let k = Int(Double(kk).squareRoot().rounded())
        let muLength = mu.count / count
        var factor = [Double](repeating: 0, count: kk)
        var factored = -1   // the block whose factor `factor` holds
        var z = [Double](repeating: 0, count: k)
        for i in 0..<count {
            let block = i * kk
            if factored < 0 || !a[block..<(block + kk)].elementsEqual(a[factored..<(factored + kk)]) {
                switch parametrization {
                case .cholesky:
                    for t in 0..<kk { factor[t] = a[block + t] }
                case .covariance, .precision:
                    try Self.cholesky(a, block, k, into: &factor, param: parametrization.rawValue, entry: i)
                }
                factored = block
            }
            for j in 0..<k { z[j] = NormalDistribution.standard(&rng) }
            let o = i * k
            switch parametrization {
            case .covariance, .cholesky:
                // x = L z, L lower triangular.
                for r in 0..<k {
                    var s = 0.0
                    for c in 0...r { s += factor[r * k + c] * z[c] }
                    out[o + r] = s
                }
            case .precision:
                // Lᵀ x = z by back substitution.
                for r in stride(from: k - 1, through: 0, by: -1) {
                    var s = z[r]
                    for c in (r + 1)..<max(r + 1, k) { s -= factor[c * k + r] * out[o + c] }
                    out[o + r] = s / factor[r * k + r]
                }
            }
            for r in 0..<k { out[o + r] += mu[i * muLength + (muLength == 1 ? 0 : r)] }
        }
    }

    /// The lower Cholesky factor of the k × k block of `a` at `start`, written into `l` (row-major).
    static func cholesky(_ a: [Double], _ start: Int, _ k: Int, into l: inout [Double], param: String, entry: Int) throws {
        for t in 0..<(k * k) { l[t] = 0 }
        for i in 0..<k {
            for j in 0...i {
                var s = a[start + i * k + j]
                for c in 0..<j { s -= l[i * k + c] * l[j * k + c] }
                if i == j {
                    guard s > 0, s.isFinite else {
                        throw TesseraError.invalidArgument("multivariate_normal: '\(param)' is not positive definite (the Cholesky factorisation fails at pivot \(i), value \(s), for batch entry \(entry))")
                    }
                    l[i * k + i] = s.squareRoot()
                } else {
                    l[i * k + j] = s / l[j * k + j]
                }
            }
        }
    }
}

// MARK: - Dirichlet

/// The Dirichlet distribution on the simplex with concentrations `alpha` (last axis).
///
/// Normalised independent Gamma(alpha_i, 1) draws (Devroye 1986, section XI.4.1), each from
/// Marsaglia & Tsang; when some alpha_i < 1 the gammas are drawn in log space and normalised by
/// their log-sum-exp, which stays exact for tiny concentrations where the gammas underflow.
public struct DirichletDistribution: RandomDistribution {
    public init() {}
    public var name: String { "dirichlet" }
    public var paramNames: [String] { ["alpha"] }
    public var paramNDims: [Int] { [1] }
    public var ndimSupp: Int { 1 }

    public func supportShape(_ params: [NDArray]) throws -> [Int] { [params[0].shape.last ?? 0] }
    public func staticSupportShape(_ params: [Variable]) -> [Int?] { [params[0].staticShape.last ?? nil] }

    public func validate(_ p: [NDArray]) throws {
        guard let k = p[0].shape.last, k > 0 else {
            throw TesseraError.invalidArgument("\(name): parameter 'alpha' needs at least one component, but has shape \(p[0].shape)")
        }
        try ParameterCheck.positive(p[0], "alpha", name)
    }

    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        guard count > 0 else { return }
        let alpha = params[0]
        let k = alpha.count / count
        var samplers = (0..<k).map { MarsagliaTsang(alpha: alpha[$0]) }
        var logSpace = samplers.contains { $0.alpha < 1 }
        for i in 0..<count {
            let o = i * k
            for j in 0..<k where alpha[o + j] != samplers[j].alpha {
                samplers[j] = MarsagliaTsang(alpha: alpha[o + j])
                logSpace = samplers.contains { $0.alpha < 1 }
            }
            var total = 0.0
            if logSpace {
                var top = -Double.infinity
                for j in 0..<k {
                    out[o + j] = samplers[j].logDraw(&rng)
                    top = max(top, out[o + j])
                }
                for j in 0..<k {
                    out[o + j] = Foundation.exp(out[o + j] - top)
                    total += out[o + j]
                }
            } else {
                for j in 0..<k {
                    out[o + j] = samplers[j].draw(&rng)
                    total += out[o + j]
                }
            }
            let scale = 1 / total
            for j in 0..<k { out[o + j] *= scale }
        }
    }
}

// MARK: - Multinomial

/// The multinomial distribution: counts of `n` draws over categories of probabilities `p`
/// (last axis; normalised, as PyMC's `Multinomial`).
///
/// Sequential conditional binomials: x_j ~ Binomial(n − Σ_{i<j} x_i, p_j / Σ_{i≥j} p_i)
/// (Devroye 1986, section XI.1.5), each from the BTPE/inversion binomial sampler.
public struct MultinomialDistribution: RandomDistribution {
    public init() {}
    public var name: String { "multinomial" }
    public var paramNames: [String] { ["n", "p"] }
    public var paramNDims: [Int] { [0, 1] }
    public var ndimSupp: Int { 1 }
    public var dtype: DType { .int64 }

    public func supportShape(_ params: [NDArray]) throws -> [Int] { [params[1].shape.last ?? 0] }
    public func staticSupportShape(_ params: [Variable]) -> [Int?] { [params[1].staticShape.last ?? nil] }

    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.trials(p[0], "n", name)
        try ParameterCheck.weights(p[1], "p", name)
    }

    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        guard count > 0 else { return }
        let n = params[0], p = params[1]
        let k = p.count / count
        var tail = [Double](repeating: 0, count: k + 1)   // tail[j] = Σ_{i≥j} p_i
        for i in 0..<count {
            let o = i * k
            tail[k] = 0
            for j in stride(from: k - 1, through: 0, by: -1) { tail[j] = tail[j + 1] + p[o + j] }
            var left = n[i]
            for j in 0..<k {
                if j == k - 1 || left == 0 {
                    out[o + j] = j == k - 1 ? left : 0
                    continue
                }
                let share = tail[j] > 0 ? min(1, p[o + j] / tail[j]) : 0
                let x = BinomialSampler(n: left, p: share).draw(&rng)
                out[o + j] = x
                left -= x
            }
        }
    }
}

extension Random {
    /// A multivariate normal random variable N(mu, cov) (mean along the last axis; cov in the last two).
    public static func mvNormal(_ mu: Variable, cov: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                name: String? = nil) -> Variable {
        variable(MvNormalDistribution(.covariance), [mu, cov], size: size, rng: rng, name: name)
    }

    /// A multivariate normal random variable N(mu, L Lᵀ) from the lower Cholesky factor `chol` = L.
    public static func mvNormal(_ mu: Variable, chol: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                name: String? = nil) -> Variable {
        variable(MvNormalDistribution(.cholesky), [mu, chol], size: size, rng: rng, name: name)
    }

    /// A multivariate normal random variable N(mu, tau⁻¹) from the precision matrix `tau`.
    public static func mvNormal(_ mu: Variable, tau: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                name: String? = nil) -> Variable {
        variable(MvNormalDistribution(.precision), [mu, tau], size: size, rng: rng, name: name)
    }

    /// A Dirichlet random variable on the simplex with concentrations `alpha` (last axis).
    public static func dirichlet(_ alpha: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                 name: String? = nil) -> Variable {
        variable(DirichletDistribution(), [alpha], size: size, rng: rng, name: name)
    }

    /// A multinomial random variable: counts of `n` draws over categories of probabilities `p` (int64).
    public static func multinomial(_ n: Variable, _ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                   name: String? = nil) -> Variable {
        variable(MultinomialDistribution(), [n, p], size: size, rng: rng, name: name)
    }
}
