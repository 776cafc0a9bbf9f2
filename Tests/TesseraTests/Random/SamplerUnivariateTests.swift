import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Every univariate sampler against SciPy: 100,000 draws per parameter set (fixed seeds), the
/// empirical CDF at SciPy's percentiles and a binned chi-square (continuous) or a chi-square over
/// the PMF (discrete), and the mean and variance where they exist.
@Suite struct SamplerUnivariateTests {
    static let continuousCases = SamplerCase.load("continuous")
    static let discreteCases = SamplerCase.load("discrete")

    @Test func fixtureHasEveryDistribution() {
        let names = Set((Self.continuousCases + Self.discreteCases).map(\.dist))
        let expected: Set = ["halfnormal", "lognormal", "exponential", "gamma", "inversegamma", "beta", "studentt",
                             "halfstudentt", "cauchy", "halfcauchy", "laplace", "logistic", "weibull", "pareto",
                             "chisquared", "vonmises", "bernoulli", "binomial", "poisson", "negativebinomial",
                             "geometric", "discreteuniform", "betabinomial"]
        #expect(names == expected)
    }

    @Test(arguments: continuousCases.indices)
    func continuousMatchesSciPy(_ index: Int) throws {
        let c = Self.continuousCases[index], ref = try #require(c.continuous)
        let v = c.variable(size: [samplerDraws])
        #expect(v.dtype == .float64)
        let x = try draw(v, seed: 1000 + UInt64(index)).doubles
        #expect(x.count == samplerDraws)
        #expect(x.allSatisfy { $0.isFinite }, "non-finite draws \(c.testDescription)")
        expectMatchesCDF(x, ref, c.testDescription)
        expectReferenceMoments(x, ref.moments, c.testDescription)
    }

    @Test(arguments: discreteCases.indices)
    func discreteMatchesSciPy(_ index: Int) throws {
        let c = Self.discreteCases[index], ref = try #require(c.discrete)
        let v = c.variable(size: [samplerDraws])
        #expect(v.dtype == .int64)
        let d = try draw(v, seed: 2000 + UInt64(index))
        #expect(d.dtype == .int64)
        let x = d.doubles
        #expect(x.count == samplerDraws)
        expectMatchesPMF(x, ref, c.testDescription)
        expectReferenceMoments(x, ref.moments, c.testDescription)
    }

    @Test func categoricalMatchesNormalisedProbabilities() throws {
        for (i, r) in SamplerFixture.records("categorical").enumerated() {
            let p = SamplerFixture.numbers(r["p"]), pmf = SamplerFixture.numbers(r["pmf"])
            let v = Random.categorical(constant(try NDArray(shape: [p.count], elements: p)), size: [samplerDraws])
            #expect(v.dtype == .int64 && v.staticShape == [samplerDraws])
            let x = try draw(v, seed: 3000 + UInt64(i)).doubles
            let ref = ReferencePMF(["lower": 0, "pmf": pmf, "mean": r["mean"]!, "variance": r["variance"]!, "mu4": r["mu4"]!])
            expectMatchesPMF(x, ref, "categorical \(p)")
            expectReferenceMoments(x, ref.moments, "categorical \(p)")
            for (k, q) in pmf.enumerated() where q == 0 {
                #expect(!x.contains(Double(k)), "category \(k) has probability 0 but was drawn")
            }
        }
    }

    /// Parameters broadcast over the batch: each column follows its own parameters.
    @Test func batchedParameters() throws {
        let n = 20_000
        let alpha: Variable = [0.5, 5.0, 50.0]
        let g = try draw(Random.gamma(alpha, 2.0, size: [n, 3]), seed: 5).doubles
        for (j, a) in [0.5, 5.0, 50.0].enumerated() {
            expectMoments(column(g, j, of: 3), mean: a / 2, variance: a / 4, mu4: (3 * a * a + 6 * a) / 16, "gamma column \(j)")
        }
        let mu: Variable = [0.5, 15.0, 1000.0]
        let p = try draw(Random.poisson(mu, size: [n, 3]), seed: 6).doubles
        for (j, m) in [0.5, 15.0, 1000.0].enumerated() {
            expectMoments(column(p, j, of: 3), mean: m, variance: m, mu4: m + 3 * m * m, "poisson column \(j)")
        }
        let trials: Variable = [[5.0], [10_000.0]], prob: Variable = [0.3, 0.9]
        let b = Random.binomial(trials, prob)
        #expect(b.staticShape == [2, 2])
        let bd = try draw(b, draws: n, seed: 7)
        #expect(bd.shape == [n, 2, 2])
        for (j, (nn, pp)) in [(5.0, 0.3), (5.0, 0.9), (10_000.0, 0.3), (10_000.0, 0.9)].enumerated() {
            let v = nn * pp * (1 - pp)
            expectMoments(column(bd.doubles, j, of: 4), mean: nn * pp, variance: v,
                          mu4: v * (1 + 3 * (nn - 2) * pp * (1 - pp)), "binomial entry \(j)")
        }
    }

