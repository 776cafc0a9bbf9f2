import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The function each fixture case of Scripts/fixtures/linalg.py applies, by case name prefix.
private func linalgFunction(_ name: String) -> (@Sendable ([Variable]) -> [Variable])? {
    let table: [(String, @Sendable ([Variable]) -> [Variable])] = [
        ("matmul ", { [matmul($0[0], $0[1])] }),
        ("dot ", { [dot($0[0], $0[1])] }),
        ("outer ", { [outer($0[0], $0[1])] }),
        ("diag ", { [diag($0[0])] }),
        ("cholesky ", { [linalg.cholesky($0[0])] }),
        ("solveTriangular lower transposed", { [linalg.solveTriangular($0[0], $0[1], lower: true, transpose: true)] }),
        ("solveTriangular upper transposed", { [linalg.solveTriangular($0[0], $0[1], lower: false, transpose: true)] }),
        ("solveTriangular lower unit diagonal", { [linalg.solveTriangular($0[0], $0[1], unitDiagonal: true)] }),
        ("solveTriangular upper", { [linalg.solveTriangular($0[0], $0[1], lower: false)] }),
        ("solveTriangular ", { [linalg.solveTriangular($0[0], $0[1], lower: true)] }),
        ("solve ", { [linalg.solve($0[0], $0[1])] }),
        ("det ", { [linalg.det($0[0])] }),
        ("slogdet ", { let r = linalg.slogdet($0[0]); return [r.sign, r.logabsdet] }),
        ("logdet ", { [linalg.logdet($0[0])] }),
        ("inv ", { [linalg.inv($0[0])] }),
    ]
    return table.first { name.hasPrefix($0.0) }?.1
}

@Suite struct LinalgTests {
    private static func cases() throws -> [(name: String, inputs: [NDArray], outputs: [NDArray])] {
        let fx = try #require(try Fixture.load("linalg") as? [String: Any])
        let cases = try #require(fx["cases"] as? [String: [String: Any]])
        return try cases.keys.sorted().map { name in
            let c = cases[name]!
            return (name, try (c["inputs"] as! [Any]).map(Fixture.array), try (c["outputs"] as! [Any]).map(Fixture.array))
        }
    }

    @Test(arguments: [true, false])
    func valuesMatchNumPyAndSciPy(knownShapes: Bool) throws {
        let cases = try Self.cases()
        #expect(cases.count >= 49)
        for c in cases {
            let build = try #require(linalgFunction(c.name), "no Tessera function for case '\(c.name)'")
            let inputs = c.inputs.enumerated().map { k, v in
                tensor("x\(k)", dtype: v.dtype, shape: knownShapes ? v.shape.map { $0 } : v.shape.map { _ in nil })
            }
            let outputs = build(inputs)
            if let e = outputs.lazy.compactMap(\.buildError).first {
                Issue.record("\(c.name): build error \(e.message)")
                continue
            }
            for (out, expected) in zip(outputs, c.outputs) {
                #expect(out.ndim == expected.ndim, "\(c.name): rank \(out.ndim) != \(expected.ndim)")
                if knownShapes {
                    #expect(out.staticShape == expected.shape.map { $0 }, "\(c.name): static shape \(Shape.format(out.staticShape)) != \(expected.shape)")
                }
            }
            let values = try function(inputs, outputs).call(c.inputs)
            for (value, expected) in zip(values, c.outputs) {
                expectClose(value, expected, rtol: 1e-10, atol: 1e-13, c.name)
            }
        }
    }

