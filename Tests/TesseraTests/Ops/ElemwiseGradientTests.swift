import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// One gradient check: `sum(build(inputs))` differentiated by `grad` against finite differences.
struct ElemwiseGradientCase: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [NDArray]
    let build: @Sendable ([Variable]) -> Variable
    var testDescription: String { name }

    init(_ name: String, _ values: [NDArray], _ build: @escaping @Sendable ([Variable]) -> Variable) {
        self.name = name
        self.values = values
        self.build = build
    }
}

/// Gradients of the elementwise ops (pullbacks) against central finite differences.
@Suite struct ElemwiseGradientTests {
    static let unary: [ElemwiseGradientCase] = {
        let real: NDArray = [-1.3, 0.2, 1.7]
        let positive: NDArray = [0.3, 1.7, 5.0]
        let unit: NDArray = [-0.7, 0.2, 0.9]
        let list: [(String, NDArray, @Sendable (Variable) -> Variable)] = [
            ("neg", real, { -$0 }), ("abs", real, { abs($0) }), ("square", real, { square($0) }),
            ("reciprocal", [0.5, -2.0, 3.0], { reciprocal($0) }),
            ("exp", real, { exp($0) }), ("exp2", real, { exp2($0) }), ("expm1", real, { expm1($0) }),
            ("log", positive, { log($0) }), ("log2", positive, { log2($0) }), ("log10", positive, { log10($0) }),
            ("log1p", [-0.5, 0.3, 4.0], { log1p($0) }), ("sqrt", positive, { sqrt($0) }),
            ("sin", real, { sin($0) }), ("cos", real, { cos($0) }), ("tan", [-1.2, 0.3, 1.1], { tan($0) }),
            ("arcsin", unit, { arcsin($0) }), ("arccos", unit, { arccos($0) }), ("arctan", real, { arctan($0) }),
            ("sinh", real, { sinh($0) }), ("cosh", real, { cosh($0) }), ("tanh", real, { tanh($0) }),
            ("arcsinh", real, { arcsinh($0) }), ("arccosh", [1.2, 2.0, 10.0], { arccosh($0) }),
            ("arctanh", unit, { arctanh($0) }),
            ("sigmoid", [-3.0, 0.2, 4.0], { sigmoid($0) }), ("logit", [0.1, 0.5, 0.9], { logit($0) }),
            ("softplus", [-30.0, -1.0, 0.5, 40.0], { softplus($0) }),
            ("log1pexp", [-30.0, -1.0, 0.5, 40.0], { log1pexp($0) }),
            ("log1mexp", [-5.0, -0.7, -0.1, -1e-3], { log1mexp($0) }),
            ("erf", real, { erf($0) }), ("erfc", real, { erfc($0) }), ("erfcx", [-2.0, 0.5, 3.0, 15.0], { erfcx($0) }),
            ("erfinv", [-0.9, 0.1, 0.99], { erfinv($0) }),
            ("gammaln", [0.3, 2.5, 12.0, -1.5], { gammaln($0) }), ("digamma", [0.3, 2.5, 12.0, -1.5], { digamma($0) }),
        ]
        return list.map { name, v, f in ElemwiseGradientCase(name, [v]) { f($0[0]) } }
    }()

    static let multi: [ElemwiseGradientCase] = {
        let a31: NDArray = [[-1.5], [0.5], [2.0]], b4: NDArray = [0.7, -1.2, 2.5, 3.0]
        return [
            ElemwiseGradientCase("add (3,1)+(4,)", [a31, b4]) { $0[0] + $0[1] },
            ElemwiseGradientCase("sub (3,1)-(4,)", [a31, b4]) { $0[0] - $0[1] },
            ElemwiseGradientCase("mul (3,1)*(4,)", [a31, b4]) { $0[0] * $0[1] },
            ElemwiseGradientCase("div (3,1)/(4,)", [a31, b4]) { $0[0] / $0[1] },
            ElemwiseGradientCase("pow", [[0.5, 1.5, 3.0], [-1.5, 0.5, 2.2]]) { pow($0[0], $0[1]) },
            ElemwiseGradientCase("pow broadcast", [[[0.5], [2.0]], [1.5, -0.5, 3.0]]) { pow($0[0], $0[1]) },
            ElemwiseGradientCase("mod", [[5.3, -2.7, 7.1], [2.0, 2.5, -3.0]]) { $0[0] % $0[1] },
            ElemwiseGradientCase("maximum", [[1.0, 5.0, -2.0], [3.0, 2.0, -1.0]]) { maximum($0[0], $0[1]) },
            ElemwiseGradientCase("minimum", [[1.0, 5.0, -2.0], [3.0, 2.0, -1.0]]) { minimum($0[0], $0[1]) },
            ElemwiseGradientCase("maximum (3,1),(4,)", [a31, b4]) { maximum($0[0], $0[1]) },
            ElemwiseGradientCase("arctan2", [[1.0, -2.0, 0.5], [2.0, 1.0, -3.0]]) { arctan2($0[0], $0[1]) },
            ElemwiseGradientCase("logaddexp", [[1.0, -3.0, 20.0], [2.0, 1.0, -5.0]]) { logaddexp($0[0], $0[1]) },
            ElemwiseGradientCase("logaddexp (3,1),(4,)", [a31, b4]) { logaddexp($0[0], $0[1]) },
            ElemwiseGradientCase("betaln", [[0.7, 3.0, 15.0], [2.5, 12.0, 0.4]]) { betaln($0[0], $0[1]) },
            ElemwiseGradientCase("clip", [[-1.0, 0.5, 3.0, 1.5], [0.0, 0.0, 0.0, 2.0], [1.0, 1.0, 1.0, 3.0]]) {
                clip($0[0], $0[1], $0[2])
            },
            ElemwiseGradientCase("where", [[1.0, 2.0, 3.0], [-4.0, -5.0, -6.0]]) {
                `where`([true, false, true], $0[0] * $0[0], exp($0[1]))
            },
            ElemwiseGradientCase("where (3,1),(4,),()", [b4, [0.3]]) {
                `where`([[true], [false], [true]], $0[0] * 2.0, $0[1] * $0[1])
            },
            ElemwiseGradientCase("a long expression", [[-2.0, 0.3, 1.7]]) { x in
                let v = x[0]
                return log1p(exp(-abs(v))) + sqrt(v * v + 1.0) * tanh(v) - sigmoid(v) / (1.0 + v * v) + erfc(v) * 0.5
            },
        ]
    }()

