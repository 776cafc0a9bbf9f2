import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Values and dtypes of every elementwise op against NumPy/SciPy (fixture `elemwise.json`).
@Suite struct ElemwiseTests {
    @Test func fixtureCoversTheCatalogue() throws {
        let cases = ElemwiseCatalogue.cases
        #expect(cases.count > 100, "fixture elemwise.json missing or empty")
        let tested = Set(cases.map(\.op))
        let missing = Set(ElemwiseCatalogue.ops.keys).subtracting(tested)
        #expect(missing.isEmpty, "ops without a fixture case: \(missing.sorted())")
        let unknown = tested.subtracting(ElemwiseCatalogue.ops.keys)
        #expect(unknown.isEmpty, "fixture ops without a builder: \(unknown.sorted())")
    }

    @Test(arguments: ElemwiseCatalogue.cases)
    func valueMatchesNumPy(_ c: ElemwiseCatalogue.Case) throws {
        let build = try #require(ElemwiseCatalogue.ops[c.op])
        let inputs = c.inputs.enumerated().map { ElemwiseCatalogue.input($0, like: $1) }
        let out = build(inputs)
        #expect(out.dtype == c.expected.dtype, "static dtype \(out.dtype), NumPy \(c.expected.dtype)")
        #expect(out.staticShape == c.expected.shape.map { $0 }, "static shape \(out.staticShape)")
        let value = try function(inputs, [out], mode: .vm).call(c.inputs)[0]
        expectClose(value, c.expected, rtol: Self.rtol(c), atol: 0, c.testDescription)
    }

    /// Every case on the C backend, in one function (one compile): every op has C code (the special
    /// functions through the C prelude's helpers), so it runs natively throughout, against NumPy.
    @Test func casesMatchNumPyOnTheCBackend() throws {
        let cases = ElemwiseCatalogue.cases
        var inputs: [Variable] = [], values: [NDArray] = [], outputs: [Variable] = []
        for c in cases {
            let vs = c.inputs.enumerated().map { ElemwiseCatalogue.input($0, like: $1) }
            inputs += vs
            values += c.inputs
            let build = try #require(ElemwiseCatalogue.ops[c.op])
            outputs.append(build(vs))
        }
        let f = try function(inputs, outputs, mode: .c)
        let results = try f.call(values)
        #expect(f.effectiveMode == .c)
        #expect(!f.isMixed, "ops without C code: \(f.dprint())")
        for (c, r) in zip(cases, results) {
            // The C backend's libm (vectorised libmvec) is allowed a few ulp.
            expectClose(r, c.expected, rtol: Swift.max(Self.rtol(c), 4e-15), atol: 0, "C backend: " + c.testDescription)
        }
    }

    /// NumPy computes float32 ops in float32, Tessera in double rounded once: they may differ in the last float32 bit.
    static func rtol(_ c: ElemwiseCatalogue.Case) -> Double { c.expected.dtype == .float32 ? 1e-6 : 1e-14 }

    @Test(arguments: ElemwiseCatalogue.dtypeRules)
    func dtypeFollowsNumPy(_ rule: ElemwiseCatalogue.DTypeRule) throws {
        let build = try #require(ElemwiseCatalogue.ops[rule.op])
        let operands: [Variable] = rule.operands.enumerated().map { i, d in
            switch d {
            case "weak_float": 2.5
            case "weak_int": 2
            default: tensor("x\(i)", dtype: DType(rawValue: d)!, shape: [2])
            }
        }
        let out = build(operands)
        #expect(try out.checked().dtype == rule.expected)
    }

    // MARK: - Broadcasting errors

    @Test func incompatibleStaticShapesThrowAtCompile() throws {
        let a = tensor("a", shape: [3]), b = tensor("b", shape: [4])
        expectError("could not be broadcast together with shapes (3,) and (4,)") { _ = try function([a, b], [a + b]) }
        expectError("Maximum: operands could not be broadcast") { _ = try function([a, b], [maximum(a, b)]) }
        let m = tensor("m", shape: [2, 3])
        expectError("Clip: operands could not be broadcast") { _ = try function([m, b], [clip(m, b, 1.0)]) }
        let c = tensor("c", dtype: .bool, shape: [4, 1])
        expectError("Switch: operands could not be broadcast") { _ = try function([c, m], [`where`(c, m, 0.0)]) }
        // The error travels through later operations to the compile.
        expectError("could not be broadcast") { _ = try function([a, b], [exp(a .< b) * 2.0]) }
    }