    /// N-d `dot`, `outer` of matrices and off-diagonal `diag` (static shapes) against NumPy, values and gradients.
    @Test func staticShapeCasesMatchNumPy() throws {
        let fx = try #require(try Fixture.load("linalg") as? [String: Any])
        let cases = try #require(fx["static_shape_cases"] as? [String: [String: Any]])
        #expect(cases.count == 10)
        for name in cases.keys.sorted() {
            let c = cases[name]!
            let inputs = try (c["inputs"] as! [Any]).map(Fixture.array)
            let expected = try Fixture.array((c["outputs"] as! [Any])[0])
            let xs = inputs.enumerated().map { k, v in tensor("x\(k)", dtype: v.dtype, shape: v.shape.map { $0 }) }
            let k = name.contains("k=") ? Int(name.split(separator: "=").last!)! : 0
            let build: ([Variable]) -> Variable = name.hasPrefix("dot") ? { dot($0[0], $0[1]) }
                : name.hasPrefix("outer") ? { outer($0[0], $0[1]) } : { diag($0[0], k: k) }
            let out = build(xs)
            #expect(out.staticShape == expected.shape.map { $0 }, "\(name): static shape")
            for mode in [Mode.vm, .c] {
                expectClose(try function(xs, [out], mode: mode).call(inputs)[0], expected, rtol: 1e-12, atol: 1e-14, "\(name) (\(mode))")
            }
            try checkGradient(xs, at: inputs) { sum(square(build($0)) * 0.5) }
        }
    }

    @Test func nativeCodeMatchesNumPyAndSciPy() throws {
        // All cases in one compiled function, every op in native code (the factorisations too).
        let cases = try Self.cases()
        var inputs: [Variable] = [], outputs: [Variable] = [], values: [NDArray] = [], expected: [(String, NDArray)] = []
        var productOutputs: [Variable] = []
        for c in cases {
            let build = try #require(linalgFunction(c.name))
            let xs = c.inputs.enumerated().map { k, v in tensor("\(c.name) x\(k)", dtype: v.dtype, shape: v.shape.map { $0 }) }
            let outs = build(xs)
            inputs += xs
            values += c.inputs
            outputs += outs
            expected += c.outputs.map { (c.name, $0) }
            if ["matmul", "dot", "outer", "diag"].contains(where: c.name.hasPrefix) { productOutputs += outs }
        }
        let f = try function(inputs, outputs, mode: .c)
        for _ in 0..<2 {
            for (value, (name, e)) in zip(try f.call(values), expected) {
                expectClose(value, e, rtol: 1e-10, atol: 1e-13, name + " [c]")
            }
        }
        #expect(f.effectiveMode == .c)
        #expect(!f.isMixed, "an op ran through the VM inside native code: \(f.dprint())")
        let products = try function(inputs, productOutputs, mode: .c)
        _ = try products.call(values)
        #expect(!products.isMixed, "a product ran through the VM inside native code")
    }

    @Test func gradientGraphsOfProductsRunNatively() throws {
        var rng = TestRNG(seed: 37)
        let a = tensor("a", shape: [2, 1, 2, 3]), b = tensor("b", shape: [3, 3, 2]), u = vector("u", length: 3)
        let c = matmul(a, b)
        let cost = sum(c * c) + sum(exp(matmul(u, b))) + dot(u, u) + sum(outer(u, u) * diag(u)) + sum(diag(b[0, 1...]))
            + sum(applyOp1(TriangularPart(lower: true, diagonal: 0.5), b) * b)
        let gs = grad(cost, wrt: [a, b, u])
        let values = [rng.uniform(-1...1, shape: [2, 1, 2, 3]), rng.uniform(-1...1, shape: [3, 3, 2]), rng.uniform(-1...1, shape: [3])]
        let vm = try function([a, b, u], gs + [cost], mode: .vm), native = try function([a, b, u], gs + [cost], mode: .c)
        let expected = try vm.call(values)
        for _ in 0..<2 {
            for (x, e) in zip(try native.call(values), expected) { expectClose(x, e, rtol: 1e-12) }
        }
        #expect(native.effectiveMode == .c)
        #expect(!native.isMixed)
        // The factorisations run through the VM inside native code, with the same results.
        let m = matrix("m", shape: [3, 3])
        let spd = rng.uniform(-1...1, shape: [3, 3])
        let mv = try NDArray(shape: [3, 3], elements: (0..<9).map { i in spd.storage[i] + (i % 4 == 0 ? 3 : 0) })
        let l = linalg.cholesky(matmul(m, m.T))
        let lcost = sum(l) + linalg.logdet(matmul(m, m.T)) + sum(linalg.solve(m, u)) + sum(linalg.inv(m))
        let lg = grad(lcost, wrt: [m, u])
        let lvm = try function([m, u], lg, mode: .vm), lc = try function([m, u], lg, mode: .c)
        let lexpected = try lvm.call([mv, values[2]])
        for _ in 0..<2 {
            for (x, e) in zip(try lc.call([mv, values[2]]), lexpected) { expectClose(x, e, rtol: 1e-12) }
        }
    }

