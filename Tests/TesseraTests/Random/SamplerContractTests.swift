import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// What every sampler promises besides its distribution: invalid parameters are thrown errors
/// when drawn, the same seed gives the same draws, and the printed node names PyTensor's.
@Suite struct SamplerContractTests {
    /// One random variable of every distribution, with valid parameters.
    static let everySampler: [(String, @Sendable () -> Variable)] = [
        ("halfnormal", { Random.halfNormal(2.0, size: [5]) }),
        ("lognormal", { Random.logNormal(0.0, 1.0, size: [5]) }),
        ("exponential", { Random.exponential(3.0, size: [5]) }),
        ("gamma", { Random.gamma(0.3, 2.0, size: [5]) }),
        ("invgamma", { Random.inverseGamma(3.0, 1.0, size: [5]) }),
        ("beta", { Random.beta(0.2, 0.3, size: [5]) }),
        ("t", { Random.studentT(1.5, 0.0, 1.0, size: [5]) }),
        ("halfstudentt", { Random.halfStudentT(3.0, 1.0, size: [5]) }),
        ("cauchy", { Random.cauchy(0.0, 1.0, size: [5]) }),
        ("halfcauchy", { Random.halfCauchy(1.0, size: [5]) }),
        ("laplace", { Random.laplace(0.0, 1.0, size: [5]) }),
        ("logistic", { Random.logistic(0.0, 1.0, size: [5]) }),
        ("weibull", { Random.weibull(1.5, 1.0, size: [5]) }),
        ("pareto", { Random.pareto(2.0, 1.0, size: [5]) }),
        ("chisquare", { Random.chiSquared(4.0, size: [5]) }),
        ("vonmises", { Random.vonMises(0.0, 2.0, size: [5]) }),
        ("bernoulli", { Random.bernoulli(0.5, size: [5]) }),
        ("binomial", { Random.binomial(10_000.0, 0.4, size: [5]) }),
        ("poisson", { Random.poisson(15.0, size: [5]) }),
        ("nbinom", { Random.negativeBinomial(2.5, 0.3, size: [5]) }),
        ("geometric", { Random.geometric(0.2, size: [5]) }),
        ("categorical", { Random.categorical([0.2, 0.3, 0.5], size: [5]) }),
        ("discrete_uniform", { Random.discreteUniform(-5.0, 5.0, size: [5]) }),
        ("betabinom", { Random.betaBinomial(20.0, 2.0, 3.0, size: [5]) }),
        ("multivariate_normal", { Random.mvNormal([0.0, 1.0], cov: [[1.0, 0.3], [0.3, 1.0]], size: [5]) }),
        ("multivariate_normal", { Random.mvNormal([0.0, 1.0], chol: [[1.0, 0.0], [0.3, 1.0]], size: [5]) }),
        ("multivariate_normal", { Random.mvNormal([0.0, 1.0], tau: [[1.0, 0.3], [0.3, 1.0]], size: [5]) }),
        ("dirichlet", { Random.dirichlet([1.0, 0.5, 2.0], size: [5]) }),
        ("multinomial", { Random.multinomial(30.0, [0.2, 0.3, 0.5], size: [5]) }),
    ]

    @Test(arguments: everySampler.indices)
    func sameSeedSameDraws(_ i: Int) throws {
        let (name, make) = Self.everySampler[i]
        let v = make()
        #expect(v.randomVariable?.distribution.name == name)
        let a = try draw(v, draws: 3, seed: 77), b = try draw(v, draws: 3, seed: 77)
        #expect(a == b, "\(name): the same seed gave different draws")
        let c = try draw(v, draws: 3, seed: 78)
        #expect(a != c, "\(name): different seeds gave the same draws")
        #expect(a.shape == [3] + v.staticShape.map { $0 ?? -1 })
        // Successive calls of one compiled function advance the stream.
        let f = try compileWithRNGUpdates([], [v], seed: 5, mode: .vm)
        #expect(try f()[0] != f()[0], "\(name): successive calls repeated a draw")
        // A fixed state draws the same every time.
        #expect(try v.eval() == v.eval())
    }

