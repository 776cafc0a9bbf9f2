import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The symbolic inputs of the indexing fixture (Scripts/fixtures/indexing.py), by name.
struct IndexingInputs {
    let v, m, t, idx, idx2, ridx, cidx, ia, ib, vmask, mmask, rmask, y4, y2, col3, yrows: Variable
    /// Values for the free inputs.
    var givens: [Variable: any NDArrayConvertible] = [:]

    /// How the inputs are declared.
    enum Mode: String, CaseIterable, Sendable {
        /// Symbolic inputs with their static shapes known: exercises static shape inference.
        case knownShapes
        /// Symbolic inputs of unknown sizes: every size is found at run time.
        case unknownShapes
        /// Index arrays as constants (static range checks and mask counts), data with known shapes.
        case constantIndices
    }

    init(_ values: [String: NDArray], mode: Mode) {
        var givens: [Variable: any NDArrayConvertible] = [:]
        func make(_ name: String) -> Variable {
            let value = values[name]!
            let isIndex = value.dtype == .int64 || value.dtype == .bool
            if mode == .constantIndices && isIndex { return constant(value, name: name) }
            let shape: [Int?] = mode == .unknownShapes ? value.shape.map { _ in nil } : value.shape.map { $0 }
            let x = tensor(name, dtype: value.dtype, shape: shape)
            givens[x] = value
            return x
        }
        v = make("v"); m = make("m"); t = make("t")
        idx = make("idx"); idx2 = make("idx2"); ridx = make("ridx"); cidx = make("cidx")
        ia = make("ia"); ib = make("ib")
        vmask = make("vmask"); mmask = make("mmask"); rmask = make("rmask")
        y4 = make("y4"); y2 = make("y2"); col3 = make("col3"); yrows = make("yrows")
        self.givens = givens
    }
}