    @Test func matmulKernelAgreesWithNaiveProduct() throws {
        // Sizes around the kernel's unrolling (4) and blocking (128) boundaries.
        var rng = TestRNG(seed: 21)
        for (n, k, m) in [(1, 1, 1), (3, 5, 7), (2, 129, 3), (5, 260, 6), (4, 4, 1), (1, 7, 9)] {
            let a = rng.uniform(-1...1, shape: [n, k]), b = rng.uniform(-1...1, shape: [k, m])
            var expected = [Double](repeating: 0, count: n * m)
            for i in 0..<n { for j in 0..<m { for p in 0..<k { expected[i * m + j] += a[i, p] * b[p, j] } } }
            let x = matrix("a"), y = matrix("b")
            expectClose(try matmul(x, y).eval([x: a, y: b]), try NDArray(shape: [n, m], elements: expected),
                        rtol: 1e-12, atol: 1e-14, "\(n)x\(k) @ \(k)x\(m)")
        }
    }

    @Test func dtypes() {
        let i = matrix("i", dtype: .int64, shape: [2, 2]), f = matrix("f", dtype: .float32, shape: [2, 2])
        #expect(matmul(i, i).dtype == .int64)
        #expect(matmul(i, f).dtype == .float64)
        #expect(matmul(f, f).dtype == .float32)
        #expect(linalg.inv(i).dtype == .float64)
        #expect(linalg.cholesky(f).dtype == .float32)
        #expect(linalg.solve(f, vector("b", dtype: .float32)).dtype == .float32)
        #expect(linalg.det(tensor("s", shape: [5, 3, 3])).staticShape == [5])
        #expect(linalg.solve(tensor("a", shape: [2, 1, 3, 3]), tensor("b", shape: [4, 3, nil])).staticShape == [2, 4, 3, nil])
    }

    @Test func float32Results() throws {
        let a = matrix("a", dtype: .float32)
        let value: NDArray = [[4.0, 2], [2, 3]]
        let l = try linalg.cholesky(a).eval([a: value.astype(.float32)])
        #expect(l.dtype == .float32)
        let expected: NDArray = [[2.0, 0], [1, 1.4142135623730951]]  // sqrt(3 - 1)
        expectClose(l, expected.astype(.float32), rtol: 1e-7)
    }