    /// Degenerate parameters give their point masses.
    @Test func edgeParameters() throws {
        let n = 1000
        #expect(try draw(Random.binomial(7.0, 1.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 7 })
        #expect(try draw(Random.binomial(7.0, 0.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 0 })
        #expect(try draw(Random.binomial(0.0, 0.5, size: [n]), seed: 1).doubles.allSatisfy { $0 == 0 })
        #expect(try draw(Random.poisson(0.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 0 })
        #expect(try draw(Random.bernoulli(1.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 1 })
        #expect(try draw(Random.geometric(1.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 1 })
        #expect(try draw(Random.negativeBinomial(3.0, 1.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 0 })
        #expect(try draw(Random.discreteUniform(4.0, 4.0, size: [n]), seed: 1).doubles.allSatisfy { $0 == 4 })
        let tinyBeta = try draw(Random.beta(1e-3, 2e-3, size: [n]), seed: 1).doubles
        #expect(tinyBeta.allSatisfy { $0 >= 0 && $0 <= 1 })
        let tinyGamma = try draw(Random.gamma(1e-3, 1.0, size: [n]), seed: 1).doubles
        #expect(tinyGamma.allSatisfy { $0 >= 0 && $0.isFinite })
        let flat = try draw(Random.vonMises(0.0, 0.0, size: [n]), seed: 1).doubles
        #expect(flat.allSatisfy { abs($0) <= Double.pi })
        let sharp = try draw(Random.vonMises(2.0, 1e12, size: [n]), seed: 1).doubles
        #expect(sharp.allSatisfy { abs($0 - 2) < 1e-4 })
        let wrapped = try draw(Random.vonMises(3.1, 1.0, size: [n]), seed: 1).doubles
        #expect(wrapped.allSatisfy { abs($0) <= Double.pi })
    }

    /// Extreme but valid parameters finish, stay in the support and land where they must.
    @Test func extremeParameters() throws {
        let n = 200
        let huge = try draw(Random.gamma(1e300, 1e300, size: [n]), seed: 1).doubles
        #expect(huge.allSatisfy { abs($0 - 1) < 1e-100 })
        #expect(try draw(Random.gamma(1e-300, 1.0, size: [n]), seed: 1).doubles.allSatisfy { $0 >= 0 && $0.isFinite })
        let flat = try draw(Random.beta(1e-300, 1e-300, size: [n]), seed: 1).doubles
        #expect(flat.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Set(flat).count == 2)
        let sharp = try draw(Random.vonMises(1.0, 1e300, size: [n]), seed: 1).doubles
        #expect(sharp.allSatisfy { abs($0 - 1) < 1e-100 })
        let sharp0 = try draw(Random.vonMises(0.0, 1e300, size: [n]), seed: 1).doubles
        #expect(sharp0.allSatisfy { $0.isFinite && abs($0) < 1e-140 } && sharp0.contains { $0 != 0 })
        let bigN = 0x1p53
        let b = try draw(Random.binomial(constant(NDArray(bigN)), 0.3, size: [n]), seed: 1).doubles
        let sd = (bigN * 0.21).squareRoot()
        #expect(b.allSatisfy { abs($0 - 0.3 * bigN) < 10 * sd && $0 == $0.rounded() })
        let p = try draw(Random.poisson(1e300, size: [n]), seed: 1).doubles
        #expect(p.allSatisfy { abs($0 / 1e300 - 1) < 1e-140 })
        let t = try draw(Random.studentT(1e-3, size: [n]), seed: 1).doubles
        #expect(t.allSatisfy { !$0.isNaN })
        let g = try draw(Random.geometric(1e-300, size: [n]), seed: 1).doubles
        #expect(g.allSatisfy { $0 >= 1 && $0.isFinite })
        let d = try draw(Random.dirichlet([1e-300, 1e-300, 1.0], size: [n]), seed: 1).doubles
        let sums: [Double] = (0..<n).map { (i: Int) -> Double in d[(3 * i)..<(3 * i + 3)].reduce(0, +) }
        #expect(sums.allSatisfy { abs($0 - 1) < 1e-12 })
        expectError("binomial: parameter 'n' must be at most 2^53") {
            _ = try draw(Random.binomial(constant(NDArray(0x1p60)), 0.5), seed: 1)
        }
    }

    /// The saddle-point log probabilities behind the Poisson and binomial acceptance tests, against
    /// 50-digit mpmath values (more accurate than SciPy's logpmf at large counts).
    @Test func saddlePointLogProbabilities() throws {
        let table = SamplerFixture.object("logpmf")
        let poisson = table["poisson"] as? [[String: Any]] ?? [], binomial = table["binomial"] as? [[String: Any]] ?? []
        #expect(!poisson.isEmpty && !binomial.isEmpty)
        for r in poisson {
            let k = Fixture.double(r["k"]!), mu = Fixture.double(r["mu"]!), expected = Fixture.double(r["logpmf"]!)
            let got = SaddlePoint.logPoisson(k, mu)
            #expect(abs(got - expected) <= 1e-13 * max(1, abs(expected)), "log Poisson(\(k); \(mu)) = \(got), reference \(expected)")
        }
        for r in binomial {
            let k = Fixture.double(r["k"]!), n = Fixture.double(r["n"]!), p = Fixture.double(r["p"]!)
            let expected = Fixture.double(r["logpmf"]!)
            let got = SaddlePoint.logBinomial(k, n, p, 1 - p)
            #expect(abs(got - expected) <= 1e-13 * max(1, abs(expected)), "log Binomial(\(k); \(n), \(p)) = \(got), reference \(expected)")
        }
    }
}