/// Each fixture case, keyed by the NumPy expression it mirrors.
private let indexingCases: [(String, @Sendable (IndexingInputs) -> Variable)] = [
    // basic
    ("v[3]", { $0.v[3] }),
    ("v[-1]", { $0.v[-1] }),
    ("v[1:4]", { $0.v[1..<4] }),
    ("v[2:]", { $0.v[2...] }),
    ("v[:3]", { $0.v[..<3] }),
    ("v[:]", { $0.v[...] }),
    ("v[1:8:2]", { $0.v[.slice(1, 8, step: 2)] }),
    ("v[::-1]", { $0.v[.slice(step: -1)] }),
    ("v[8:2:-2]", { $0.v[.slice(8, 2, step: -2)] }),
    ("v[-3:]", { $0.v[(-3)...] }),
    ("v[-3:-1]", { $0.v[-3 ..< -1] }),
    ("v[::3]", { $0.v[.slice(step: 3)] }),
    ("v[5:100]", { $0.v[5..<100] }),
    ("v[7:3]", { $0.v[.slice(7, 3)] }),
    ("v[-100:2]", { $0.v[-100..<2] }),
    ("v[:-1:-1]", { $0.v[.slice(nil, -1, step: -1)] }),
    ("v[None, :]", { $0.v[.newAxis, .all] }),
    ("v[:, None]", { $0.v[.all, .newAxis] }),
    ("v[1:4][::-1]", { $0.v[1..<4][.slice(step: -1)] }),
    ("v[-9223372036854775808:9223372036854775807]", { $0.v[.slice(Int.min, Int.max)] }),
    ("m[0::9223372036854775807]", { $0.m[.slice(0, nil, step: Int.max)] }),
    ("m[::-9223372036854775808]", { $0.m[.slice(step: Int.min)] }),
    ("v[0:9223372036854775807]", { $0.v[0...Int.max] }),
    ("m[0]", { $0.m[0] }),
    ("m[-1]", { $0.m[-1] }),
    ("m[0, 2:]", { $0.m[0, 2...] }),
    ("m[1:, ::-1]", { $0.m[1..., .slice(step: -1)] }),
    ("m[:, 1]", { $0.m[.all, 1] }),
    ("m[::2, -1]", { $0.m[.slice(step: 2), -1] }),
    ("m[None, 1, None]", { $0.m[.newAxis, 1, .newAxis] }),
    ("m[..., 1]", { $0.m[.ellipsis, 1] }),
    ("m[1:3]", { $0.m[1...2] }),
    ("m[-2, -3]", { $0.m[-2, -3] }),
    ("t[..., 0]", { $0.t[.ellipsis, 0] }),
    ("t[1, ..., ::2]", { $0.t[1, .ellipsis, .slice(step: 2)] }),
    ("t[:, None, 1:, -1]", { $0.t[.all, .newAxis, 1..., -1] }),
    ("t[-1]", { $0.t[-1] }),
    ("t[1, 2]", { $0.t[1, 2] }),
    ("t[1, 2, 3]", { $0.t[1, 2, 3] }),
    ("t[:, ::-1, 1:3]", { $0.t[.all, .slice(step: -1), 1..<3] }),
    // advanced: integer tensors
    ("v[idx]", { $0.v[$0.idx] }),
    ("v[idx2]", { $0.v[$0.idx2] }),
    ("m[ridx]", { $0.m[$0.ridx] }),
    ("m[ridx, 0]", { $0.m[$0.ridx, 0] }),
    ("m[ridx, cidx]", { $0.m[$0.ridx, $0.cidx] }),
    ("m[idx2, 1:3]", { $0.m[$0.idx2, 1..<3] }),
    ("m[:, cidx]", { $0.m[.all, $0.cidx] }),
    ("t[0, :, idx]", { $0.t[0, .all, $0.idx] }),
    ("t[:, ia, ib]", { $0.t[.all, $0.ia, $0.ib] }),
    ("t[ia, :, ib]", { $0.t[$0.ia, .all, $0.ib] }),
    ("t[ia, 1]", { $0.t[$0.ia, 1] }),
    ("m[ridx, None]", { $0.m[$0.ridx, .newAxis] }),
    ("m[None, ridx, cidx]", { $0.m[.newAxis, $0.ridx, $0.cidx] }),
    ("t[ia[:, None], :, ib]", { $0.t[$0.ia[.all, .newAxis], .all, $0.ib] }),
    ("m[idx2[0], -1]", { $0.m[$0.idx2[0], -1] }),
    // advanced: boolean masks
    ("v[vmask]", { $0.v[$0.vmask] }),
    ("m[mmask]", { $0.m[$0.mmask] }),
    ("m[rmask]", { $0.m[$0.rmask] }),
    ("m[rmask, 1:]", { $0.m[$0.rmask, 1...] }),
    ("t[:, mmask]", { $0.t[.all, $0.mmask] }),
    ("m[rmask, 0]", { $0.m[$0.rmask, 0] }),
    ("t[1, mmask]", { $0.t[1, $0.mmask] }),
    // set / inc
    ("set_(v, np.s_[2:5], 7.0)", { setSubtensor($0.v[2..<5], 7.0) }),
    ("set_(v, np.s_[::-3], y4)", { setSubtensor($0.v[.slice(step: -3)], $0.y4) }),
    ("inc(v, idx, 1.0)", { incSubtensor($0.v[$0.idx], 1.0) }),
    ("inc(v, idx, y4)", { incSubtensor($0.v[$0.idx], $0.y4) }),
    ("set_(v, idx, y4)", { setSubtensor($0.v[$0.idx], $0.y4) }),
    ("set_(m, np.s_[0, 2:], y2)", { setSubtensor($0.m[0, 2...], $0.y2) }),
    ("inc(m, np.s_[ridx, 0], 1.0)", { incSubtensor($0.m[$0.ridx, 0], 1.0) }),
    ("inc(m, np.s_[:, 1], col3)", { incSubtensor($0.m[.all, 1], $0.col3) }),
    ("set_(m, mmask, -1.0)", { setSubtensor($0.m[$0.mmask], -1.0) }),
    ("inc(m, np.s_[ridx], yrows)", { incSubtensor($0.m[$0.ridx], $0.yrows) }),
    ("inc(m, ridx, 1.0)", { incSubtensor($0.m[$0.ridx], 1.0) }),
    ("inc(t, np.s_[..., 0], col3)", { incSubtensor($0.t[.ellipsis, 0], $0.col3) }),
    ("inc(v, vmask, 10.0)", { incSubtensor($0.v[$0.vmask], 10.0) }),
    ("set_(t, np.s_[ia, :, ib], 0.0)", { setSubtensor($0.t[$0.ia, .all, $0.ib], 0.0) }),
    ("inc(m, np.s_[ridx, cidx], y4)", { incSubtensor($0.m[$0.ridx, $0.cidx], $0.y4) }),
    ("set_(m, np.s_[1], y4)", { setSubtensor($0.m[1], $0.y4) }),
]

