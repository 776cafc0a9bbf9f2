import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct ShapeOpsTests {
    @Test func reshapeMatchesNumPy() throws {
        for (i, c) in try ShapesFixture.cases("reshapes").enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let target = c["shape"] as! [Int]
            let note = "reshape case \(i): \(xv.shape) -> \(target)"
            for known in [true, false] {
                let x = ShapesFixture.input(for: xv, known: known)
                let y = reshape(x, target)
                let staticExpected: [Int?] = known ? expected.shape : target.map { $0 == -1 ? nil : $0 }
                #expect(y.staticShape == staticExpected, "static shape \(y.staticShape) \(note)")
                expectClose(try y.eval([x: xv]), expected, note)
                // The same through a symbolic shape vector and through the method.
                let s = vector("s", dtype: .int64, length: target.count)
                let sv = try NDArray(shape: [target.count], elements: target.map(Double.init), dtype: .int64)
                expectClose(try function([x, s], [reshape(x, s)]).call([xv, sv])[0], expected, note)
                expectClose(try x.reshaped(to: target).eval([x: xv]), expected, note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gx = try ShapesFixture.array(c, "gx") {
                let x = ShapesFixture.input(for: xv, known: false)
                try expectPullback(reshape(x, target), wrt: x, at: xv, gz: gz, gx: gx, "pullback of \(note)")
            }
        }
    }

    @Test func reshapeStaticShapesAndErrors() throws {
        let t = tensor("t", shape: [2, nil, 4])
        // Reshaping to another tensor's symbolic shape keeps what is known of it.
        let u = tensor("u", shape: [nil, 3])
        #expect(reshape(t, shape(u)).staticShape == [nil, 3])
        #expect(reshape(t, [-1, 4]).staticShape == [nil, 4])
        #expect(reshape(tensor("k", shape: [2, 3, 4]), [4, -1]).staticShape == [4, 6])
        let k = tensor("k", shape: [2, 3])
        expectError("cannot reshape an array of size 6 into shape (4, 2)") { _ = try reshape(k, [4, 2]).eval([k: NDArray.zeros([2, 3])]) }
        expectError("cannot reshape an array of size 6 into shape (4, -1)") { _ = try reshape(k, [4, -1]).eval([k: NDArray.zeros([2, 3])]) }
        expectError("only specify one unknown dimension") { _ = try reshape(k, [-1, -1]).eval([k: NDArray.zeros([2, 3])]) }
        expectError("negative size -2") { _ = try reshape(k, [-2, 3]).eval([k: NDArray.zeros([2, 3])]) }
        // Unknown sizes: the mismatch is found at run time.
        let m = matrix("m")
        let bad = reshape(m, [4, -1])
        #expect(bad.buildError == nil)
        expectError("cannot reshape an array of size 6") { _ = try bad.eval([m: NDArray.zeros([2, 3])]) }
        let s = vector("s", dtype: .int64)
        expectError("not known statically") { _ = try reshape(m, s).eval([m: NDArray.zeros([2, 3])]) }
        expectError("int64 vector") { _ = try reshape(m, vector("f", length: 2)).eval([m: NDArray.zeros([2, 3])]) }
        expectClose(try function([m, s], [reshape(m, s, ndim: 1)]).call([NDArray.zeros([2, 3]), [6]])[0], NDArray.zeros([6]))
        expectError("the shape vector has 2 entries") {
            _ = try reshape(m, vector("s2", dtype: .int64, length: 2), ndim: 3).eval([m: NDArray.zeros([2, 3])])
        }
    }

    @Test func flattenMatchesNumPy() throws {
        for (i, c) in try ShapesFixture.cases("flattens").enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let ndim = c["ndim"] as! Int
            let note = "flatten case \(i): \(xv.shape), ndim \(ndim)"
            let x = ShapesFixture.input(for: xv, known: true)
            #expect(flatten(x, ndim: ndim).staticShape == expected.shape.map { $0 }, "\(note)")
            expectClose(try x.flattened(ndim: ndim).eval([x: xv]), expected, note)
            let u = ShapesFixture.input(for: xv, known: false)
            expectClose(try flatten(u, ndim: ndim).eval([u: xv]), expected, note)
            try expectPullback(flatten(u, ndim: ndim), wrt: u, at: xv, gz: try ShapesFixture.array(c, "gz")!,
                               gx: try ShapesFixture.array(c, "gx")!, "pullback of \(note)")
        }
        let t = tensor("t", shape: [2, nil, 4])
        #expect(flatten(t).staticShape == [nil])
        #expect(flatten(t, ndim: 2).staticShape == [2, nil])
        expectError("ndim must be between 1 and the 3 dimensions") { _ = try flatten(t, ndim: 4).eval([t: NDArray.zeros([2, 1, 4])]) }
        expectError("ndim must be between") { _ = try flatten(t, ndim: 0).eval([t: NDArray.zeros([2, 1, 4])]) }
    }

    @Test func broadcastToMatchesNumPy() throws {
        for (i, c) in try ShapesFixture.cases("broadcasts").enumerated() {
            let xv = try ShapesFixture.array(c, "x")!
            let expected = try ShapesFixture.array(c, "expected")!
            let target = c["shape"] as! [Int]
            let note = "broadcastTo case \(i): \(xv.shape) -> \(target)"
            for known in [true, false] {
                let x = ShapesFixture.input(for: xv, known: known)
                let y = broadcastTo(x, target)
                #expect(y.staticShape == expected.shape.map { $0 }, "\(note)")
                expectClose(try y.eval([x: xv]), expected, note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gx = try ShapesFixture.array(c, "gx") {
                let x = ShapesFixture.input(for: xv, known: false)
                try expectPullback(broadcastTo(x, target), wrt: x, at: xv, gz: gz, gx: gx, "pullback of \(note)")
            }
        }
        let v = vector("v", length: 3)
        expectError("dimension 0 has size 3, but needs 1 or 4") { _ = try broadcastTo(v, [2, 4]).eval([v: [1.0, 2, 3]]) }
        expectError("fewer dimensions") { _ = try broadcastTo(matrix("m", shape: [2, 3]), [3]).eval() }
        let u = vector("u")
        expectError("cannot broadcast an array of shape [3] to the shape [2, 4]") { _ = try broadcastTo(u, [2, 4]).eval([u: [1.0, 2, 3]]) }
        // A symbolic target shape: another tensor's.
        let m = matrix("m")
        let b = broadcastTo(u, shape(m))
        expectClose(try function([u, m], [b]).call([[1.0, 2], NDArray.zeros([3, 2])])[0], [[1.0, 2], [1, 2], [1, 2]])
    }

    @Test(arguments: ["concatenate", "stack"])
    func joinsMatchNumPy(op: String) throws {
        let cases = try ShapesFixture.cases("joins").filter { $0["op"] as? String == op }
        #expect(!cases.isEmpty)
        for (i, c) in cases.enumerated() {
            let values = try (c["xs"] as! [Any]).map(Fixture.array)
            let expected = try ShapesFixture.array(c, "expected")!
            let axis = c["axis"] as! Int
            let note = "\(op) case \(i): \(values.map(\.shape)) axis \(axis)"
            for known in [true, false] {
                let xs = values.enumerated().map { ShapesFixture.input(for: $1, known: known, name: "x\($0)") }
                let y = op == "concatenate" ? concatenate(xs, axis: axis) : stack(xs, axis: axis)
                #expect(y.dtype == expected.dtype, "static dtype \(y.dtype) \(note)")
                if known { #expect(y.staticShape == expected.shape.map { $0 }, "static shape \(y.staticShape) \(note)") }
                expectClose(try function(xs, [y]).call(values)[0], expected, note)
            }
            if let gz = try ShapesFixture.array(c, "gz"), let gxs = c["gxs"] as? [Any] {
                let xs = values.enumerated().map { ShapesFixture.input(for: $1, known: false, name: "x\($0)") }
                let y = op == "concatenate" ? concatenate(xs, axis: axis) : stack(xs, axis: axis)
                for (k, entry) in gxs.enumerated() {
                    let g = pullbackGraph(y, seed: constant(gz), wrt: xs[k])
                    if entry is NSNull {
                        #expect(g == nil, "discrete input \(k) gets no gradient, \(note)")
                        continue
                    }
                    let gx = try Fixture.array(entry)
                    let value = try #require(g, "gradient of input \(k), \(note)")
                    expectClose(try function(xs, [value]).call(values)[0], gx, checkDType: false, "pullback \(k) of \(note)")
                }
            }
        }
    }

    @Test func joinErrors() throws {
        let a = matrix("a", shape: [2, 3]), b = matrix("b", shape: [2, 4]), v = vector("v", length: 2)
        expectError("along dimension 1 input 1 has size 4 and input 0 has size 3") { _ = try concatenate([a, b]).eval() }
        expectError("input 1 has 1 dimensions but input 0 has 2") { _ = try concatenate([a, v], axis: 1).eval() }
        expectError("input 1 has shape (2, 4) and input 0 has (2, 3)") { _ = try stack([a, b]).eval() }
        expectError("zero-dimensional tensors cannot be concatenated") { _ = try concatenate([scalar("s"), scalar("t")]).eval() }
        expectError("axis 2 is out of range") { _ = try concatenate([a, a], axis: 2).eval() }
        expectError("stack: axis 3 is out of range") { _ = try stack([a, a], axis: 3).eval() }
        expectError("needs at least one tensor") { _ = try concatenate([]).eval() }
        // Sizes known only at run time.
        let m = matrix("m"), n = matrix("n")
        let j = concatenate([m, n], axis: 0)
        #expect(j.buildError == nil)
        expectError("input 1 has shape [2, 4] and input 0 has [2, 3]") {
            _ = try function([m, n], [j]).call([NDArray.zeros([2, 3]), NDArray.zeros([2, 4])])
        }
        let s = stack([m, n], axis: 1)
        expectError("stack: all inputs need the same shape") {
            _ = try function([m, n], [s]).call([NDArray.zeros([2, 3]), NDArray.zeros([3, 2])])
        }
        // Float32 with float64 promotes; each gradient keeps its input's dtype.
        let f = vector("f", dtype: .float32), d = vector("d")
        let fd = concatenate([f, d])
        #expect(fd.dtype == .float64)
        #expect(pullbackGraph(fd, seed: constant(NDArray.zeros([3])), wrt: f)?.dtype == .float32)
    }

    @Test func shapeOf() throws {
        let t = tensor("t", shape: [2, nil, 4])
        let s = shape(t)
        #expect(s.dtype == .int64 && s.staticShape == [3])
        expectClose(try s.eval([t: NDArray.zeros([2, 5, 4])]), [2, 5, 4])
        let z = scalar("z")
        expectClose(try shape(z).eval([z: 1.0]), try NDArray(shape: [0], elements: [], dtype: .int64))
        #expect(pullbackGraph(sum(zerosLike(t, dtype: nil)), seed: 1.0, wrt: t) == nil)
    }

    @Test func fullMatchesNumPy() throws {
        for (i, c) in try ShapesFixture.cases("fills").enumerated() {
            let expected = try ShapesFixture.array(c, "expected")!
            let target = c["shape"] as! [Int]
            let dtype = (c["dtype"] as? String).flatMap(DType.init(rawValue:))
            let number = Fixture.double(c["value"]!)
            let value: Variable
            switch c["kind"] as? String {
            case "bool": value = Variable(booleanLiteral: number != 0)
            case "int": value = Variable(integerLiteral: Int(number))
            default: value = Variable(floatLiteral: number)
            }
            let y = full(shape: target, value: value, dtype: dtype)
            #expect(y.staticShape == expected.shape.map { $0 }, "full case \(i)")
            expectClose(try y.eval(), expected, "full case \(i): shape \(target) value \(value)")
        }
        expectClose(try zeros(shape: [2, 3]).eval(), NDArray.zeros([2, 3]))
        expectClose(try zeros([2], dtype: .int64).eval(), NDArray.zeros([2], dtype: .int64))
        expectClose(try ones([2, 2], dtype: .float32).eval(), NDArray(repeating: 1, shape: [2, 2], dtype: .float32))
        expectClose(try ones(shape: [3]).eval(), [1.0, 1, 1])
        let m = matrix("m", dtype: .float32)
        let z = zerosLike(m, dtype: nil), o = onesLike(m, dtype: .int64)
        #expect(z.dtype == .float32 && z.staticShape == [nil, nil] && o.dtype == .int64)
        let zm = zerosLike(tensor("k", shape: [2, nil]), dtype: nil)
        let iv = vector("iv", dtype: .int64)
        let zi = zerosLike(iv, dtype: nil)
        #expect(zi.dtype == .int64)  // as numpy.zeros_like
        expectClose(try zi.eval([iv: [4, 5]]), NDArray.zeros([2], dtype: .int64))
        #expect(zm.staticShape == [2, nil])
        expectClose(try function([m], [z, o]).call([NDArray.zeros([2, 3], dtype: .float32)])[1],
                    NDArray(repeating: 1, shape: [2, 3], dtype: .int64))
        let n = vector("n", dtype: .int64, length: 2)
        expectClose(try function([n], [full(shape: n, value: 2.5)]).call([[1, 2]])[0], [[2.5, 2.5]])
        let w = vector("w")
        let filled = fullLike(w, value: 3)
        #expect(filled.dtype == .float64)
        expectClose(try filled.eval([w: [0.0, 1.0]]), [3.0, 3.0])
        expectError("negative size -1") { _ = try zeros(shape: [2, -1]).eval() }
        expectError("int64 vector of statically known length") { _ = try zeros(shape: vector("q", dtype: .int64)).eval() }
        // The gradient of a filled value is the sum of the output gradient.
        let x = scalar("x")
        try expectPullback(full(shape: [2, 3], value: x), wrt: x, at: 1.0, gz: [[1.0, 2, 3], [4, 5, 6]], gx: 21.0)
    }

    @Test func arangeMatchesNumPy() throws {
        for (i, c) in try ShapesFixture.cases("aranges").enumerated() {
            let expected = try ShapesFixture.array(c, "expected")!
            let args = c["args"] as! [Any]
            let dtype = (c["dtype"] as? String).flatMap(DType.init(rawValue:))
            let ints = args.map { Int(Fixture.double($0)) }
            let note = "arange case \(i): \(args) dtype \(dtype.map(\.rawValue) ?? "nil")"
            let y: Variable
            if c["kind"] as? String == "int" {
                switch ints.count {
                case 1: y = arange(ints[0], dtype: dtype ?? .int64)
                case 2: y = arange(ints[0], ints[1], dtype: dtype ?? .int64)
                default: y = arange(ints[0], ints[1], ints[2], dtype: dtype ?? .int64)
                }
            } else {
                let d = args.map(Fixture.double)
                y = d.count == 2 ? arange(d[0], d[1], dtype: dtype ?? .float64) : arange(d[0], d[1], d[2], dtype: dtype ?? .float64)
            }
            #expect(y.staticShape == expected.shape.map { $0 }, "\(note)")
            expectClose(try y.eval(), expected, rtol: 1e-15, note)
            // The symbolic form: length known at run time.
            let d = args.map(Fixture.double)
            let (start, stop, step) = d.count == 1 ? (0.0, d[0], 1.0) : (d[0], d[1], d.count == 3 ? d[2] : 1.0)
            let a = scalar("a"), b = scalar("b"), s = scalar("s")
            let r = arange(a, b, s, dtype: expected.dtype)
            #expect(r.staticShape == [nil])
            expectClose(try function([a, b, s], [r])(start, stop, step)[0], expected, rtol: 1e-15, note)
        }
        // Literal forms pick NumPy's dtypes.
        #expect(arange(3).dtype == .int64 && arange(0, 6, 2).dtype == .int64 && arange(0.0, 1.0, 0.5).dtype == .float64)
        let n = scalar("n", dtype: .int64)
        #expect(arange(0, n, 1).dtype == .int64)
        expectClose(try arange(0, n, 1).eval([n: 3]), [0, 1, 2])
        expectError("step must not be zero") { _ = try arange(0, 5, 0).eval() }
        let s = scalar("s")
        expectError("step must not be zero") { _ = try arange(0.0, 3.0, s).eval([s: 0.0]) }
        expectError("must be scalars") { _ = try arange(vector("v"), 3, 1).eval([vector("v"): [1.0]]) }
    }
}
