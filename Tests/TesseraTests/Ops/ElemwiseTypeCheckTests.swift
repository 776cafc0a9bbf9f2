import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// A long expression mixing our functions, operators and literals: it must type-check quickly
/// (the test target builds with `-warn-long-expression-type-checking=200` without a warning here)
/// and compute what NumPy computes.
@Suite struct ElemwiseTypeCheckTests {
    @Test func longExpressionTypeChecksAndMatchesNumPy() throws {
        let fixture = try #require(Fixture.load("elemwise") as? [String: Any])
        let record = try #require(fixture["typecheck"] as? [String: Any])
        let xv = try Fixture.array(try #require(record["x"]))
        let expected = try Fixture.array(try #require(record["expected"]))

        let x = vector("x")
        let y = log1p(exp(-abs(x))) + sqrt(x * x + 1.0) * tanh(x) - sigmoid(x) / (1.0 + x * x) + erfc(x) * 0.5

        for mode in Mode.allCases {
            let value = try function([x], [y], mode: mode).call([xv])[0]
            expectClose(value, expected, rtol: 1e-14, "mode \(mode)")
        }
    }
}