    @Test func shapeErrors() throws {
        let a = matrix("a", shape: [2, 3]), b = matrix("b", shape: [4, 5])
        expectError("a's last dimension (3) must equal b's second-to-last dimension (4)") {
            _ = try matmul(a, b).eval([a: NDArray.zeros([2, 3]), b: NDArray.zeros([4, 5])])
        }
        expectError("must equal b's length (2)") { _ = try matmul(a, vector("v", length: 2)).eval() }
        expectError("matmul needs at least 1 dimension") { _ = try matmul(a, scalar("s")).eval() }
        expectError("cannot be broadcast together") {
            _ = try matmul(tensor("p", shape: [2, 2, 3]), tensor("q", shape: [3, 3, 2])).eval()
        }
        let u = matrix("u"), w = matrix("w")
        expectError("a's last dimension (3) must equal b's second-to-last dimension (4)") {
            _ = try matmul(u, w).eval([u: NDArray.zeros([2, 3]), w: NDArray.zeros([4, 5])])
        }
        expectError("differs from the second-to-last axis of the second (4)") { _ = try dot(tensor("t", shape: [2, 2, 3]), b).eval() }
        expectError("need static shapes") { _ = try dot(tensor("t", shape: [2, nil, 3]), a).eval() }
        expectError("needs the length of 'v' statically") { _ = try diag(vector("v"), k: 1).eval() }
        expectError("diag takes a vector or a matrix") { _ = try diag(scalar("s")).eval() }
        // Linear algebra on non-square matrices.
        expectError("cholesky: 'a' (argument a) has shape (2, 3); its last two dimensions must be equal") {
            _ = try linalg.cholesky(a).eval()
        }
        expectError("cholesky: expects square matrices (..., M, M), but the input has shape [2, 3]") {
            _ = try linalg.cholesky(u).eval([u: NDArray.zeros([2, 3])])
        }
        expectError("it needs at least 2") { _ = try linalg.inv(vector("v")).eval() }
        expectError("inv: expects square matrices") { _ = try linalg.inv(u).eval([u: NDArray.zeros([3, 2])]) }
        expectError("det: 'a' (argument a) has shape (2, 3)") { _ = try linalg.det(a).eval() }
        expectError("solve: a ('s') has shape (3, 3) but b ('v') has shape (4,); b needs 3 rows") {
            _ = try linalg.solve(matrix("s", shape: [3, 3]), vector("v", length: 4)).eval()
        }
        let v = vector("v")
        expectError("solveTriangular: a has shape [3, 3] but b has shape [2]; b needs 3 rows") {
            _ = try linalg.solveTriangular(u, v).eval([u: NDArray.zeros([3, 3]), v: [1.0, 2.0]])
        }
    }

    @Test func numericalErrors() throws {
        let a = matrix("a"), b = vector("b")
        expectError("cholesky: the matrix is not positive definite: its leading minor of order 2 is not positive") {
            _ = try linalg.cholesky(a).eval([a: [[1.0, 2], [2, 1]]])
        }
        let s = tensor("s", shape: [nil, nil, nil])
        expectError("not positive definite (matrix 1 of the batch)") {
            _ = try linalg.cholesky(s).eval([s: [[[1.0, 0], [0, 1]], [[1.0, 0], [0, -1]]]])
        }
        expectError("not positive definite") { _ = try linalg.cholesky(a).eval([a: [[Double.nan, 0], [0, 1]]]) }
        // onError: .nan gives NaN for the failing matrix only.
        let r = try linalg.cholesky(s, onError: .nan).eval([s: [[[4.0, 0], [0, 1]], [[1.0, 0], [0, -1]]]])
        let nan = Double.nan
        expectClose(r, try NDArray(shape: [2, 2, 2], elements: [2, 0, 0, 1, nan, nan, nan, nan]))
        expectError("solve: the matrix is singular (pivot 1 of its LU factorisation is zero)") {
            _ = try linalg.solve(a, b).eval([a: [[1.0, 2], [2, 4]], b: [1.0, 1]])
        }
        expectError("inv: the matrix is singular") { _ = try linalg.inv(a).eval([a: [[0.0, 0], [0, 0]]]) }
        expectError("solveTriangular: the matrix is singular: diagonal element 1 is zero") {
            _ = try linalg.solveTriangular(a, b).eval([a: [[1.0, 0], [2, 0]], b: [1.0, 1]])
        }
        // A singular matrix has determinant 0 (not an error).
        expectClose(try linalg.det(a).eval([a: [[1.0, 2], [2, 4]]]), 0.0)
    }

    // MARK: - Gradients

    @Test func productGradients() throws {
        var rng = TestRNG(seed: 31)
        let a = matrix("a", shape: [2, 3]), b = matrix("b", shape: [3, 4]), u = vector("u", length: 3), w = vector("w", length: 4)
        let values = [rng.uniform(-1...1, shape: [2, 3]), rng.uniform(-1...1, shape: [3, 4]),
                      rng.uniform(-1...1, shape: [3]), rng.uniform(-1...1, shape: [4])]
        try checkGradient([a, b, u, w], at: values) { x in
            let ab = matmul(x[0], x[1])
            return sum(ab * ab) + dot(x[2], x[2]) + sum(exp(dot(x[0], x[2]))) + sum(dot(x[2], x[1]) * x[3])
                + dot(dot(x[2], x[1]), x[3]) + sum(outer(x[2], x[3]) * x[1]) + sum(diag(x[2]) * diag(x[2])) + sum(diag(x[0]))
        }
    }