@Suite struct SubtensorTests {
    private static func fixture() throws -> (inputs: [String: NDArray], cases: [String: NDArray]) {
        let fx = try #require(try Fixture.load("indexing") as? [String: Any])
        let inputs = try #require(fx["inputs"] as? [String: Any]).mapValues(Fixture.array)
        let cases = try #require(fx["cases"] as? [String: Any]).mapValues(Fixture.array)
        return (inputs, cases)
    }

    @Test func everyFixtureCaseIsTested() throws {
        let (_, cases) = try Self.fixture()
        #expect(Set(cases.keys) == Set(indexingCases.map(\.0)))
        #expect(indexingCases.count == Set(indexingCases.map(\.0)).count)
    }

    @Test(arguments: IndexingInputs.Mode.allCases)
    func valuesMatchNumPy(mode: IndexingInputs.Mode) throws {
        let (inputs, cases) = try Self.fixture()
        let env = IndexingInputs(inputs, mode: mode)
        for (expr, build) in indexingCases {
            let expected = try #require(cases[expr], "missing fixture case \(expr)")
            let out = build(env)
            if let e = out.buildError {
                Issue.record("\(expr) [\(mode)]: build error \(e.message)")
                continue
            }
            // The static shape agrees with NumPy wherever it is known.
            #expect(out.ndim == expected.ndim, "\(expr) [\(mode)]: rank \(out.ndim) != \(expected.ndim)")
            if out.ndim == expected.ndim {
                for (s, n) in zip(out.staticShape, expected.shape) where s != nil {
                    #expect(s == n, "\(expr) [\(mode)]: static shape \(Shape.format(out.staticShape)) != \(expected.shape)")
                }
            }
            let f = try function(Array(env.givens.keys), [out])
            let value = try f.call(env.givens.keys.map { try env.givens[$0]!.toNDArray() })[0]
            expectClose(value, expected, expr + " [\(mode)]")
        }
    }

