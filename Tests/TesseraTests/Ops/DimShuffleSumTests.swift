import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct DimShuffleSumTests {
    @Test func transposeAndExpand() throws {
        let m = matrix("m")
        let v: NDArray = [[1.0, 2, 3], [4, 5, 6]]
        expectClose(try transpose(m).eval([m: v]), [[1.0, 4], [2, 5], [3, 6]])
        expectClose(try m.T.eval([m: v]), [[1.0, 4], [2, 5], [3, 6]])
        let e = expandDims(m, axis: 1)
        #expect(e.staticShape == [nil, 1, nil])
        #expect(try e.eval([m: v]).shape == [2, 1, 3])
        let t = tensor("t", shape: [2, 1, 3])
        #expect(squeeze(t).staticShape == [2, 3])
        expectError("only axes of size 1") { _ = try squeeze(t, axis: [0]).eval([t: NDArray.zeros([2, 1, 3])]) }
        let t3 = tensor("t3", shape: [2, 3, 4])
        let x = try NDArray(shape: [2, 3, 4], elements: (0..<24).map(Double.init))
        // NumPy: np.arange(24).reshape(2,3,4).transpose(1,2,0)[1,3,:] == [7, 19]
        let p = try transpose(t3, axes: [1, 2, 0]).eval([t3: x])
        #expect(p.shape == [3, 4, 2])
        #expect(p[1, 3, 0] == 7 && p[1, 3, 1] == 19)
    }

    @Test func sums() throws {
        let m = matrix("m")
        let v: NDArray = [[1.0, 2, 3], [4, 5, 6]]
        expectClose(try sum(m).eval([m: v]), 21.0)
        expectClose(try sum(m, axis: 0).eval([m: v]), [5.0, 7, 9])
        expectClose(try sum(m, axis: -1).eval([m: v]), [6.0, 15])
        expectClose(try sum(m, axis: 1, keepdims: true).eval([m: v]), [[6.0], [15]])
        let b = vector("b", dtype: .bool)
        let s = sum(b)
        #expect(s.dtype == .int64)
        expectClose(try s.eval([b: [true, true, false]]), 2)
        expectError("out of range") { _ = try sum(m, axis: 2).eval([m: v]) }
    }
}
