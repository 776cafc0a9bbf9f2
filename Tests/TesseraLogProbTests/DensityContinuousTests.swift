import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// Continuous distributions on the real line and the circle against SciPy/mpmath
/// (Scripts/fixtures/densities.py): log-densities, CDFs, quantiles, parameter checks, gradients.
@Suite struct DensityContinuousTests {
    static let table: [DensityCase] = [
        DensityCase("uniform", UniformDistribution()),
        DensityCase("t", StudentTDistribution()),
        DensityCase("cauchy", CauchyDistribution()),
        DensityCase("laplace", LaplaceDistribution()),
        DensityCase("logistic", LogisticDistribution()),
        DensityCase("vonmises", VonMisesDistribution()),
    ]

    @Test(arguments: table) func againstReferences(_ c: DensityCase) throws {
        try checkDensity(c)
    }

    @Test func supports() {
        let (a, b): (Variable, Variable) = (1.0, 2.0)
        guard case .interval(let lo, let hi) = UniformDistribution().support([a, b]) else {
            Issue.record("uniform: expected an interval support")
            return
        }
        #expect(lo === a && hi === b)
        #expect(VonMisesDistribution().support([a, b]).defaultTransform is CircularTransform)
        for d in [StudentTDistribution().support([a, a, b]), CauchyDistribution().support([a, b]),
                  LaplaceDistribution().support([a, b]), LogisticDistribution().support([a, b])] {
            #expect(d.defaultTransform == nil && !d.isDiscrete)
        }
    }
}
