import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// Discrete distributions against SciPy/mpmath (Scripts/fixtures/densities.py): log-probabilities
/// (at whole, fractional and out-of-support values), CDFs, quantiles, parameter checks and the
/// gradients with respect to the float parameters.
@Suite struct DensityDiscreteTests {
    static let table: [DensityCase] = [
        DensityCase("bernoulli", BernoulliDistribution()),
        DensityCase("binomial", BinomialDistribution(), counts: [0]),
        DensityCase("poisson", PoissonDistribution()),
        DensityCase("nbinom", NegativeBinomialDistribution()),
        DensityCase("geometric", GeometricDistribution()),
        DensityCase("discrete_uniform", DiscreteUniformDistribution(), counts: [0, 1]),
        DensityCase("betabinom", BetaBinomialDistribution(), counts: [0]),
        DensityCase("categorical", CategoricalDistribution()),
    ]

    @Test(arguments: table) func againstReferences(_ c: DensityCase) throws {
        try checkDensity(c)
    }

    /// Integer (int64) values, as draws of the samplers are, give the same log-probabilities.
    @Test func integerValues() throws {
        let k = constant(try NDArray(shape: [3], elements: [0, 2, 5], dtype: .int64))
        let reference = try logp(Random.poisson(3.5), [0.0, 2.0, 5.0]).eval()
        expectClose(try logp(Random.poisson(3.5), k).eval(), reference, rtol: 0)
        let draw = Random.binomial(10, 0.3, size: [3])
        #expect(draw.dtype == .int64)
        expectClose(try logp(draw, k).eval(), try logp(Random.binomial(10.0, 0.3), [0.0, 2.0, 5.0]).eval(), rtol: 0)
    }

    @Test func supports() {
        let p: Variable = 0.5
        #expect(PoissonDistribution().support([p]).isDiscrete)
        #expect(CategoricalDistribution().support([p]).defaultTransform == nil)
    }
}