    @Test func batchedMatmulGradients() throws {
        var rng = TestRNG(seed: 32)
        let a = tensor("a", shape: [2, 1, 2, 3]), b = tensor("b", shape: [3, 3, 2]), v = vector("v", length: 3)
        let values = [rng.uniform(-1...1, shape: [2, 1, 2, 3]), rng.uniform(-1...1, shape: [3, 3, 2]), rng.uniform(-1...1, shape: [3])]
        try checkGradient([a, b, v], at: values) { x in
            let c = matmul(x[0], x[1])                       // (2, 3, 2, 2)
            return sum(c * c) + sum(exp(matmul(x[2], x[1]))) + sum(matmul(x[0], x[2]) * 0.5)
        }
    }

    @Test func choleskyGradient() throws {
        var rng = TestRNG(seed: 33)
        let a = matrix("a", shape: [3, 3])
        let m = rng.uniform(-1...1, shape: [3, 3])
        // A symmetric positive definite point; the kernel reads only the lower triangle.
        var spd = NDArray.zeros([3, 3])
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { spd.storage[i * 3 + j] += m[i, k] * m[j, k] } } }
        for i in 0..<3 { spd.storage[i * 4] += 1 }
        let w = constant(rng.uniform(0.5...2, shape: [3, 3]))
        try checkGradient([a], at: [spd], rtol: 1e-5) { x in sum(w * linalg.cholesky(x[0])) }
        // Through a symmetric parametrisation, A = B Bᵀ + I.
        let bm = matrix("b", shape: [3, 3])
        let eye: Variable = [[1.0, 0, 0], [0, 1, 0], [0, 0, 1]]
        try checkGradient([bm], at: [m], rtol: 1e-5) { x in
            let c = matmul(x[0], x[0].T) + eye
            return sum(w * linalg.cholesky(c))
        }
    }

    @Test func solveGradients() throws {
        var rng = TestRNG(seed: 34)
        let a = matrix("a", shape: [3, 3]), b = vector("b", length: 3), bm = matrix("bm", shape: [3, 2])
        var av = rng.uniform(-1...1, shape: [3, 3])
        for i in 0..<3 { av.storage[i * 4] += 3 }
        let values = [av, rng.uniform(-1...1, shape: [3]), rng.uniform(-1...1, shape: [3, 2])]
        let w = constant(rng.uniform(0.5...2, shape: [3, 2]))
        try checkGradient([a, b, bm], at: values) { x in
            sum(exp(linalg.solve(x[0], x[1]))) + sum(w * linalg.solve(x[0], x[2]))
        }
        // Triangular solves: both triangles, transposed, unit diagonal, vector and matrix right-hand sides.
        try checkGradient([a, b, bm], at: values) { x in
            let s1 = sum(exp(linalg.solveTriangular(x[0], x[1], lower: true)))
            let s2 = sum(w * linalg.solveTriangular(x[0], x[2], lower: false))
            let s3 = sum(w * linalg.solveTriangular(x[0], x[2], lower: true, transpose: true))
            let s4 = sum(exp(linalg.solveTriangular(x[0], x[1], lower: false, transpose: true, unitDiagonal: true)))
            return s1 + s2 + s3 + s4
        }
    }

    @Test func batchedSolveGradients() throws {
        var rng = TestRNG(seed: 35)
        let a = tensor("a", shape: [2, 3, 3]), b = vector("b", length: 3), c = tensor("c", shape: [2, 1, 3, 2])
        var av = rng.uniform(-1...1, shape: [2, 3, 3])
        for e in 0..<2 { for i in 0..<3 { av.storage[e * 9 + i * 4] += 3 } }
        let values = [av, rng.uniform(-1...1, shape: [3]), rng.uniform(-1...1, shape: [2, 1, 3, 2])]
        try checkGradient([a, b, c], at: values) { x in
            sum(exp(linalg.solve(x[0], x[1]))) + sum(linalg.solve(x[0], x[2]) * 0.7)
                + sum(exp(linalg.solveTriangular(x[0], x[2], lower: true)))
        }
    }

    @Test func determinantAndInverseGradients() throws {
        var rng = TestRNG(seed: 36)
        let a = matrix("a", shape: [3, 3]), s = tensor("s", shape: [2, 3, 3])
        var av = rng.uniform(-1...1, shape: [3, 3])
        for i in 0..<3 { av.storage[i * 4] += 3 }  // positive determinant
        let sv = rng.uniform(-1...1, shape: [2, 3, 3])  // determinants of either sign
        let w = constant(rng.uniform(0.5...2, shape: [3, 3]))
        try checkGradient([a, s], at: [av, sv], rtol: 1e-5) { x in
            linalg.det(x[0]) + linalg.logdet(x[0]) + sum(linalg.det(x[1]) * linalg.det(x[1]))
                + sum(linalg.slogdet(x[1]).logabsdet) + sum(w * linalg.inv(x[0])) + sum(linalg.inv(x[1]) * 0.3)
        }
    }
}

