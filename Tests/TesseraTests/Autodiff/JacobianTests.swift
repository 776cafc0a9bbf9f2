import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct JacobianTests {
    @Test func jacobianOfElementwiseAndMatrixProducts() throws {
        let x = tensor("x", shape: [3])
        let a: Variable = [[1.0, 2, 0], [0, -1, 3]]
        let j = jacobian(matmul(a, exp(x)), wrt: x)  // A · diag(exp x)
        let v = [0.1, -0.2, 0.3]
        let out = try j.eval([x: v])
        #expect(out.shape == [2, 3])
        let rows: [[Double]] = [[1, 2, 0], [0, -1, 3]]
        for i in 0..<2 { for k in 0..<3 { #expect(abs(out[i, k] - rows[i][k] * Foundation.exp(v[k])) < 1e-14) } }
    }

    @Test func hessianAgainstAnalytic() throws {
        // f(x) = sum(x_i^2 x_{i+1}) ... use f = (x0 x1)^2 + sin-free polynomial: H computed by hand.
        let x = tensor("x", shape: [2])
        let f = x[0] * x[0] * x[1] + exp(x[1])
        let h = try hessian(f, wrt: x).eval([x: [1.5, 0.5]])
        // ∂²/∂x0² = 2 x1, ∂²/∂x0∂x1 = 2 x0, ∂²/∂x1² = exp(x1)
        expectClose(h, try NDArray([[1.0, 3.0], [3.0, Foundation.exp(0.5)]]), rtol: 1e-14)
    }

    @Test func unknownShapeIsAnError() throws {
        let x = vector("x")
        expectError("must be known statically") { _ = try jacobian(exp(x), wrt: x).eval([x: [1.0]]) }
    }
}
