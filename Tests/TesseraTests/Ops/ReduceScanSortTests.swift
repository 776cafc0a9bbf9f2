import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct ReduceScanSortTests {
    /// `cumsum` / `cumprod` against NumPy: values, dtypes, static shapes, pullbacks.
    @Test(arguments: ["cumsum", "cumprod"])
    func scansMatchNumPy(op: String) throws {
        let cases = try ShapesFixture.cases("scans").filter { $0["op"] as? String == op }
        #expect(!cases.isEmpty)
        for (i, c) in cases.enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let axis = c["axis"] as? Int
            let note = "\(op) case \(i): x \(xv.shape) \(xv.dtype), axis \(axis.map(String.init) ?? "nil")"
            for known in [true, false] {
                let x = ShapesFixture.input(for: xv, known: known)
                let y = op == "cumsum" ? cumsum(x, axis: axis) : cumprod(x, axis: axis)
                #expect(y.dtype == expected.dtype, "static dtype \(y.dtype) \(note)")
                if known { #expect(y.staticShape == expected.shape.map { $0 }, "static shape \(note)") }
                expectClose(try y.eval([x: xv]), expected, rtol: ShapesFixture.rtol(expected.dtype), note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gx = try ShapesFixture.array(c, "gx") {
                let x = ShapesFixture.input(for: xv, known: false)
                let y = op == "cumsum" ? cumsum(x, axis: axis) : cumprod(x, axis: axis)
                try expectPullback(y, wrt: x, at: xv, gz: gz, gx: gx, "pullback of \(note)")
            }
        }
    }

    /// `sort` / `argsort` against NumPy (`kind="stable"`; nan last), and the pullback of `sort`.
    @Test(arguments: ["sort", "argsort"])
    func sortsMatchNumPy(op: String) throws {
        let cases = try ShapesFixture.cases("sorts").filter { $0["op"] as? String == op }
        #expect(!cases.isEmpty)
        for (i, c) in cases.enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let axis = c["axis"] as? Int
            let note = "\(op) case \(i): x \(xv.shape) \(xv.dtype), axis \(axis.map(String.init) ?? "nil")"
            for known in [true, false] {
                let x = ShapesFixture.input(for: xv, known: known)
                let y = op == "sort" ? sort(x, axis: axis) : argsort(x, axis: axis)
                #expect(y.dtype == expected.dtype, "static dtype \(y.dtype) \(note)")
                if known { #expect(y.staticShape == expected.shape.map { $0 }, "static shape \(note)") }
                expectClose(try y.eval([x: xv]), expected, note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gx = try ShapesFixture.array(c, "gx") {
                let x = ShapesFixture.input(for: xv, known: false)
                try expectPullback(sort(x, axis: axis), wrt: x, at: xv, gz: gz, gx: gx, "pullback of \(note)")
            }
        }
    }

    @Test func methodsDefaultsAndErrors() throws {
        let m = matrix("m")
        let v: NDArray = [[3.0, 1, 2], [0, 5, 4]]
        // Default axis is the last, as NumPy.
        expectClose(try m.sorted().eval([m: v]), [[1.0, 2, 3], [0, 4, 5]])
        expectClose(try m.argsort().eval([m: v]), [[1, 2, 0], [0, 2, 1]])
        expectClose(try m.cumsum().eval([m: v]), [3.0, 4, 6, 6, 11, 15])
        expectClose(try m.cumprod(axis: 1).eval([m: v]), [[3.0, 3, 6], [0, 0, 0]])
        #expect(CumSum(axis: 1, reverse: true).name == "CumSum{axis=1,reverse}")
        #expect(Sort(axis: nil).name == "Sort{axis=None}")
        #expect(cumsum(tensor("t", shape: [2, nil])).staticShape == [nil])
        #expect(cumsum(tensor("t", shape: [2, 3])).staticShape == [6])
        expectError("cumsum: axis 2 is out of range") { _ = try cumsum(m, axis: 2).eval([m: v]) }
        expectError("cumprod: axis -3 is out of range") { _ = try cumprod(m, axis: -3).eval([m: v]) }
        expectError("sort: axis 5 is out of range") { _ = try sort(m, axis: 5).eval([m: v]) }
        let s = scalar("s")
        expectError("argsort: axis -1 is out of range") { _ = try argsort(s).eval([s: 1.0]) }
        // Sorting a 0-d tensor flattened is allowed, as NumPy.
        expectClose(try sort(s, axis: nil).eval([s: 2.0]), [2.0])
        #expect(pullbackGraph(argsort(m), seed: constant(NDArray.zeros([2, 3])), wrt: m) == nil)
    }

    /// `PermuteAlongAxis` (behind the gradient of `sort`) checks its indices at run time.
    @Test func permuteChecksIndices() throws {
        let x = vector("x"), i = vector("i", dtype: .int64)
        let y = applyOp(PermuteAlongAxis(axis: 0, inverse: false), [x, i])[0]
        expectClose(try function([x, i], [y])([1.0, 2, 3], [2, 0, 1])[0], [3.0, 1, 2])
        expectError("index 3.0 is out of range") { _ = try function([x, i], [y])([1.0, 2, 3], [3, 0, 1]) }
        expectError("differ") { _ = try function([x, i], [y])([1.0, 2, 3], [0, 1]) }
    }
}