    @Test(arguments: unary + multi)
    func gradientMatchesFiniteDifferences(_ c: ElemwiseGradientCase) throws {
        let inputs = c.values.enumerated().map { i, v in tensor("x\(i)", shape: v.shape.map { $0 }) }
        try checkGradient(inputs, at: c.values, rtol: 1e-6, atol: 1e-8) { sum(c.build($0)) }
    }

    @Test func secondDerivativeOfGammaln() throws {
        // d²/dx² gammaln = trigamma, through digamma's pullback.
        try checkGradient([vector("x")], at: [[0.3, 2.5, 12.0, -1.5]]) { v in sum(grad(sum(gammaln(v[0])), wrt: v[0])) }
    }

    @Test func piecewiseConstantOpsHaveZeroGradient() throws {
        let x = vector("x")
        let xv: NDArray = [-1.5, 0.3, 2.5]
        let zero: NDArray = [0.0, 0.0, 0.0]
        let discrete: [Variable] = [
            floor(x), ceil(x), trunc(x), round(x), sign(x), cast(x .> 0, to: .float64), isnan(x) .|| (x .<= 1),
            intDiv(x, 0.7), cast(x, to: .int64),
        ]
        for d in discrete {
            let cost = sum(cast(d, to: .float64) * x) - sum(x * cast(d, to: .float64))
            expectClose(try grad(cost, wrt: x).eval([x: xv]), zero)
            expectError("does not depend on") {
                _ = try grad(sum(cast(d, to: .float64)), wrt: x, disconnected: .raise).eval([x: xv])
            }
        }
    }

    @Test func tiesAndBoundaries() throws {
        // maximum/minimum: on ties all of the gradient goes to the first operand (as PyTensor).
        let x = vector("x"), y = vector("y")
        let xv: NDArray = [1.0, 2.0], yv: NDArray = [1.0, 3.0]
        let gMax = grad(sum(maximum(x, y)), wrt: [x, y])
        expectClose(try gMax[0].eval([x: xv, y: yv]), [1.0, 0.0])
        expectClose(try gMax[1].eval([x: xv, y: yv]), [0.0, 1.0])
        let gMin = grad(sum(minimum(x, y)), wrt: [x, y])
        expectClose(try gMin[0].eval([x: xv, y: yv]), [1.0, 1.0])
        expectClose(try gMin[1].eval([x: xv, y: yv]), [0.0, 0.0])
        // clip: x on a bound keeps its gradient; a clipped x gives it to the bound.
        let lo = vector("lo"), hi = vector("hi")
        let gClip = grad(sum(clip(x, lo, hi)), wrt: [x, lo, hi])
        let at: [Variable: any NDArrayConvertible] = [x: [0.0, 5.0], lo: [0.0, 0.0], hi: [1.0, 1.0]]
        expectClose(try gClip[0].eval(at), [1.0, 0.0])
        expectClose(try gClip[1].eval(at), [0.0, 0.0])
        expectClose(try gClip[2].eval(at), [0.0, 1.0])
        // abs: zero gradient at 0.
        expectClose(try grad(sum(abs(x)), wrt: x).eval([x: [0.0, -2.0]]), [0.0, -1.0])
    }

    @Test func castPassesTheGradientBetweenFloatDTypes() throws {
        let x = vector("x")
        let g = grad(sum(cast(x, to: .float32) * 3.0), wrt: x)
        expectClose(try g.eval([x: [0.5, -2.0]]).astype(.float64), [3.0, 3.0])
    }

    @Test func thirdDerivativeOfGammaln() throws {
        // d/dx trigamma = tetragamma; checked by finite differences, away from and across the reflection.
        try checkGradient([vector("x")], at: [[0.3, 2.5, 12.0, -1.5, -0.3]]) { v in sum(trigamma(v[0])) }
        let x = vector("x")
        #expect(throws: Never.self) { _ = try grad(sum(tetragamma(x)), wrt: x) }
        expectError("TetraGamma has no gradient") { _ = try grad(sum(tetragamma(x)), wrt: x).eval([x: [1.0]]) }
    }

    @Test func whereGivesNoGradientToItsCondition() throws {
        let c = vector("c"), a = vector("a")
        let g = grad(sum(`where`(c, a, 0.0)), wrt: [c, a])
        let at: [Variable: any NDArrayConvertible] = [c: [1.0, 0.0], a: [3.0, 4.0]]
        expectClose(try g[0].eval(at), [0.0, 0.0])
        expectClose(try g[1].eval(at), [1.0, 0.0])
    }
}
