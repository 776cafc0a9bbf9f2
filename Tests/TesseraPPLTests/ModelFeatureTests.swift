import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct ModelFeatureTests {
    @Test func nestedModelsPrefixNames() throws {
        let model = try Model {
            let mu = Normal("mu", mu: 0, sigma: 1)
            _ = try Model(name: "sub") {
                Normal("x", mu: mu, sigma: 1)
            }
        }
        #expect(model.freeRVs.map(\.description) == ["mu", "sub::x"])
        #expect(model["sub::x"] != nil)
    }

    @Test func dataContainersChangeWithSetData() throws {
        let model = try Model {
            let x = Data("x", [1.0, 2.0, 3.0])
            let b = Normal("b", mu: 0, sigma: 1)
            Deterministic("mu", b * x)
        }
        #expect(try model.constrainedPoint(["b": NDArray(2.0)])["mu"]!.doubles == [2, 4, 6])
        try model.setData("x", [5.0, 6.0, 7.0, 8.0])
        #expect(try model.constrainedPoint(["b": NDArray(2.0)])["mu"]!.doubles == [10, 12, 14, 16])
        #expect(throws: ModelError.self) { try model.setData("nope", [1.0]) }
        #expect(throws: TesseraError.self) { try model.setData("x", [[1.0]]) }
    }

    @Test func potentialsAddToTheLogDensity() throws {
        let model = try Model {
            let x = Normal("x", mu: 0, sigma: 1)
            Potential("pull", -square(x - 2.0))
        }
        let lp = try model.compileLogp()(0.5)[0].doubles[0]
        let expected = -0.5 * 0.25 - 0.5 * Foundation.log(2 * Double.pi) - 2.25
        #expect(abs(lp - expected) < 1e-13)
    }

    @Test func pointLogpsFindTheCulprit() throws {
        let model = try Model {
            let s = HalfNormal("s", sigma: 1)
            Normal("y", mu: 0, sigma: s, observed: [1.0])
        }
        let logps = try model.pointLogps(["s_log__": NDArray(0.0)])
        #expect(logps["s"]!.isFinite && logps["y"]!.isFinite)
        #expect(model.valueVars.map(\.description) == ["s_log__"])
    }
}

@Suite struct ImputationTests {
    @Test func missingObservationsBecomeFreeVariables() throws {
        let model = try Model {
            let mu = Normal("mu", mu: 0, sigma: 1)
            Normal("y", mu: mu, sigma: 1, observed: [1.0, .nan, 3.0])
        }
        #expect(model.freeRVs.map(\.description) == ["mu", "y_missing"])
        // logp at mu = 0.5, y_missing = 2: N(0,1) at 0.5 plus N(0.5, 1) at [1, 2, 3].
        func lnorm(_ x: Double, _ m: Double) -> Double { -0.5 * (x - m) * (x - m) - 0.5 * Foundation.log(2 * Double.pi) }
        let expected = lnorm(0.5, 0) + lnorm(1, 0.5) + lnorm(2, 0.5) + lnorm(3, 0.5)
        let lp = try model.compileLogp()(0.5, [2.0])[0].doubles[0]
        #expect(abs(lp - expected) < 1e-12)
        // The posterior of the missing value: N(mu, 1) with mu's posterior ~ N(4/3 · 3/4 …): its mean equals mu's.
        let idata = try sample(model, draws: 1000, tune: 500, chains: 2, seed: 4, progressBar: false)
        let m = idata.posterior["mu"]!.doubles, ym = idata.posterior["y_missing"]!.doubles
        let mean = { (a: [Double]) in a.reduce(0.0) { $0 + $1 } / Double(a.count) }
        #expect(abs(mean(m) - mean(ym)) < 0.15)
        #expect(abs(mean(m) - 4.0 / 3) < 0.15)  // posterior mean of mu: (1 + 3) / (2 + 1)
    }
}
