import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Applies the reduction named `op` (as the fixture script names it) with the fixture's axis form.
private func reduction(_ op: String, _ x: Variable, _ axis: ShapesFixture.Axis, keepdims: Bool, ddof: Int) -> Variable {
    typealias One = (Variable, Int?, Bool) -> Variable
    typealias Many = (Variable, [Int]?, Bool) -> Variable
    let table: [String: (One, Many?)] = [
        "sum": ({ sum($0, axis: $1, keepdims: $2) }, { sum($0, axes: $1, keepdims: $2) }),
        "prod": ({ prod($0, axis: $1, keepdims: $2) }, { prod($0, axes: $1, keepdims: $2) }),
        "mean": ({ mean($0, axis: $1, keepdims: $2) }, { mean($0, axes: $1, keepdims: $2) }),
        "max": ({ max($0, axis: $1, keepdims: $2) }, { max($0, axes: $1, keepdims: $2) }),
        "min": ({ min($0, axis: $1, keepdims: $2) }, { min($0, axes: $1, keepdims: $2) }),
        "all": ({ all($0, axis: $1, keepdims: $2) }, { all($0, axes: $1, keepdims: $2) }),
        "any": ({ any($0, axis: $1, keepdims: $2) }, { any($0, axes: $1, keepdims: $2) }),
        "logsumexp": ({ logsumexp($0, axis: $1, keepdims: $2) }, { logsumexp($0, axes: $1, keepdims: $2) }),
        "var": ({ `var`($0, axis: $1, keepdims: $2, ddof: ddof) }, { `var`($0, axes: $1, keepdims: $2, ddof: ddof) }),
        "std": ({ std($0, axis: $1, keepdims: $2, ddof: ddof) }, { std($0, axes: $1, keepdims: $2, ddof: ddof) }),
        "argmax": ({ argmax($0, axis: $1, keepdims: $2) }, nil),
        "argmin": ({ argmin($0, axis: $1, keepdims: $2) }, nil),
    ]
    guard let (one, many) = table[op] else { return .invalid(.unsupported("no reduction \(op)")) }
    switch axis {
    case .none: return one(x, nil, keepdims)
    case .one(let a): return one(x, a, keepdims)
    case .many(let axes): return many.map { $0(x, axes, keepdims) } ?? .invalid(.unsupported("\(op) takes one axis"))
    }
}