    @Test func incompatibleRunTimeShapesThrowAtCall() throws {
        let a = vector("a"), b = vector("b")
        let f = try function([a, b], [logaddexp(a, b)])
        expectError("could not be broadcast") { _ = try f([1.0, 2, 3], [1.0, 2, 3, 4]) }
        let out = try f([1.0, 2, 3], [0.0])
        // NumPy: np.logaddexp([1, 2, 3], 0) = k + log1p(exp(-k))
        let expected = try NDArray([1.0, 2, 3].map { $0 + Foundation.log1p(Foundation.exp(-$0)) })
        expectClose(out[0], expected)
    }

    // MARK: - Operators, literals and dtypes

    @Test func comparisonOperatorsAndFunctionsAgree() throws {
        let x = vector("x"), y = vector("y")
        let xv: NDArray = [1.0, 2, 3], yv: NDArray = [3.0, 2, 1]
        let pairs: [(Variable, Variable)] = [
            (x .== y, eq(x, y)), (x .!= y, neq(x, y)), (x .< y, lt(x, y)),
            (x .<= y, le(x, y)), (x .> y, gt(x, y)), (x .>= y, ge(x, y)),
        ]
        for (op, fn) in pairs {
            #expect(op.dtype == .bool)
            #expect(try op.eval([x: xv, y: yv]) == (try fn.eval([x: xv, y: yv])))
        }
        // With a number (Double overloads and integer literals).
        let limit = 2.0
        expectClose(try (x .< limit).eval([x: xv]), [true, false, false])
        expectClose(try (x .>= 2).eval([x: xv]), [false, true, true])
        expectClose(try (x .== 3).eval([x: xv]), [false, false, true])
        expectClose(try (0.5 .< x).eval([x: xv]), [true, true, true])
        let inside = x .> 1 .&& x .< 3 .|| .!(x .!= 1)
        expectClose(try inside.eval([x: xv]), [true, true, false])
    }

    @Test func literalsTakeTheTensorsDType() throws {
        let x = vector("x", dtype: .float32)
        #expect(maximum(x, 0).dtype == .float32)
        #expect(clip(x, 0, 1.5).dtype == .float32)
        #expect(`where`(x .> 0, x, 0).dtype == .float32)
        #expect(pow(x, 2.0).dtype == .float32)
        let i = vector("i", dtype: .int64)
        #expect(maximum(i, 0).dtype == .int64)
        #expect(maximum(i, 0.5).dtype == .float64)
        #expect(`where`(i .> 0, 1, 0).dtype == .int64)
        #expect(`switch`(i, 1.0, 0).dtype == .float64)
        #expect(exp(i).dtype == .float64)
        #expect(floor(i).dtype == .int64)
    }

    @Test func whereTreatsNonzeroAsTrue() throws {
        let c = vector("c"), a = vector("a")
        let w = `where`(c, a, -a)
        #expect(w.owner?.inputs[0].dtype == .bool)
        let out = try w.eval([c: [0.0, -2, .nan], a: [1.0, 2, 3]])
        expectClose(out, [-1.0, 2, 3])
        let relu = `where`(a .> 0, a, 0)
        expectClose(try relu.eval([a: [-1.0, 0.5, 2]]), [0.0, 0.5, 2])
    }

    @Test func castIsANoOpForTheSameDType() throws {
        let x = vector("x")
        #expect(cast(x, to: .float64) === x)
        let c = cast(x, to: .int64)
        #expect(c.owner?.op.name == "Cast{int64}")
        expectClose(try c.eval([x: [2.9, -2.9]]), [2, -2])
    }

    @Test func printedNames() {
        let x = vector("x"), y = vector("y")
        let names = [
            (exp2(x), "Exp2"), (gammaln(x), "GammaLn"), (digamma(x), "Psi"), (round(x), "RoundHalfToEven"),
            (maximum(x, y), "Maximum"), (x .== y, "EQ"), (.!x, "Not"), (`where`(x .> 0, x, y), "Switch"),
            (square(x), "Sqr"), (log1pexp(x), "Softplus"),
        ]
        for (v, name) in names { #expect(v.owner?.op.name == name) }
    }
}
