import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// Continuous distributions on the positive half-line, the gamma family and the beta against
/// SciPy/mpmath (Scripts/fixtures/densities.py).
@Suite struct DensityPositiveTests {
    static let table: [DensityCase] = [
        DensityCase("halfnormal", HalfNormalDistribution()),
        DensityCase("lognormal", LogNormalDistribution()),
        DensityCase("exponential", ExponentialDistribution()),
        DensityCase("halfstudentt", HalfStudentTDistribution()),
        DensityCase("halfcauchy", HalfCauchyDistribution()),
        DensityCase("weibull", WeibullDistribution()),
        DensityCase("pareto", ParetoDistribution()),
        DensityCase("gamma", GammaDistribution()),
        DensityCase("invgamma", InverseGammaDistribution()),
        DensityCase("chisquare", ChiSquaredDistribution()),
        DensityCase("beta", BetaDistribution()),
    ]

    @Test(arguments: table) func againstReferences(_ c: DensityCase) throws {
        try checkDensity(c)
    }

    @Test func supports() {
        let (a, b): (Variable, Variable) = (2.0, 3.0)
        for s in [HalfNormalDistribution().support([a]), LogNormalDistribution().support([a, b]),
                  ExponentialDistribution().support([a]), HalfStudentTDistribution().support([a, b]),
                  HalfCauchyDistribution().support([a]), WeibullDistribution().support([a, b]),
                  GammaDistribution().support([a, b]), InverseGammaDistribution().support([a, b]),
                  ChiSquaredDistribution().support([a])] {
            #expect(s.defaultTransform is LogTransform)
        }
        #expect(BetaDistribution().support([a, b]).defaultTransform is LogOddsTransform)
        guard case .lowerBounded(let m) = ParetoDistribution().support([a, b]) else {
            Issue.record("pareto: expected a lower-bounded support")
            return
        }
        #expect(m === b)
    }
}