@Suite struct ReduceTests {
    static let ops = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "all", "any", "logsumexp", "var", "std"]

    /// Every reduction against NumPy/SciPy: values, dtype, static shape (known and unknown input
    /// sizes), and the pullback where the fixture has one.
    @Test(arguments: ops)
    func matchesNumPy(op: String) throws {
        let cases = try ShapesFixture.cases("reductions").filter { $0["op"] as? String == op }
        #expect(!cases.isEmpty)
        for (i, c) in cases.enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let axis = ShapesFixture.axis(c)
            let keepdims = c["keepdims"] as? Bool ?? false
            let ddof = c["ddof"] as? Int ?? 0
            let note = "\(op) case \(i): x \(xv.shape) \(xv.dtype), axis \(axis), keepdims \(keepdims), ddof \(ddof)"
            for known in [true, false] {
                let x = ShapesFixture.input(for: xv, known: known)
                let y = reduction(op, x, axis, keepdims: keepdims, ddof: ddof)
                #expect(y.buildError == nil, "\(y.buildError?.message ?? "") \(note)")
                #expect(y.dtype == expected.dtype, "static dtype \(y.dtype) \(note)")
                if known { #expect(y.staticShape == expected.shape.map { $0 }, "static shape \(y.staticShape) \(note)") }
                expectClose(try y.eval([x: xv]), expected, rtol: ShapesFixture.rtol(expected.dtype), note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gx = try ShapesFixture.array(c, "gx") {
                let x = ShapesFixture.input(for: xv, known: false)
                try expectPullback(reduction(op, x, axis, keepdims: keepdims, ddof: ddof), wrt: x, at: xv,
                                   gz: gz, gx: gx, "pullback of \(note)")
            }
        }
    }

    @Test func methodsAndNames() throws {
        let m = matrix("m")
        let v: NDArray = [[1.0, 5, 3], [4, 2, 6]]
        expectClose(try m.mean(axis: 1).eval([m: v]), [3.0, 4])
        expectClose(try m.max(axis: 0).eval([m: v]), [4.0, 5, 6])
        expectClose(try m.min().eval([m: v]), 1.0)
        expectClose(try m.prod(axis: -1).eval([m: v]), [15.0, 48])
        expectClose(try m.argmax(axis: 1).eval([m: v]), [1, 2])
        expectClose(try m.argmin().eval([m: v]), 0)
        expectClose(try m.sum(axes: [0, 1]).eval([m: v]), 21.0)
        expectClose(try m.variance(axis: 1, ddof: 1).eval([m: v]), [4.0, 4])
        expectClose(try variance(m, axis: 1, ddof: 1).eval([m: v]), [4.0, 4])
        expectClose(try m.std(axis: 1, ddof: 1).eval([m: v]), [2.0, 2])
        expectClose(try m.logsumexp().eval([m: [[0.0, 0], [0, 0]]]), NDArray(Foundation.log(4.0)))
        expectClose(try m.all().eval([m: v]), true)
        expectClose(try m.any(axis: 0, keepdims: true).eval([m: [[0.0, 1, 0], [0, 0, 0]]]), [[false, true, false]])
        #expect(Max(axes: [1], keepdims: true).name == "Max{axes=(1),keepdims}")
        #expect(Sum(axes: [0, 1]).name == "Sum{axes=(0,1)}")
        #expect(Variance(axes: nil, ddof: 1).name == "Var{ddof=1}")
        #expect(Argmax(axis: nil).name == "Argmax")
        // The free functions leave Swift's max/min of numbers alone.
        #expect(max(3, 4) == 4 && min(2.5, 1.5) == 1.5 && [3, 9, 1].max() == 9)
    }

    @Test func staticShapes() {
        let t = tensor("t", shape: [2, nil, 4])
        #expect(sum(t, axis: 1).staticShape == [2, 4])
        #expect(max(t, axes: [0, 2], keepdims: true).staticShape == [1, nil, 1])
        #expect(argmax(t).staticShape == [])
        #expect(argmax(t, keepdims: true).staticShape == [1, 1, 1])
        #expect(mean(t, axis: -1).dtype == .float64)
        #expect(mean(tensor("i", dtype: .int64, shape: [3])).dtype == .float64)
        #expect(mean(tensor("f", dtype: .float32, shape: [3])).dtype == .float32)
        #expect(std(tensor("b", dtype: .int64, shape: [3])).dtype == .float64)
        #expect(prod(tensor("b", dtype: .bool, shape: [3])).dtype == .int64)
        #expect(max(tensor("b", dtype: .bool, shape: [3])).dtype == .bool)
        #expect(all(t).dtype == .bool && any(t, axis: 0).staticShape == [nil, 4])
        #expect(logsumexp(tensor("i", dtype: .int64, shape: [3])).dtype == .float64)
        #expect(sum(t, axes: []).staticShape == [2, nil, 4])
    }

    @Test func errors() throws {
        let m = matrix("m")
        let v: NDArray = [[1.0, 2], [3, 4]]
        expectError("axis 2 is out of range") { _ = try max(m, axis: 2).eval([m: v]) }
        expectError("axis -3 is out of range") { _ = try mean(m, axis: -3).eval([m: v]) }
        expectError("duplicate value") { _ = try sum(m, axes: [0, -2]).eval([m: v]) }
        let s = scalar("s")
        expectError("axis 0 is out of range") { _ = try prod(s, axis: 0).eval([s: 1.0]) }
        let x = vector("x")
        // Reductions without identity over an empty axis: thrown at run time, as NumPy.
        expectError("zero-size array") { _ = try max(x).eval([x: NDArray.zeros([0])]) }
        expectError("zero-size array") { _ = try argmax(x).eval([x: NDArray.zeros([0])]) }
        expectError("zero-size array") { _ = try argmin(m, axis: 1).eval([m: NDArray.zeros([3, 0])]) }
        expectError("zero-size array") { _ = try min(m, axis: 0).eval([m: NDArray.zeros([0, 0])]) }
        // … and when the empty size is known statically, when the graph is compiled.
        let e = tensor("e", shape: [3, 0])
        expectError("axis 1 of the input") { _ = try max(e, axis: 1).eval([e: NDArray.zeros([3, 0])]) }
        // But an empty output over a non-empty axis is fine.
        #expect(try argmax(m, axis: 0).eval([m: NDArray.zeros([3, 0])]).shape == [0])
        // No gradient through discrete reductions.
        #expect(pullbackGraph(argmax(x), seed: 1.0, wrt: x) == nil)
        #expect(pullbackGraph(all(x), seed: 1.0, wrt: x) == nil)
    }

    /// The gradient of `prod` where elements are zero: one zero gets the product of the others,
    /// two zeros give zeros (checked against the fixture too; here spelled out).
    @Test func prodGradientWithZeros() throws {
        let x = vector("x")
        // d/dx_i of x0·x1·x2·x3 at [2, 0, 3, 5]: [0, 30, 0, 0].
        try expectPullback(prod(x), wrt: x, at: [2.0, 0, 3, 5], gz: 1.0, gx: [0.0, 30, 0, 0])
        try expectPullback(prod(x), wrt: x, at: [2.0, 0, 3, 0], gz: 1.0, gx: [0.0, 0, 0, 0])
    }
}
