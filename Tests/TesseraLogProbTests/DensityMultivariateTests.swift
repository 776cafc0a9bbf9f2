import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// Multivariate distributions against SciPy/mpmath (Scripts/fixtures/densities.py): the log-density
/// of each row of values, invalid parameters (a covariance that is not positive definite, negative
/// concentrations or probabilities) and gradients with respect to every float parameter.
@Suite struct DensityMultivariateTests {
    // Cholesky and SolveTriangular have no C form yet: the multivariate normal runs them on the VM.
    static let table: [DensityCase] = [
        DensityCase("mvnormal_cov", MvNormalDistribution(.covariance), isNativeOnly: false),
        DensityCase("mvnormal_chol", MvNormalDistribution(.cholesky), isNativeOnly: false),
        DensityCase("mvnormal_tau", MvNormalDistribution(.precision), isNativeOnly: false),
        DensityCase("dirichlet", DirichletDistribution(), differentiatesValue: false),
        DensityCase("multinomial", MultinomialDistribution(), counts: [0]),
    ]

    @Test(arguments: table) func againstReferences(_ c: DensityCase) throws {
        try checkDensity(c)
    }

    /// Batches: a stack of covariances against a stack of values, each row its own density.
    @Test func batchedCovariances() throws {
        let cov = matrix("cov")
        let covs = tensor("covs", shape: [2, 2, 2])
        let mu = vector("mu")
        let x = matrix("x")
        let values: NDArray = [[0.5, -1.0], [2.0, 0.3]]
        let c0: NDArray = [[2.0, 0.3], [0.3, 1.0]], c1: NDArray = [[1.0, -0.5], [-0.5, 3.0]]
        let m: NDArray = [0.1, 0.2]
        let stacked = try logp(Random.mvNormal(mu, cov: covs), x).eval([mu: m, covs: NDArray([c0, c1]), x: values])
        let first = try logp(Random.mvNormal(mu, cov: cov), x).eval([mu: m, cov: c0, x: values])
        let second = try logp(Random.mvNormal(mu, cov: cov), x).eval([mu: m, cov: c1, x: values])
        #expect(stacked.shape == [2])
        expectClose(stacked, try NDArray([first.doubles[0], second.doubles[1]], shape: [2]), rtol: 1e-14)
    }

    @Test func supports() {
        let a: Variable = [1.0, 2.0]
        #expect(DirichletDistribution().support([a]).defaultTransform is SimplexTransform)
        #expect(MultinomialDistribution().support([2.0, a]).isDiscrete)
        #expect(MvNormalDistribution().support([a, a]).defaultTransform == nil)
    }
}
