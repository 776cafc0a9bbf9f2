import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct NDArrayTests {
    @Test func literalsAndDTypes() throws {
        let a: NDArray = [[1, 2], [3, 4]]
        #expect(a.shape == [2, 2])
        #expect(a.dtype == .int64)
        #expect(a[1, 0] == 3)
        let b = try NDArray([1.0, 2.5])
        #expect(b.dtype == .float64 && b.shape == [2])
        let c = try NDArray([true, false])
        #expect(c.dtype == .bool)
        let mixed: NDArray = [1, 2.5]
        #expect(mixed.dtype == .float64)
        let f32 = NDArray(repeating: 0.1, shape: [3], dtype: .float32)
        #expect(f32.doubles[0] == Double(Float(0.1)))
    }

    @Test func raggedIsAnError() {
        expectError("rectangular") { _ = try NDArray([[1.0, 2.0], [3.0]]) }
        expectError("needs 6 elements") { _ = try NDArray(shape: [2, 3], elements: [1, 2]) }
    }

    @Test func descriptionLikeNumPy() throws {
        #expect(try NDArray([[1.0, 2], [3, 4]]).description == "[[1. 2.]\n [3. 4.]]")
        #expect(try NDArray([1, 2, 3]).description == "[1 2 3]")
        #expect(try NDArray([true, false]).description == "[True False]")
        #expect(NDArray(Double.nan).description == "nan")
        #expect(try NDArray([0.5, -Double.infinity]).description == "[ 0.5 -inf]")
    }

    @Test func closeness() throws {
        let a = try NDArray([1.0, .nan, .infinity])
        #expect(a.isClose(to: try NDArray([1.0 + 1e-12, .nan, .infinity])))
        #expect(!a.isClose(to: try NDArray([1.1, .nan, .infinity])))
        #expect(!a.isClose(to: try NDArray([1.0, .nan])))
    }

    @Test func promotionLikeNumPy() {
        #expect(DType.int64.promoted(with: .float32) == .float64)
        #expect(DType.bool.promoted(with: .int64) == .int64)
        #expect(DType.float32.promoted(with: .float32) == .float32)
        #expect(DType.float32.promoted(with: .float64) == .float64)
    }
}