    @Test(arguments: [IndexingInputs.Mode.knownShapes, .constantIndices])
    func nativeCodeMatchesNumPy(mode: IndexingInputs.Mode) throws {
        let (inputs, cases) = try Self.fixture()
        let env = IndexingInputs(inputs, mode: mode)
        let built = indexingCases.map { ($0.0, $0.1(env)) }
        // Masks computed at run time make shapes value-dependent: those graphs stay on the VM. Updates through
        // such masks have static shapes but run their (value-dependent) positions on the VM inside native code.
        let ops = { (v: Variable) in Graph.topologicalOrder(outputs: [v]).map(\.op) }
        let isDynamic = { (v: Variable) in ops(v).contains { $0.hasValueDependentShape } }
        let updatesThroughMask = { (v: Variable) in ops(v).contains { ($0 as? IncSubtensor)?.pattern.hasMask == true } }
        let keys = Array(env.givens.keys)
        let values = try keys.map { try env.givens[$0]!.toNDArray() }
        let groups = [
            built.filter { !isDynamic($0.1) && !updatesThroughMask($0.1) },
            built.filter { isDynamic($0.1) },
            built.filter { updatesThroughMask($0.1) },
        ]
        for (g, group) in groups.enumerated() where !group.isEmpty {
            let f = try function(keys, group.map(\.1), mode: .c)
            for _ in 0..<2 {  // the first call builds the native code, the second runs it
                for ((expr, _), value) in zip(group, try f.call(values)) {
                    expectClose(value, try #require(cases[expr]), expr + " [\(mode), c]")
                }
            }
            #expect(f.effectiveMode == (g == 1 ? .vm : .c))
            if g == 0 { #expect(!f.isMixed, "indexing ran through the VM inside native code") }
        }
    }

    @Test func gradientGraphsRunNatively() throws {
        var rng = TestRNG(seed: 14)
        let v = vector("v", length: 5), m = matrix("m", shape: [3, 4]), y = vector("y", length: 4)
        let idx: Variable = [0, 3, -2, 0, 0]
        let cost = sum(exp(v[idx])) + sum(setSubtensor(m[1], y * 2.0) * m) + sum(m[[2, 0, 2], .slice(step: -1)])
            + sum(incSubtensor(m[.all, [1, 1]], v[1..<4][.all, .newAxis]) * m)
        let gs = grad(cost, wrt: [v, m, y])
        let values = [rng.uniform(-1...1, shape: [5]), rng.uniform(-1...1, shape: [3, 4]), rng.uniform(-1...1, shape: [4])]
        let vm = try function([v, m, y], gs, mode: .vm), c = try function([v, m, y], gs, mode: .c)
        let expected = try vm.call(values)
        for _ in 0..<2 {
            for (a, e) in zip(try c.call(values), expected) { expectClose(a, e, rtol: 1e-13) }
        }
        #expect(c.effectiveMode == .c)
        #expect(!c.isMixed)
    }

    @Test func nativeCodeReportsBadIndices() throws {
        let u = matrix("u"), i = vector("i", dtype: .int64)
        let f = try function([u, i], [u[i, .slice(step: -1)], incSubtensor(u[.all, i], 1.0)], mode: .c)
        let value: NDArray = [[1.0, 2], [3, 4]]
        _ = try f.call([value, [1, 0]])
        let r = try f.call([value, [-1, 0]])
        #expect(!f.isMixed)
        expectClose(r[0], [[4.0, 3], [2, 1]])
        expectClose(r[1], [[2.0, 3], [4, 5]])
        expectError("index 2 is out of range for axis 0, which has size 2") { _ = try f.call([value, [0, 2]]) }
        expectError("index -3 is out of range for axis 0, which has size 2") { _ = try f.call([value, [-3]]) }
    }

    @Test func staticShapesAreInferred() {
        let m = matrix("m", shape: [3, 4])
        #expect(m[0, 2...].staticShape == [2])
        #expect(m[.slice(step: -2), .newAxis].staticShape == [2, 1, 4])
        #expect(m[1].staticShape == [4])
        #expect(m[...].staticShape == [3, 4])
        #expect(m[.all, .slice(10, 20)].staticShape == [3, 0])
        let u = matrix("u")  // unknown sizes
        #expect(u[1..<3, 0].staticShape == [nil])
        #expect(u[.newAxis, ..<2].staticShape == [1, nil, nil])
        let i = tensor("i", dtype: .int64, shape: [2, 5])
        #expect(m[i].staticShape == [2, 5, 4])
        #expect(m[i, 0].staticShape == [2, 5])
        let t = tensor("t", shape: [2, 3, 4])
        #expect(t[0, .all, vector("j", dtype: .int64, length: 7)].staticShape == [7, 3])
        #expect(m[matrix("b", dtype: .bool, shape: [3, 4])].staticShape == [nil])
        let mask: Variable = [true, false, true]
        #expect(m[mask].staticShape == [2, 4])
        #expect(m[[0, 0, 1, -1]].staticShape == [4, 4])
        #expect(m[0].dtype == .float64)
        #expect(vector("k", dtype: .int64)[1...].dtype == .int64)
    }

    @Test func printedNames() {
        let m = matrix("m", shape: [3, 4])
        #expect(m[0, 2...].owner?.op.name == "Subtensor{0, 2:}")
        #expect(m[.slice(step: -1)].owner?.op.name == "Subtensor{::-1, :}")
        let i = vector("i", dtype: .int64)
        #expect(m[i, 0].owner?.op.name == "AdvancedSubtensor{idx, 0}")
        #expect(setSubtensor(m[1], 0.0).owner?.op.name == "SetSubtensor{1, :}")
        #expect(incSubtensor(m[i], 1.0).owner?.op.name == "AdvancedIncSubtensor{idx, :}")
        let mask = matrix("mask", dtype: .bool, shape: [3, 4])
        #expect(m[mask].owner?.op.name == "AdvancedSubtensor{mask}")
        #expect(m[mask].owner?.op.hasValueDependentShape == true)
        #expect(m[i, 0].owner?.op.hasValueDependentShape == false)
        // A constant mask is its nonzero() positions: a static shape.
        let c: Variable = [[true, false, true, false], [false, false, false, true], [false, false, false, false]]
        #expect(m[c].owner?.op.name == "AdvancedSubtensor{idx, idx}")
        #expect(m[c].staticShape == [3])
        #expect(setSubtensor(m[mask], 0.0).owner?.op.hasValueDependentShape == false)
    }

    @Test func indexErrors() throws {
        let m = matrix("m", shape: [3, 4])
        let value = try NDArray(shape: [3, 4], elements: (0..<12).map(Double.init))
        // Known sizes: errors at build time, thrown when compiled.
        expectError("index 3 is out of range for axis 0 of 'm', which has size 3") { _ = try m[3].eval([m: value]) }
        expectError("index -5 is out of range for axis 1 of 'm', which has size 4") { _ = try m[0, -5].eval([m: value]) }
        expectError("too many indices") { _ = try m[0, 0, 0].eval([m: value]) }
        expectError("single ellipsis") { _ = try m[.ellipsis, .ellipsis].eval([m: value]) }
        expectError("step cannot be zero") { _ = try m[.slice(step: 0)].eval([m: value]) }
        expectError("index 7 is out of range for axis 1") { _ = try m[.all, [0, 7]].eval([m: value]) }
        // Unknown sizes: errors at run time.
        let u = matrix("u")
        expectError("index 3 is out of range for axis 0, which has size 3") { _ = try u[3].eval([u: value]) }
        expectError("index -5 is out of range for axis 1, which has size 4") { _ = try u[1..., -5].eval([u: value]) }
        let i = vector("i", dtype: .int64)
        expectError("index 4 is out of range for axis 1, which has size 4") {
            _ = try u[.all, i].eval([u: value, i: [0, 4]])
        }
        expectError("index -4 is out of range for axis 0, which has size 3") { _ = try u[i].eval([u: value, i: [-4]]) }
        // Wrong index dtype.
        expectError("must be int64 (positions) or bool (a mask)") { _ = try m[vector("f")].eval([m: value]) }
        expectError("must be int64 (positions) or bool (a mask)") { _ = try m[[0.5, 1.0]].eval([m: value]) }
        expectError("0-d boolean") { _ = try m[scalar("b", dtype: .bool)].eval([m: value]) }
        // Masks of the wrong shape.
        expectError("boolean index 'bm' has shape (2,)") { _ = try m[vector("bm", dtype: .bool, length: 2)].eval([m: value]) }
        let bu = vector("bu", dtype: .bool)
        expectError("boolean index of shape [2] does not match the shape [3]") {
            _ = try u[bu].eval([u: value, bu: [true, false]])
        }
        // A constant mask on an axis of unknown size is checked when the size is known.
        let cmask: Variable = [true, false, true, false]
        expectError("boolean index of shape [4] does not match the shape [3]") { _ = try u[cmask].eval([u: value]) }
        expectError("has shape (4,) but the axes 0..<1 of 'm' have shape (3,)") {
            _ = try m[cmask].eval([m: value])
        }
        // Index arrays that do not broadcast.
        expectError("could not be broadcast together") {
            _ = try m[vector("a", dtype: .int64, length: 2), vector("b", dtype: .int64, length: 3)].eval([m: value])
        }
        let j = vector("j", dtype: .int64)
        expectError("could not be broadcast together") { _ = try u[i, j].eval([u: value, i: [0, 1], j: [0, 1, 2]]) }
        // Extreme integers are errors, never traps.
        expectError("index \(Int.max) is out of range for axis 0 of 'm'") { _ = try m[Int.max].eval([m: value]) }
        expectError("index \(Int.min) is out of range for axis 0, which has size 3") { _ = try u[Int.min].eval([u: value]) }
        let huge = try NDArray(shape: [1], elements: [1e300], dtype: .int64)
        expectError("index 1e+300 is out of range for axis 0, which has size 3") { _ = try u[i].eval([u: value, i: huge]) }
        expectError("index 1e+300 is out of range for axis 0 of 'm'") { _ = try m[huge].eval([m: value]) }
        // Invalid inputs carry their error through indexing.
        expectError("too many indices") { _ = try m[0, 0, 0][0].eval([m: value]) }
    }

    @Test func setAndIncErrors() throws {
        let v = vector("v", length: 5)
        let value: NDArray = [1.0, 2, 3, 4, 5]
        expectError("setSubtensor: the first argument must be an indexing result") {
            _ = try setSubtensor(exp(v), 1.0).eval([v: value])
        }
        expectError("incSubtensor: the first argument must be an indexing result such as x[2...] or x[idx], but 'v' is not computed by indexing") {
            _ = try incSubtensor(v, 1.0).eval([v: value])
        }
        expectError("cannot be broadcast to the indexed shape (3,)") {
            _ = try setSubtensor(v[1..<4], [1.0, 2.0]).eval([v: value])
        }
        let y = vector("y")
        expectError("the value of shape [2] cannot be broadcast to the indexed shape [3]") {
            _ = try incSubtensor(v[1..<4], y).eval([v: value, y: [1.0, 2.0]])
        }
        let iv = vector("iv", dtype: .int64, length: 3), s = scalar("s")
        expectError("cannot store float64 values") {
            _ = try setSubtensor(iv[0], s).eval([iv: [1, 2, 3], s: 1.0])
        }
        // int values into an int tensor, and int into float, are fine.
        expectClose(try setSubtensor(iv[.slice(step: 2)], 7).eval([iv: [1, 2, 3]]), [7, 2, 7])
        expectClose(try incSubtensor(v[[0, 0]], 1).eval([v: value]), [3.0, 2, 3, 4, 5])
    }

    @Test func functionReusesBuffers() throws {
        // The same compiled function, called with different shapes and indices, stays correct.
        let u = matrix("u"), i = vector("i", dtype: .int64)
        let f = try function([u, i], [u[i, .slice(step: -1)], incSubtensor(u[i], 1.0)])
        var r = try f.call([[[1.0, 2], [3, 4]], [1, 1, 0]])
        expectClose(r[0], [[4.0, 3], [4, 3], [2, 1]])
        expectClose(r[1], [[2.0, 3], [5, 6]])
        r = try f.call([[[1.0, 2, 3]], [0]])
        expectClose(r[0], [[3.0, 2, 1]])
        expectClose(r[1], [[2.0, 3, 4]])
    }

    // MARK: - Gradients

    @Test func gradientOfBasicIndexing() throws {
        var rng = TestRNG(seed: 11)
        let m = matrix("m", shape: [3, 4])
        try checkGradient([m], at: [rng.uniform(-1...1, shape: [3, 4])]) { x in
            let a = x[0][1..., .slice(step: -2)]
            let b = x[0][.newAxis, -1, 1..<3]
            return sum(exp(a) * 2.0) + sum(b * b) + x[0][0, 0] * x[0][2, 3]
        }
    }

    @Test func gradientOfAdvancedIndexingAccumulates() throws {
        var rng = TestRNG(seed: 12)
        let v = vector("v", length: 5), m = matrix("m", shape: [3, 4])
        let idx: Variable = [0, 3, -2, 0, 0]
        let w = constant(rng.uniform(0.5...2, shape: [5]))
        let mask: Variable = [[true, false, true, false], [false, false, true, true], [true, true, false, false]]
        try checkGradient([v, m], at: [rng.uniform(-1...1, shape: [5]), rng.uniform(-1...1, shape: [3, 4])]) { x in
            let a = sum(w * x[0][idx])
            let b = sum(exp(x[1][[2, 0, 2], .slice(step: -1)]))
            let c = sum(x[1][mask] * x[1][mask])
            return a + b + c + sum(x[1][0, [1, 1]])
        }
    }

    @Test func gradientOfSetAndInc() throws {
        var rng = TestRNG(seed: 13)
        let x = matrix("x", shape: [3, 4]), y = vector("y", length: 4), s = scalar("s")
        let idx: Variable = [2, 0, 2]
        let w = constant(rng.uniform(0.5...2, shape: [3, 4]))
        let values = [rng.uniform(-1...1, shape: [3, 4]), rng.uniform(-1...1, shape: [4]), NDArray(0.3)]
        try checkGradient([x, y, s], at: values) { a in
            let set = setSubtensor(a[0][1], a[1] * a[2])           // y broadcast along nothing, s scaled
            let inc = incSubtensor(a[0][idx], a[1])                 // y broadcast over 3 rows, repeats
            let setS = setSubtensor(a[0][.all, 1..<3], a[2])        // a scalar broadcast to (3, 2)
            return sum(w * set * set) + sum(w * exp(inc)) + sum(w * setS)
        }
    }
}
