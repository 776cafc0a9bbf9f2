import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct FunctionTests {
    @Test func talkExample() throws {
        let x = scalar("x")
        let y = vector("y")
        let w = log(x + y)
        let f = try function([x, y], [w])
        let out = try f(0.0, [1.0, M_E])
        expectClose(out[0], try NDArray([0.0, 1.0]), rtol: 1e-15)
        let same = try f.call([NDArray(0.0), NDArray([1.0, M_E])])
        #expect(same[0] == out[0])
        let v = try w.eval([x: 0.0, y: [1.0, 2.0]])
        expectClose(v, try NDArray([0.0, Foundation.log(2.0)]))
    }

    @Test func intermediateInput() throws {
        let x = scalar("x"), y = vector("y")
        let z = x + y
        let w = log(z)
        let g = try function([z], [w])
        expectClose(try g([1.0, M_E])[0], try NDArray([0.0, 1.0]))
    }

    @Test func multipleOutputsAndReuse() throws {
        let x = vector("x")
        let f = try function([x], [exp(x), x * 2.0])
        for n in [3, 3, 5] {
            let xs = (0..<n).map(Double.init)
            let out = try f(try NDArray(xs))
            expectClose(out[0], try NDArray(xs.map(Foundation.exp)))
            expectClose(out[1], try NDArray(xs.map { $0 * 2 }))
        }
    }

    @Test func updatesSharedVariables() throws {
        let s = try shared([1.0, 2.0], name: "s")
        let f = try function([], [s * 1.0], updates: [s: s + 1.0])
        expectClose(try f()[0], try NDArray([1.0, 2.0]))
        expectClose(s.value!, try NDArray([2.0, 3.0]))
        try s.setValue([10, 20, 30])
        expectClose(try f()[0], try NDArray([10.0, 20.0, 30.0]))
    }

    @Test func errorsNameTheVariable() throws {
        let x = scalar("x"), y = vector("y")
        let w = log(x + y)
        expectError("needs the input 'y'") { _ = try function([x], [w]) }
        let f = try function([x, y], [w])
        expectError("'y' expects 1 dimension") { _ = try f(0.0, 1.0) }
        expectError("expected 2 input value") { _ = try f(0.0) }
        let i = vector("i", dtype: .int64)
        let g = try function([i], [i + 1])
        expectError("'i' is int64") { _ = try g([1.5]) }
        expectError("listed twice") { _ = try function([x, x], [x]) }
    }

    @Test func staticShapeErrorsThrowAtCompile() throws {
        let a = tensor("a", shape: [3]), b = tensor("b", shape: [4])
        let c = a + b  // operators cannot throw: the error travels with the result
        #expect(c.buildError != nil)
        expectError("could not be broadcast together with shapes (3,) and (4,)") { _ = try function([a, b], [c]) }
        expectError("could not be broadcast") { _ = try exp(c).eval([a: [1.0, 2, 3], b: [1.0, 2, 3, 4]]) }
    }

    @Test func runtimeShapeErrorsThrowAtCall() throws {
        let a = vector("a"), b = vector("b")
        let f = try function([a, b], [a + b])
        expectError("could not be broadcast") { _ = try f([1.0, 2], [1.0, 2, 3]) }
        // The function stays usable after an error.
        expectClose(try f([1.0, 2], [1.0, 2])[0], try NDArray([2.0, 4.0]))
    }

    @Test func dtypesFollowNumPy() throws {
        let i = vector("i", dtype: .int64)
        #expect((i + 1).dtype == .int64)
        #expect((i + 1.5).dtype == .float64)
        #expect((i / i).dtype == .float64)
        let f = vector("f", dtype: .float32)
        #expect((f * 2.0).dtype == .float32)  // literal is weak, as a Python scalar
        #expect((f + i).dtype == .float64)
        #expect(log(i).dtype == .float64)
        let out = try (f * 0.1).eval([f: [1.0]])
        #expect(out.dtype == .float32)
        #expect(out.doubles[0] == Double(Float(0.1)))
    }

    @Test func dprintShowsTheGraph() throws {
        let x = scalar("x"), y = vector("y")
        let w = log(x + y)
        let expected = """
            Log [id A]
             └─ Add [id B]
                ├─ x [id C]
                └─ y [id D]

            """
        #expect(w.dprint() == expected)
        let e = exp(x)
        let twice = e + e
        let printed = twice.dprint()
        #expect(printed.contains("···"))
        #expect(printed.components(separatedBy: "Exp [id B]").count == 3)
        #expect(w.dprint(printTypes: true).contains("<Vector(float64, shape=(?,))>"))
    }
}