/// Cholesky factors and triangular solves in native code: same values as the VM, errors still reported.
@Suite struct LinalgNativeTests {
    @Test func choleskyAndTriangularSolvesRunNatively() throws {
        let a = tensor("a", shape: [2, 3, 3]), b = tensor("b", shape: [4, 1, 3, 2]), v = vector("v", length: 3)
        let l = linalg.cholesky(a)
        let outs = [l, linalg.solveTriangular(l, b, lower: true), linalg.solveTriangular(l, v, lower: true, transpose: true),
                    linalg.solveTriangular(swapLastAxes(l), b, lower: false, unitDiagonal: true)]
        let spd = try NDArray([[[4.0, 2, 0.6], [2, 3, 0.4], [0.6, 0.4, 2]], [[2.0, -0.5, 0.1], [-0.5, 1.5, 0.3], [0.1, 0.3, 1]]])
        let bv = try NDArray((0..<24).map { Double($0) / 7 - 1.5 }, shape: [4, 1, 3, 2]), vv = try NDArray([0.3, -1.2, 2.0])
        try checkBackendsAgree([a, b, v], outs, at: [[spd, bv, vv]], rtol: 1e-13)
        let f = try function([a, b, v], outs, mode: .c)
        _ = try f.call([spd, bv, vv])
        #expect(f.effectiveMode == .c && !f.isMixed, "\(f.dprint())")
        // Not positive definite: the error of the VM; with onError: .nan, NaN for that matrix only.
        var bad = spd.storage
        bad[0] = -1
        let badA = try NDArray(bad, shape: [2, 3, 3])
        expectError("not positive definite") { _ = try f.call([badA, bv, vv]) }
        let g = try function([a], [linalg.cholesky(a, onError: .nan)], mode: .c)
        let r = try g.call([badA])[0].doubles
        #expect(r.prefix(9).allSatisfy(\.isNaN) && r.suffix(9).allSatisfy(\.isFinite))
        #expect(!g.isMixed)
    }

    @Test func luKernelsRunNativelyAndReportSingularMatrices() throws {
        let a = matrix("a", shape: [3, 3]), b = vector("b", length: 3)
        let outs = [linalg.solve(a, b), linalg.inv(a), linalg.det(a), linalg.logdet(a)]
        let f = try function([a, b], outs, mode: .c)
        let good = try NDArray([[0.0, 2, 1], [1, 0, 0], [3, 1, 2]]), bv = try NDArray([1.0, 2, 3])
        try checkBackendsAgree([a, b], outs, at: [[good, bv]], rtol: 1e-14)
        _ = try f.call([good, bv])
        #expect(!f.isMixed, "\(f.dprint())")
        let singular = try NDArray([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]])
        expectError("singular") { _ = try f.call([singular, bv]) }
        let d = try function([a], [linalg.det(a), linalg.logdet(a)], mode: .c)
        let r = try d.call([singular])
        #expect(r[0].doubles == [0] && r[1].doubles == [-.infinity])
    }
}
