import Foundation
import Testing
import TesseraPPL
import TesseraTestSupport

/// The model's log-density of each family: against SciPy for observed data, and for a free
/// variable equal to TesseraLogProb's `logp(rv, value)` plus the transform's log-Jacobian.
@Suite struct DistributionsLogpTests {
    @Test(arguments: familyCases)
    func observedLogpMatchesSciPy(_ c: FamilyCase) throws {
        if densityPending(c.family) { return }
        let expected = try #require(scipyFamilyLogp[c.family])
        let model = try Model { _ = c.register("y", nil, nil, c.data(2)) }
        let lp = try model.logp().eval().doubles[0]
        // Two copies of the datum: twice SciPy's value.
        #expect(abs(lp - 2 * expected) <= 1e-12 * max(1, abs(expected)), "\(c.family): \(lp) vs 2 × \(expected)")
    }

    @Test(arguments: familyCases)
    func freeVariableLogpIsTheDensityPlusTheLogJacobian(_ c: FamilyCase) throws {
        if densityPending(c.family) { return }
        let model = try Model { _ = c.register("x", [2] + c.support, nil, nil) }
        let start = try model.initialPoint(seed: 3, jitter: true)
        let point = try #require(start[model.valueVars[0].name!])
        let (fromModel, direct) = try modelAndDirectLogp(model, at: point)
        #expect(fromModel.isFinite, "\(c.family): \(fromModel) at \(point)")
        #expect(abs(fromModel - direct) <= 1e-12 * max(1, abs(direct)), "\(c.family): \(fromModel) vs \(direct)")
        if model.rvsToTransforms.isEmpty {
            // No transform: the model's term is the density itself at the point.
            let rv = model.freeRVs[0]
            let plain = try sum(try logp(rv, constant(point))).eval().doubles[0]
            #expect(abs(fromModel - plain) <= 1e-12 * max(1, abs(plain)))
        }
    }

    @Test(arguments: ["HalfNormal", "Normal", "LogNormal", "StudentT", "HalfStudentT"])
    func aNegativeSigmaConstantGivesMinusInfinity(_ family: String) throws {
        let model = try Model {
            switch family {
            case "HalfNormal": _ = HalfNormal("x", sigma: -1)
            case "Normal": _ = Normal("x", mu: 0, sigma: -1)
            case "LogNormal": _ = LogNormal("x", sigma: -1)
            case "StudentT": _ = StudentT("x", nu: 3, sigma: -1)
            default: _ = HalfStudentT("x", nu: 3, sigma: -1)
            }
        }
        let point = try model.initialPoint()
        let lp = try model.compileLogp().call(model.valueVars.map { point[$0.name!]! })[0].doubles[0]
        #expect(lp == -.infinity)
        // `pointLogps` names the variable that makes the point impossible.
        #expect(try model.pointLogps(point)["x"] == -.infinity)
    }

    @Test func betaMuSigmaTensorsOutsideTheirRangeGiveMinusInfinityLogp() throws {
        // Beta(mu, sigma) with sigma a free variable: σ² ≥ μ(1 − μ) is an impossible point.
        let model = try Model {
            let sigma = HalfNormal("sigma", sigma: 1)
            Beta("p", mu: 0.5, sigma: sigma, observed: [0.3, 0.6])
        }
        let f = try model.compileLogp()
        let ok = try f.call([NDArray(Foundation.log(0.2))])[0].doubles[0]
        #expect(ok.isFinite)
        let bad = try f.call([NDArray(Foundation.log(0.6))])[0].doubles[0]
        #expect(bad == -.infinity)
    }
}
