import Foundation
import Testing
@testable import TesseraPPL
@testable import Tessera
import TesseraTestSupport

/// The metric (inverse mass matrix) of the Hamiltonian methods: the dense metric and Stan's windowed
/// covariance adaptation, and nutpie's adaptation from draws and gradients.
@Suite struct MetricAdaptationTests {
    /// A 5-D Gaussian with scales from 0.5 to 10 and AR(1) correlations 0.9^|i−j|.
    static let scales = [1.0, 3.0, 0.5, 2.0, 10.0]
    static let mu = [1.0, -2.0, 0.0, 3.0, 5.0]
    static var covariance: [[Double]] {
        (0..<5).map { i in (0..<5).map { j in Foundation.pow(0.9, Double(abs(i - j))) * scales[i] * scales[j] } }
    }

    static func correlatedModel() throws -> Model {
        try Model { MvNormal("x", mu: mu, cov: covariance) }
    }

    static func columns(_ draws: NDArray, _ k: Int) -> [[Double]] {
        (0..<k).map { j in stride(from: j, to: draws.count, by: k).map { draws.doubles[$0] } }
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0.0) { $0 + $1 } / Double(xs.count) }

    static func cov(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        var s = 0.0
        for i in a.indices { s += (a[i] - ma) * (b[i] - mb) }
        return s / Double(a.count - 1)
    }

    @Test func denseMetricSamplesACorrelatedGaussianBetterThanTheDiagonal() throws {
        let model = try Self.correlatedModel()
        let dense = try sample(model, draws: 1000, tune: 1000, chains: 2, init: .adaptFull, seed: 7, progressBar: false)
        let diagonal = try sample(model, draws: 1000, tune: 1000, chains: 2, init: .adaptDiag, seed: 7, progressBar: false)
        let x = Self.columns(dense.posterior["x"]!, 5)
        let essDense = try ess(dense)["x"]!.doubles
        let essDiagonal = try ess(diagonal)["x"]!.doubles
        let sigma = Self.covariance
        for i in 0..<5 {
            let sd = sigma[i][i].squareRoot()
            #expect(abs(Self.mean(x[i]) - Self.mu[i]) < 4 * sd / essDense[i].squareRoot(), "mean of x[\(i)]: \(Self.mean(x[i]))")
            for j in 0..<5 {
                let c = Self.cov(x[i], x[j])
                #expect(abs(c - sigma[i][j]) < 0.12 * (sigma[i][i] * sigma[j][j]).squareRoot(),
                        "cov[\(i)][\(j)] = \(c), expected \(sigma[i][j])")
            }
        }
        let (minDense, minDiagonal) = (essDense.min()!, essDiagonal.min()!)
        #expect(minDense > 2 * minDiagonal, "min bulk ESS: dense \(minDense), diagonal \(minDiagonal)")
        let divergences = dense.sampleStats["diverging"]!.doubles.filter { $0 != 0 }.count
        #expect(divergences == 0)
    }

    @Test func adaptedDenseMetricApproximatesTheCovariance() throws {
        let model = try Self.correlatedModel()
        let (chains, _) = try sampleChains(model, draws: 10, tune: 1000, chains: 2, cores: 2, seed: 3,
                                           settings: NUTSSettings(adaptation: .dense))
        let sigma = Self.covariance.flatMap { $0 }
        let norm = sigma.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        for chain in chains {
            let m = try #require(chain.inverseMassMatrix)
            let error = zip(m, sigma).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            #expect(error / norm < 0.25, "relative Frobenius error of the adapted metric: \(error / norm)")
            #expect(chain.inverseMass == (0..<5).map { m[$0 * 6] })
        }
        let (diagonal, _) = try sampleChains(model, draws: 10, tune: 200, chains: 1, cores: 1, seed: 3, settings: NUTSSettings())
        #expect(diagonal[0].inverseMassMatrix == nil)
    }

    /// Independent scales over four orders of magnitude: nutpie's estimate `√(Var x / Var g)` is the variance.
    @Test func gradientAdaptationLearnsTheVariancesOfAScaledGaussian() throws {
        let sigmas = [0.01, 0.1, 1, 10, 100]
        let model = try Model { Normal("x", mu: 0, sigma: sigmas) }
        let (chains, _) = try sampleChains(model, draws: 500, tune: 1000, chains: 2, cores: 2, seed: 5,
                                           settings: NUTSSettings(adaptation: .gradientBased))
        for chain in chains {
            for (m, s) in zip(chain.inverseMass, sigmas) {
                #expect(m / (s * s) > 0.65 && m / (s * s) < 1.5, "inverse mass \(m) for variance \(s * s)")
            }
            #expect(chain.inverseMassMatrix == nil)
        }
        for (k, s) in sigmas.enumerated() {
            let xs = chains.flatMap(\.positions).map { $0[k] }
            let sd = Self.cov(xs, xs).squareRoot()
            #expect(abs(sd / s - 1) < 0.1, "sd of x[\(k)]: \(sd), expected \(s)")
        }
    }

    /// With correlations the gradient-based diagonal is `√(Σᵢᵢ / (Σ⁻¹)ᵢᵢ)`, not the variance `Σᵢᵢ`.
    @Test func gradientAdaptationOnACorrelatedGaussian() throws {
        // Σ = [[4, 1.8], [1.8, 1]] (correlation 0.9): Σ⁻¹ has diagonal [1, 4] / (4 − 3.24).
        let model = try Model { MvNormal("x", mu: [0.0, 0.0], cov: [[4.0, 1.8], [1.8, 1.0]]) }
        let (chains, _) = try sampleChains(model, draws: 10, tune: 1000, chains: 2, cores: 2, seed: 8,
                                           settings: NUTSSettings(adaptation: .gradientBased))
        let det = 4 - 1.8 * 1.8
        let expected = [(4 / (1 / det)).squareRoot(), (1 / (4 / det)).squareRoot()]
        for chain in chains {
            for (m, e) in zip(chain.inverseMass, expected) {
                #expect(m / e > 0.7 && m / e < 1.4, "inverse mass \(m), expected √(Σᵢᵢ/(Σ⁻¹)ᵢᵢ) = \(e)")
            }
        }
    }

    /// nutpie's schedule: `1/|g|` at the start, updates from 3 draws on, estimator windows that forget
    /// old draws, and no update in the final 15% of warm-up.
    @Test func gradientAdaptationSchedule() {
        var a = GradientMetricAdaptation(tune: 1000, dimension: 2)
        #expect(a.initial(position: [0.3, 0.1], gradient: [2, -0.5]) == [0.5, 2])
        var b = GradientMetricAdaptation(tune: 1000, dimension: 1)
        #expect(b.initial(position: [0], gradient: [0]) == [1])
        var last: [Double]?
        for i in 0..<1000 {
            // Alternating draws; the scale of positions and gradients changes at draw 400.
            let s: Double = i % 2 == 0 ? 1 : -1
            let (x, g) = i < 400 ? ([s, 3 * s], [-s, -s / 3]) : ([2 * s, 3 * s], [-0.5 * s, -s / 3])
            let update = a.update(draw: i, position: x, gradient: g, diverging: false)
            if i == 0 { #expect(update == nil, "two draws are too few") }
            if i == 1 { #expect(update != nil) }
            if i >= 850 { #expect(update == nil, "draw \(i) is in the final step-size window") }
            if i == 399, let update { #expect(abs(update[0] - 1) < 1e-12 && abs(update[1] - 9) < 1e-9, "\(update)") }
            if update != nil { last = update }
        }
        // The last estimate only holds draws after the change: √(Var x / Var g) = 2 / 0.5.
        #expect(abs((last?[0] ?? 0) - 4) < 1e-9 && abs((last?[1] ?? 0) - 9) < 1e-9, "\(String(describing: last))")
    }

    /// Momenta drawn with a dense metric `M⁻¹ = Σ` have covariance `M = Σ⁻¹`; velocities are `Σ p`.
    @Test func denseMetricMomentaAndVelocities() throws {
        let sigma = [4.0, 1.2, 0.0, 1.2, 1.0, -0.3, 0.0, -0.3, 0.25]
        var metric = Metric(moves: [true, true, true])
        let accepted = metric.setDense(sigma)
        #expect(accepted)
        var rng = RandomState(seed: 1)
        let n = 40_000
        var draws = [[Double]](repeating: [0, 0, 0], count: n)
        var p = [Double](repeating: 0, count: 3), v = p
        for k in 0..<n {
            p.withUnsafeMutableBufferPointer { metric.drawMomentum(into: $0.baseAddress!, &rng) }
            draws[k] = p
        }
        // cov(p) · Σ ≈ I.
        let columns = (0..<3).map { j in draws.map { $0[j] } }
        for i in 0..<3 {
            for j in 0..<3 {
                var s = 0.0
                for k in 0..<3 { s += Self.cov(columns[i], columns[k]) * sigma[k * 3 + j] }
                #expect(abs(s - (i == j ? 1 : 0)) < 0.04, "(cov(p) Σ)[\(i)][\(j)] = \(s)")
            }
        }
        p = [0.5, -1, 2]
        p.withUnsafeBufferPointer { pp in v.withUnsafeMutableBufferPointer { metric.apply(pp.baseAddress!, into: $0.baseAddress!) } }
        for i in 0..<3 {
            #expect(abs(v[i] - (0..<3).reduce(0.0) { $0 + sigma[i * 3 + $1] * p[$1] }) < 1e-12)
        }
        // A fixed (discrete) coordinate gets no momentum and no velocity.
        var masked = Metric(moves: [true, false, true])
        let maskedAccepted = masked.setDense(sigma)
        #expect(maskedAccepted)
        p.withUnsafeMutableBufferPointer { masked.drawMomentum(into: $0.baseAddress!, &rng) }
        #expect(p[1] == 0)
        p = [1, 1, 1]
        p.withUnsafeBufferPointer { pp in v.withUnsafeMutableBufferPointer { masked.apply(pp.baseAddress!, into: $0.baseAddress!) } }
        #expect(v[1] == 0 && abs(v[0] - 4) < 1e-12)
        // Not positive definite: refused, the metric unchanged.
        let refused = !metric.setDense([1, 2, 0, 2, 1, 0, 0, 0, 1])
        #expect(refused)
        #expect(metric.dense == sigma)
    }

    @Test func choleskyFactor() throws {
        let a = [4.0, 2, -2, 2, 5, 1, -2, 1, 6]
        let l = try #require(choleskyLower(a, 3))
        for i in 0..<3 {
            for j in 0..<3 {
                let s = (0..<3).reduce(0.0) { $0 + l[i * 3 + $1] * l[j * 3 + $1] }
                #expect(abs(s - a[i * 3 + j]) < 1e-12)
            }
            for j in (i + 1)..<3 { #expect(l[i * 3 + j] == 0) }
        }
        #expect(choleskyLower([1, 2, 2, 1], 2) == nil)
    }

    /// Stan's regularisation `n/(n+5)·Σ + 10⁻³·5/(n+5)·I` over the two-pass sample covariance.
    @Test func regularizedCovarianceFollowsStan() {
        var rng = RandomState(seed: 4)
        let draws = (0..<12).map { _ in (0..<3).map { _ in rng.uniform() * 4 - 1 } }
        var running = RunningCovariance(dimension: 3)
        for d in draws { running.add(d) }
        let out = running.regularizedCovariance
        let columns = (0..<3).map { j in draws.map { $0[j] } }
        let n = 12.0
        for i in 0..<3 {
            for j in 0..<3 {
                let expected = n / (n + 5) * Self.cov(columns[i], columns[j]) + (i == j ? 1e-3 * 5 / (n + 5) : 0)
                #expect(abs(out[i * 3 + j] - expected) < 1e-12)
            }
        }
    }

    @Test func initMethodNames() {
        for name in ["adapt_diag", "jitter+adapt_diag", "adapt_full", "jitter+adapt_full", "adapt_diag_grad", "jitter+adapt_diag_grad"] {
            #expect(InitMethod(name: name)?.name == name)
        }
        #expect(InitMethod(name: "advi") == nil)
        #expect(InitMethod.nutpie.adaptation == .gradientBased && InitMethod.nutpie.jitter)
        #expect(InitMethod.adaptFull.adaptation == .dense && !InitMethod.adaptFull.jitter)
    }
}
