import Foundation
import Testing
import TesseraPPL
import TesseraTestSupport

/// Misuse of a family is an error thrown by `Model { }`, naming the variable and what to do.
@Suite struct DistributionsErrorTests {
    @Test(arguments: familyCases)
    func observedDataOfTheWrongShape(_ c: FamilyCase) {
        expectThrows("the observed data has shape") {
            _ = try Model { _ = c.register("y", [3] + c.support, nil, c.data(2)) }
        }
    }

    @Test(arguments: familyCases)
    func aNameUsedTwice(_ c: FamilyCase) {
        expectThrows("the name 'x' is used twice") {
            _ = try Model {
                Normal("x", mu: 0, sigma: 1)
                _ = c.register("x", nil, nil, nil)
            }
        }
    }

    @Test(arguments: familyCases)
    func anUnknownDimName(_ c: FamilyCase) {
        expectThrows("unknown dim 'county'") {
            _ = try Model(coords: ["k": ["a", "b", "c"]]) {
                _ = c.register("x", nil, ["county"] + c.support.map { _ in "k" }, nil)
            }
        }
    }

    /// NaN in observed data is imputed (a free `y_missing`), as PyMC does with masked arrays.
    @Test(arguments: familyCases.filter { $0.support.isEmpty })
    func nanInObservedDataIsImputed(_ c: FamilyCase) throws {
        var elements = c.data(2).doubles
        elements[0] = .nan
        let data = try NDArray(shape: [2], elements: elements, dtype: .float64)
        let model = try Model { _ = c.register("y", nil, nil, data) }
        #expect(model.freeRVs.map(\.description) == ["y_missing"], "\(c.family)")
        if densityPending(c.family) || c.family == "Flat" || c.family == "HalfFlat" { return }
        let lf = try model.logpDlogpFunction()
        var g = [Double](repeating: 0, count: lf.dimension)
        let x = try lf.ravel(try model.initialPoint(seed: 1))
        #expect(lf(x, gradient: &g).isFinite, "\(c.family): the imputed model's log-density is not finite at its start")
    }

    @Test func nonIntegerDataForADiscreteFamily() {
        expectThrows("non-integer values") {
            _ = try Model { Poisson("y", mu: 2, observed: [1, 2.5]) }
        }
    }

