import Foundation
import Testing
import TesseraPPL
import TesseraTestSupport

/// The values of the sampler parameters of a random variable (its inputs after rng and size).
func samplerParameters(_ rv: Variable) throws -> [[Double]] {
    let node = try #require(rv.owner)
    return try node.inputs.dropFirst(2).map { try $0.eval().doubles }
}

/// Expects two lists of parameter values to agree to `rtol`.
func expectParameters(_ actual: [[Double]], _ expected: [[Double]], rtol: Double = 1e-14,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(a.count == e.count && zip(a, e).allSatisfy { abs($0 - $1) <= rtol * max(1, abs($1)) },
                "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}

/// An alternative parametrisation next to the canonical one it must equal, with the sampler's
/// parameters worked out by hand from PyMC's formulas.
struct AlternativeCase: Sendable, CustomTestStringConvertible {
    let label: String
    let alternative: @Sendable (String) -> Variable
    let canonical: @Sendable (String) -> Variable
    let expected: [[Double]]
    /// A point in the constrained space where both log-densities are compared.
    let point: NDArray
    var testDescription: String { label }
}

let alternativeCases: [AlternativeCase] = [
    // σ = τ^(−1/2)
    AlternativeCase(label: "Normal tau", alternative: { Normal($0, mu: 1, tau: 4) },
                    canonical: { Normal($0, mu: 1, sigma: 0.5) }, expected: [[1], [0.5]], point: NDArray(0.3)),
    AlternativeCase(label: "HalfNormal tau", alternative: { HalfNormal($0, tau: 4) },
                    canonical: { HalfNormal($0, sigma: 0.5) }, expected: [[0.5]], point: NDArray(0.3)),
    AlternativeCase(label: "LogNormal tau", alternative: { LogNormal($0, mu: 0.5, tau: 0.25) },
                    canonical: { LogNormal($0, mu: 0.5, sigma: 2) }, expected: [[0.5], [2]], point: NDArray(1.7)),
    AlternativeCase(label: "StudentT lam", alternative: { StudentT($0, nu: 3, mu: 1, lam: 4) },
                    canonical: { StudentT($0, nu: 3, mu: 1, sigma: 0.5) }, expected: [[3], [1], [0.5]],
                    point: NDArray(-0.4)),
    AlternativeCase(label: "HalfStudentT lam", alternative: { HalfStudentT($0, nu: 5, lam: 0.25) },
                    canonical: { HalfStudentT($0, nu: 5, sigma: 2) }, expected: [[5], [2]], point: NDArray(1.2)),
    // λ = 1/scale
    AlternativeCase(label: "Exponential scale", alternative: { Exponential($0, scale: 0.5) },
                    canonical: { Exponential($0, lam: 2) }, expected: [[2]], point: NDArray(0.8)),
    // α = μ²/σ² = 4/0.25 = 16, β = μ/σ² = 2/0.25 = 8
    AlternativeCase(label: "Gamma mu sigma", alternative: { Gamma($0, mu: 2, sigma: 0.5) },
                    canonical: { Gamma($0, alpha: 16, beta: 8) }, expected: [[16], [8]], point: NDArray(1.9)),
    // α = 2 + μ²/σ² = 6, β = μ(1 + μ²/σ²) = 10 (mean β/(α − 1) = 2, variance β²/((α − 1)²(α − 2)) = 1)
    AlternativeCase(label: "InverseGamma mu sigma", alternative: { InverseGamma($0, mu: 2, sigma: 1) },
                    canonical: { InverseGamma($0, alpha: 6, beta: 10) }, expected: [[6], [10]], point: NDArray(2.5)),
    AlternativeCase(label: "InverseGamma alpha alone", alternative: { InverseGamma($0, alpha: 3) },
                    canonical: { InverseGamma($0, alpha: 3, beta: 1) }, expected: [[3], [1]], point: NDArray(0.5)),
    // κ = μ(1 − μ)/σ² − 1 = 0.24/0.04 − 1 = 5, α = μκ = 2, β = (1 − μ)κ = 3
    AlternativeCase(label: "Beta mu sigma", alternative: { Beta($0, mu: 0.4, sigma: 0.2) },
                    canonical: { Beta($0, alpha: 2, beta: 3) }, expected: [[2], [3]], point: NDArray(0.3)),
    AlternativeCase(label: "Beta mu nu", alternative: { Beta($0, mu: 0.4, nu: 5) },
                    canonical: { Beta($0, alpha: 2, beta: 3) }, expected: [[2], [3]], point: NDArray(0.6)),
    // p = σ(logit p)
    AlternativeCase(label: "Bernoulli logitP", alternative: { Bernoulli($0, logitP: Foundation.log(0.3 / 0.7)) },
                    canonical: { Bernoulli($0, p: 0.3) }, expected: [[0.3]], point: NDArray(integerLiteral: 1)),
    AlternativeCase(label: "Binomial logitP", alternative: { Binomial($0, n: 8, logitP: Foundation.log(0.25 / 0.75)) },
                    canonical: { Binomial($0, n: 8, p: 0.25) }, expected: [[8], [0.25]], point: NDArray(integerLiteral: 3)),
    // n = α, p = α/(μ + α) = 2/6
    AlternativeCase(label: "NegativeBinomial mu alpha", alternative: { NegativeBinomial($0, mu: 4, alpha: 2) },
                    canonical: { NegativeBinomial($0, p: 1.0 / 3, n: 2) }, expected: [[2], [1.0 / 3]],
                    point: NDArray(integerLiteral: 5)),
    AlternativeCase(label: "NegativeBinomial mu n", alternative: { NegativeBinomial($0, mu: 4, n: 2) },
                    canonical: { NegativeBinomial($0, alpha: 2, p: 1.0 / 3) }, expected: [[2], [1.0 / 3]],
                    point: NDArray(integerLiteral: 2)),
    // p = softmax(logit p); constant p not summing to 1 is rescaled
    AlternativeCase(label: "Categorical logitP",
                    alternative: { Categorical($0, logitP: [Foundation.log(0.2), Foundation.log(0.3), Foundation.log(0.5)]) },
                    canonical: { Categorical($0, p: [0.2, 0.3, 0.5]) }, expected: [[0.2, 0.3, 0.5]],
                    point: NDArray(integerLiteral: 1)),
    AlternativeCase(label: "Categorical rescaled p", alternative: { Categorical($0, p: [2, 3, 5]) },
                    canonical: { Categorical($0, p: [0.2, 0.3, 0.5]) }, expected: [[0.2, 0.3, 0.5]],
                    point: NDArray(integerLiteral: 2)),
    AlternativeCase(label: "Multinomial rescaled p", alternative: { Multinomial($0, n: 6, p: [1, 1, 2]) },
                    canonical: { Multinomial($0, n: 6, p: [0.25, 0.25, 0.5]) }, expected: [[6], [0.25, 0.25, 0.5]],
                    point: try! NDArray(shape: [3], elements: [1, 2, 3], dtype: .int64)),
]

@Suite struct DistributionsParametrizationTests {
    @Test(arguments: alternativeCases)
    func alternativeGivesTheCanonicalParameters(_ c: AlternativeCase) throws {
        var alt: Variable?, canon: Variable?
        _ = try Model {
            alt = c.alternative("a")
            canon = c.canonical("c")
        }
        expectParameters(try samplerParameters(try #require(alt)), c.expected, rtol: 1e-14)
        expectParameters(try samplerParameters(try #require(canon)), c.expected, rtol: 1e-14)
    }

    @Test(arguments: alternativeCases)
    func alternativeGivesTheCanonicalLogp(_ c: AlternativeCase) throws {
        if densityPending(String(c.label.split(separator: " ")[0])) { return }
        let a = try Model { _ = c.alternative("x") }
        let b = try Model { _ = c.canonical("x") }
        func lp(_ m: Model) throws -> Double {
            let rv = m.freeRVs[0]
            let y = try (m.rvsToTransforms[rv]?.forward(constant(c.point)) ?? constant(c.point)).eval()
            return try m.compileLogp().call([y])[0].doubles[0]
        }
        let (la, lb) = (try lp(a), try lp(b))
        #expect(la.isFinite)
        #expect(abs(la - lb) <= 1e-12 * max(1, abs(lb)), "\(c.label): \(la) vs \(lb)")
    }

    @Test func betaBinomialPassesNAlphaBetaToTheSampler() throws {
        let x = BetaBinomial.dist(alpha: 2, beta: 3, n: 10)
        expectParameters(try samplerParameters(x), [[10], [2], [3]])
    }

    /// Σ = [[2, 1], [1, 2]]: L = [[√2, 0], [1/√2, √(3/2)]], Σ⁻¹ = [[2, −1], [−1, 2]] / 3.
    static let cov: [[Double]] = [[2, 1], [1, 2]]
    static let chol: [[Double]] = [[sqrt(2.0), 0], [1 / sqrt(2.0), sqrt(1.5)]]
    static let tau: [[Double]] = [[2.0 / 3, -1.0 / 3], [-1.0 / 3, 2.0 / 3]]

    @Test func mvNormalTakesCovCholOrTau() throws {
        let byCov = MvNormal.dist(mu: [1, 2], cov: Self.cov)
        let byChol = MvNormal.dist(mu: [1, 2], chol: Self.chol)
        let byUpper = MvNormal.dist(mu: [1, 2], chol: Self.chol.indices.map { i in Self.chol.map { $0[i] } }, lower: false)
        let byTau = MvNormal.dist(mu: [1, 2], tau: Self.tau)
        let kinds = [byCov, byChol, byUpper, byTau].map {
            ($0.randomVariable?.distribution as? MvNormalDistribution)?.parametrization
        }
        #expect(kinds == [.covariance, .cholesky, .cholesky, .precision])
        expectParameters(try samplerParameters(byChol), [[1, 2], Self.chol.flatMap { $0 }])
        expectParameters(try samplerParameters(byUpper), [[1, 2], Self.chol.flatMap { $0 }])
        // The three describe one distribution: equal log-densities at a point.
        if densityPending("MvNormal") { return }
        let point: NDArray = [0.4, 2.5]
        var values: [Double] = []
        for make in [{ MvNormal("x", mu: [1, 2], cov: Self.cov) }, { MvNormal("x", mu: [1, 2], chol: Self.chol) },
                     { MvNormal("x", mu: [1, 2], tau: Self.tau) }] {
            let m = try Model { _ = make() }
            values.append(try m.compileLogp().call([point])[0].doubles[0])
        }
        #expect(values.allSatisfy { abs($0 - values[0]) <= 1e-12 * max(1, abs(values[0])) }, "\(values)")
    }

    @Test func derivedParametersFollowTensorArguments() throws {
        // mu and sigma as tensors of the model: α and β are graph expressions of them.
        var g: Variable?
        let model = try Model {
            let mu = HalfNormal("mu", sigma: 1)
            let sigma = HalfNormal("sigma", sigma: 1)
            g = Gamma("g", mu: mu, sigma: sigma)
        }
        let node = try #require(g?.owner)
        let alpha = node.inputs[2], beta = node.inputs[3]
        let (mu, sigma) = (model["mu"]!, model["sigma"]!)
        let f = try function([mu, sigma], [alpha, beta], mode: .vm)
        let out = try f.call([NDArray(3.0), NDArray(1.5)])
        expectParameters(out.map(\.doubles), [[4], [3.0 / 2.25]])
    }

    @Test func betaMuSigmaTensorsOutsideTheirRangeGiveMinusInfinity() throws {
        // With mu and sigma as tensors the condition μ(1 − μ) > σ² is part of the graph.
        let mu = scalar("mu"), sigma = scalar("sigma")
        let b = Beta.dist(mu: mu, sigma: sigma)
        let node = try #require(b.owner)
        let f = try function([mu, sigma], [node.inputs[2], node.inputs[3]], mode: .vm)
        let ok = try f.call([NDArray(0.4), NDArray(0.2)])
        expectParameters(ok.map(\.doubles), [[2], [3]])
        let bad = try f.call([NDArray(0.5), NDArray(0.6)])
        #expect(bad.allSatisfy { $0.doubles == [-.infinity] })
    }
}
