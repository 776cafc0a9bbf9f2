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