    @Test func aDimsListOfTheWrongLength() {
        expectThrows("dims [\"obs\"] name 1 axes, but the variable has 2") {
            _ = try Model(coords: ["obs": ["a", "b"]]) {
                MvNormal("x", mu: [0, 0, 0], cov: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], shape: [2, 3], dims: ["obs"])
            }
        }
    }

    @Test func aMultivariateShapeThatDoesNotFitItsParameters() {
        expectThrows("shape [2, 4] does not fit") {
            _ = try Model { Dirichlet("w", a: [1, 1, 1], shape: [2, 4]) }
        }
        expectThrows("one draw of dirichlet already has 1") {
            _ = try Model { Dirichlet("w", a: [1, 1, 1], shape: []) }
        }
    }

    // MARK: Alternative parametrisations: both or neither

    @Test(arguments: [
        ("Normal", "Normal 'x': give sigma or tau, not both"),
        ("HalfNormal", "HalfNormal 'x': give sigma or tau, not both"),
        ("LogNormal", "LogNormal 'x': give sigma or tau, not both"),
        ("StudentT", "StudentT 'x': give sigma or lam, not both"),
        ("HalfStudentT", "HalfStudentT 'x': give sigma or lam, not both"),
    ])
    func bothScaleAndPrecision(_ family: String, _ message: String) {
        expectThrows(message) {
            _ = try Model {
                switch family {
                case "Normal": _ = Normal("x", mu: 0, sigma: 1, tau: 1)
                case "HalfNormal": _ = HalfNormal("x", sigma: 1, tau: 1)
                case "LogNormal": _ = LogNormal("x", sigma: 1, tau: 1)
                case "StudentT": _ = StudentT("x", nu: 3, sigma: 1, lam: 1)
                default: _ = HalfStudentT("x", sigma: 1, lam: 1)
                }
            }
        }
    }

    @Test func incompatibleParametrizations() {
        expectThrows("Exponential 'x': give exactly one of lam or scale (given: none)") {
            _ = try Model { Exponential("x") }
        }
        expectThrows("Exponential 'x': give exactly one of lam or scale (given: lam, scale)") {
            _ = try Model { Exponential("x", lam: 1, scale: 1) }
        }
        expectThrows("Gamma 'x': give alpha and beta, or mu and sigma (given: alpha, sigma)") {
            _ = try Model { Gamma("x", alpha: 1, sigma: 1) }
        }
        expectThrows("Gamma 'x': give alpha and beta, or mu and sigma (given: alpha, beta, mu, sigma)") {
            _ = try Model { Gamma("x", alpha: 1, beta: 1, mu: 1, sigma: 1) }
        }
        expectThrows("InverseGamma 'x': give alpha (and beta), or mu and sigma (given: beta)") {
            _ = try Model { InverseGamma("x", beta: 1) }
        }
        expectThrows("Beta 'x': give alpha and beta, or mu and sigma, or mu and nu (given: mu, sigma, nu)") {
            _ = try Model { Beta("x", mu: 0.5, sigma: 0.1, nu: 3) }
        }
        expectThrows("Bernoulli 'x': give exactly one of p or logitP (given: p, logitP)") {
            _ = try Model { Bernoulli("x", p: 0.5, logitP: 0) }
        }
        expectThrows("Binomial 'x': give exactly one of p or logitP (given: none)") {
            _ = try Model { Binomial("x", n: 3) }
        }
        expectThrows("Categorical 'x': give exactly one of p or logitP (given: p, logitP)") {
            _ = try Model { Categorical("x", p: [0.5, 0.5], logitP: [0, 0]) }
        }
        expectThrows("NegativeBinomial 'x': give exactly one of alpha or n (given: alpha, n)") {
            _ = try Model { NegativeBinomial("x", mu: 1, alpha: 1, n: 1) }
        }
        expectThrows("NegativeBinomial 'x': give exactly one of mu or p (given: none)") {
            _ = try Model { NegativeBinomial("x", alpha: 1) }
        }
        expectThrows("MvNormal 'x': give exactly one of cov, chol or tau (given: cov, tau)") {
            _ = try Model { MvNormal("x", mu: [0, 0], cov: [[1, 0], [0, 1]], tau: [[1, 0], [0, 1]]) }
        }
        expectThrows("MvNormal 'x': give exactly one of cov, chol or tau (given: none)") {
            _ = try Model { MvNormal("x", mu: [0, 0]) }
        }
    }

    @Test func distReportsMisuseOnItsResult() {
        let x = Gamma.dist(alpha: 1)
        #expect(x.buildError?.message.contains("Gamma.dist: give alpha and beta, or mu and sigma (given: alpha)") == true)
        // Inside a model an unregistered misuse is recorded too.
        expectThrows("Normal.dist: give sigma or tau, not both") {
            _ = try Model { _ = Normal.dist(sigma: 1, tau: 2) }
        }
    }

    @Test func betaMeanAndStandardDeviationThatNoBetaHas() {
        // μ(1 − μ) = 0.25 ≤ σ² = 0.36.
        expectThrows("Beta 'p': mu·(1 − mu) must exceed sigma² (and sigma be positive), but mu = 0.5 and sigma = 0.6") {
            _ = try Model { Beta("p", mu: 0.5, sigma: 0.6) }
        }
        expectThrows("but mu = 1.2 and sigma = 0.1") {
            _ = try Model { Beta("p", mu: [0.5, 1.2], sigma: 0.1) }
        }
    }

    @Test func negativeConstantProbabilities() {
        expectThrows("Categorical 'z': p must hold non-negative probabilities, but has the value -0.2") {
            _ = try Model { Categorical("z", p: [-0.2, 0.7, 0.5]) }
        }
    }

    // MARK: Invalid parameter values: −∞ log-density, and draws that fail naming the parameter

    @Test(arguments: [
        ("HalfNormal", "halfnormal: parameter 'sigma' must be positive, but has the value -1.0"),
        ("Normal", "normal: parameter 'sigma' must be positive, but has the value -1.0"),
        ("LogNormal", "lognormal: parameter 'sigma' must be positive, but has the value -1.0"),
        ("StudentT", "t: parameter 'sigma' must be positive, but has the value -1.0"),
        ("HalfStudentT", "halfstudentt: parameter 'sigma' must be positive, but has the value -1.0"),
    ])
    func aNegativeSigmaFailsWhenDrawn(_ family: String, _ message: String) throws {
        var x: Variable?
        let model = try Model {
            switch family {
            case "HalfNormal": x = HalfNormal("x", sigma: -1)
            case "Normal": x = Normal("x", mu: 0, sigma: -1)
            case "LogNormal": x = LogNormal("x", sigma: -1)
            case "StudentT": x = StudentT("x", nu: 3, sigma: -1)
            default: x = HalfStudentT("x", nu: 3, sigma: -1)
            }
        }
        #expect(model.freeRVs.count == 1)
        expectError(message) { _ = try draw(try #require(x), draws: 1, seed: 1) }
    }

    @Test func flatHasNoSampler() throws {
        var f: Variable?, h: Variable?
        let model = try Model {
            f = Flat("f")
            h = HalfFlat("h", shape: [2])
        }
        #expect(model.valueVars.map(\.name) == ["f", "h_log__"])
        expectError("flat: Flat has no sampler") { _ = try draw(try #require(f)) }
        expectError("half_flat: HalfFlat has no sampler") { _ = try draw(try #require(h)) }
    }
}