    @Test func printedNames() {
        #expect(RandomVariable(GammaDistribution(), hasSize: false).name == "gamma_rv{0, (0, 0), float64, False}")
        #expect(RandomVariable(PoissonDistribution(), hasSize: false).name == "poisson_rv{0, (0,), int64, False}")
        #expect(RandomVariable(CategoricalDistribution(), hasSize: false).name == "categorical_rv{0, (1,), int64, False}")
        #expect(RandomVariable(MvNormalDistribution(.covariance), hasSize: false).name
                == "multivariate_normal_rv{1, (1, 2), float64, False}")
        #expect(RandomVariable(MultinomialDistribution(), hasSize: false).name == "multinomial_rv{1, (0, 1), int64, False}")
        #expect(MvNormalDistribution(.precision).paramNames == ["mu", "tau"])
        #expect(MvNormalDistribution(.cholesky) != MvNormalDistribution(.covariance))
    }

    /// Invalid parameters, each with a fragment of the message it must throw when drawn.
    static let invalid: [(String, @Sendable () -> Variable)] = [
        ("halfnormal: parameter 'sigma' must be positive", { Random.halfNormal(-1.0) }),
        ("lognormal: parameter 'mu' must be finite", { Random.logNormal(constant(NDArray(.nan)), 1.0) }),
        ("lognormal: parameter 'sigma' must be positive", { Random.logNormal(0.0, 0.0) }),
        ("exponential: parameter 'lam' must be positive", { Random.exponential(0.0) }),
        ("gamma: parameter 'alpha' must be positive", { Random.gamma(-1.0, 1.0) }),
        ("gamma: parameter 'beta' must be positive", { Random.gamma(1.0, -2.0) }),
        ("invgamma: parameter 'alpha' must be positive", { Random.inverseGamma(0.0, 1.0) }),
        ("beta: parameter 'beta' must be positive", { Random.beta(1.0, -1.0) }),
        ("t: parameter 'nu' must be positive", { Random.studentT(0.0) }),
        ("t: parameter 'sigma' must be positive", { Random.studentT(1.0, 0.0, -1.0) }),
        ("halfstudentt: parameter 'nu' must be positive", { Random.halfStudentT(-1.0) }),
        ("cauchy: parameter 'beta' must be positive", { Random.cauchy(0.0, 0.0) }),
        ("halfcauchy: parameter 'beta' must be positive", { Random.halfCauchy(-1.0) }),
        ("laplace: parameter 'b' must be positive", { Random.laplace(0.0, -1.0) }),
        ("logistic: parameter 's' must be positive", { Random.logistic(0.0, 0.0) }),
        ("weibull: parameter 'alpha' must be positive", { Random.weibull(0.0, 1.0) }),
        ("pareto: parameter 'm' must be positive", { Random.pareto(1.0, -1.0) }),
        ("chisquare: parameter 'nu' must be positive", { Random.chiSquared(-3.0) }),
        ("vonmises: parameter 'kappa' must be ≥ 0", { Random.vonMises(0.0, -1.0) }),
        ("vonmises: parameter 'mu' must be finite", { Random.vonMises(constant(NDArray(.infinity)), 1.0) }),
        ("bernoulli: parameter 'p' must be a probability", { Random.bernoulli(1.5) }),
        ("binomial: parameter 'n' must be a whole number", { Random.binomial(2.5, 0.5) }),
        ("binomial: parameter 'n' must be a whole number", { Random.binomial(-1.0, 0.5) }),
        ("binomial: parameter 'p' must be a probability", { Random.binomial(5.0, 1.5) }),
        ("poisson: parameter 'mu' must be ≥ 0", { Random.poisson(-1.0) }),
        ("poisson: parameter 'mu' must be ≥ 0 and finite", { Random.poisson(constant(NDArray(.infinity))) }),
        ("nbinom: parameter 'n' must be positive", { Random.negativeBinomial(0.0, 0.5) }),
        ("nbinom: parameter 'p' must be a probability in (0, 1]", { Random.negativeBinomial(1.0, 0.0) }),
        ("geometric: parameter 'p' must be a probability in (0, 1]", { Random.geometric(0.0) }),
        ("categorical: parameter 'p' must hold non-negative", { Random.categorical([0.5, -0.5]) }),
        ("categorical: parameter 'p' must have a positive finite sum", { Random.categorical([[1.0, 0.0], [0.0, 0.0]]) }),
        ("discrete_uniform: 'lower' must be at most 'upper'", { Random.discreteUniform([0.0, 3.0], 1.0) }),
        ("discrete_uniform: parameter 'lower' must be a whole number", { Random.discreteUniform(0.5, 3.0) }),
        ("betabinom: parameter 'alpha' must be positive", { Random.betaBinomial(10.0, 0.0, 1.0) }),
        ("betabinom: parameter 'n' must be a whole number", { Random.betaBinomial(-1.0, 1.0, 1.0) }),
        ("multivariate_normal: 'cov' is not positive definite", { Random.mvNormal([0.0, 0.0], cov: [[1.0, 2.0], [2.0, 1.0]]) }),
        ("multivariate_normal: 'cov' must be symmetric", { Random.mvNormal([0.0, 0.0], cov: [[1.0, 0.5], [0.0, 1.0]]) }),
        ("multivariate_normal: 'cov' must be square", { Random.mvNormal([0.0, 0.0], cov: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]) }),
        ("multivariate_normal: parameter 'cov' must be finite", { Random.mvNormal([0.0], cov: constant(NDArray(uncheckedShape: [1, 1], dtype: .float64, storage: [.nan]))) }),
        ("multivariate_normal: 'chol' must be lower triangular", { Random.mvNormal([0.0, 0.0], chol: [[1.0, 0.5], [0.0, 1.0]]) }),
        ("multivariate_normal: 'chol' must have a positive diagonal", { Random.mvNormal([0.0, 0.0], chol: [[1.0, 0.0], [0.5, -1.0]]) }),
        ("multivariate_normal: 'tau' is not positive definite", { Random.mvNormal([0.0, 0.0], tau: [[0.0, 0.0], [0.0, 1.0]]) }),
        ("multivariate_normal: 'mu' has length 3", { Random.mvNormal([0.0, 0.0, 0.0], cov: [[1.0, 0.0], [0.0, 1.0]]) }),
        ("dirichlet: parameter 'alpha' must be positive", { Random.dirichlet([1.0, 0.0]) }),
        ("multinomial: parameter 'n' must be a whole number", { Random.multinomial(2.5, [0.5, 0.5]) }),
        ("multinomial: parameter 'p' must hold non-negative", { Random.multinomial(3.0, [-1.0, 2.0]) }),
    ]

    @Test(arguments: invalid.indices)
    func invalidParametersThrowWhenDrawn(_ i: Int) {
        let (fragment, make) = Self.invalid[i]
        let v = make()
        expectError(fragment) { _ = try draw(v, seed: 1) }
    }

    /// Parameters known only at run time are checked at each call.
    @Test func runtimeParametersAreChecked() throws {
        let a = scalar("a"), p = vector("p")
        let g = Random.gamma(a, 1.0, size: [4])
        #expect(try g.eval([a: 2.0]).shape == [4])
        expectError("gamma: parameter 'alpha' must be positive, but has the value -1.0") { _ = try g.eval([a: -1.0]) }
        let c = Random.categorical(p)
        #expect(try c.eval([p: [0.0, 1.0]]).doubles == [1])
        expectError("categorical: parameter 'p'") { _ = try c.eval([p: [Double.nan, 1.0]]) }
    }
}
