import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Every elementwise op of the fixture `elemwise.json` (Scripts/fixtures/elemwise.py), by the
/// name the script uses, built through the public function or operator a user would write.
enum ElemwiseCatalogue {
    typealias Build = @Sendable ([Variable]) -> Variable

    static let ops: [String: Build] = [
        // arithmetic
        "neg": { -$0[0] },
        "add": { $0[0] + $0[1] },
        "sub": { $0[0] - $0[1] },
        "mul": { $0[0] * $0[1] },
        "div": { $0[0] / $0[1] },
        "pow": { pow($0[0], $0[1]) },
        "mod": { $0[0] % $0[1] },
        "intDiv": { intDiv($0[0], $0[1]) },
        "abs": { abs($0[0]) },
        "sign": { sign($0[0]) },
        "square": { square($0[0]) },
        "reciprocal": { reciprocal($0[0]) },
        // exponentials and logarithms
        "exp": { exp($0[0]) },
        "exp2": { exp2($0[0]) },
        "expm1": { expm1($0[0]) },
        "log": { log($0[0]) },
        "log2": { log2($0[0]) },
        "log10": { log10($0[0]) },
        "log1p": { log1p($0[0]) },
        "sqrt": { sqrt($0[0]) },
        "sigmoid": { sigmoid($0[0]) },
        "logit": { logit($0[0]) },
        "softplus": { softplus($0[0]) },
        "log1pexp": { log1pexp($0[0]) },
        "log1mexp": { log1mexp($0[0]) },
        "logaddexp": { logaddexp($0[0], $0[1]) },
        // trigonometric and hyperbolic
        "sin": { sin($0[0]) },
        "cos": { cos($0[0]) },
        "tan": { tan($0[0]) },
        "arcsin": { arcsin($0[0]) },
        "arccos": { arccos($0[0]) },
        "arctan": { arctan($0[0]) },
        "arctan2": { arctan2($0[0], $0[1]) },
        "sinh": { sinh($0[0]) },
        "cosh": { cosh($0[0]) },
        "tanh": { tanh($0[0]) },
        "arcsinh": { arcsinh($0[0]) },
        "arccosh": { arccosh($0[0]) },
        "arctanh": { arctanh($0[0]) },
        // special functions
        "erf": { erf($0[0]) },
        "erfc": { erfc($0[0]) },
        "erfcx": { erfcx($0[0]) },
        "erfinv": { erfinv($0[0]) },
        "gammaln": { gammaln($0[0]) },
        "digamma": { digamma($0[0]) },
        "trigamma": { trigamma($0[0]) },
        "tetragamma": { tetragamma($0[0]) },
        "betaln": { betaln($0[0], $0[1]) },
        // rounding
        "floor": { floor($0[0]) },
        "ceil": { ceil($0[0]) },
        "trunc": { trunc($0[0]) },
        "round": { round($0[0]) },
        // extrema
        "maximum": { maximum($0[0], $0[1]) },
        "minimum": { minimum($0[0], $0[1]) },
        "clip": { clip($0[0], $0[1], $0[2]) },
        // comparisons and logic, through the operators
        "eq": { $0[0] .== $0[1] },
        "neq": { $0[0] .!= $0[1] },
        "lt": { $0[0] .< $0[1] },
        "le": { $0[0] .<= $0[1] },
        "gt": { $0[0] .> $0[1] },
        "ge": { $0[0] .>= $0[1] },
        "logicalAnd": { $0[0] .&& $0[1] },
        "logicalOr": { $0[0] .|| $0[1] },
        "logicalXor": { logicalXor($0[0], $0[1]) },
        "logicalNot": { .!$0[0] },
        "isnan": { isnan($0[0]) },
        "isinf": { isinf($0[0]) },
        "isfinite": { isfinite($0[0]) },
        // selection and conversion
        "where": { `where`($0[0], $0[1], $0[2]) },
        "cast_int64": { cast($0[0], to: .int64) },
        "cast_bool": { cast($0[0], to: .bool) },
        "cast_float32": { cast($0[0], to: .float32) },
        "cast_float64": { cast($0[0], to: .float64) },
    ]

    /// One case of the fixture: an op, its input arrays and NumPy's result.
    struct Case: Sendable, CustomTestStringConvertible {
        let index: Int
        let op: String
        let inputs: [NDArray]
        let expected: NDArray
        var testDescription: String {
            "#\(index) \(op)(\(inputs.map { "\($0.dtype)\($0.shape)" }.joined(separator: ", ")))"
        }
    }

    /// One dtype rule of the fixture: the dtype Tessera gives an op on operands of these dtypes.
    struct DTypeRule: Sendable, CustomTestStringConvertible {
        let op: String
        let operands: [String]
        let expected: DType
        var testDescription: String { "\(op)(\(operands.joined(separator: ", "))) -> \(expected)" }
    }

    nonisolated(unsafe) static let fixture: [String: Any] = {
        (try? Fixture.load("elemwise") as? [String: Any]) ?? [:]
    }()

    static var cases: [Case] {
        let list = fixture["cases"] as? [[String: Any]] ?? []
        return list.enumerated().map { i, c in
            Case(index: i, op: c["op"] as! String,
                 inputs: (c["inputs"] as! [Any]).map { try! Fixture.array($0) },
                 expected: try! Fixture.array(c["expected"]!))
        }
    }

    static var dtypeRules: [DTypeRule] {
        let list = fixture["dtypes"] as? [[String: Any]] ?? []
        return list.map { r in
            DTypeRule(op: r["op"] as! String, operands: r["dtypes"] as! [String],
                      expected: DType(rawValue: r["tessera"] as! String)!)
        }
    }

    /// A symbolic operand: a static-shape input of the array's dtype and shape.
    static func input(_ i: Int, like a: NDArray) -> Variable {
        tensor("x\(i)", dtype: a.dtype, shape: a.shape.map { $0 })
    }
}
