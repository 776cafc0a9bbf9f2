import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// Value transforms: round trips, and each log-Jacobian against the log-determinant of the
/// Jacobian of `backward` computed by reverse-mode differentiation and checked by finite differences.
@Suite struct TransformTests {
    @Test func elementwiseRoundTripsAndJacobians() throws {
        let cases: [(any Transform, [Double])] = [
            (LogTransform(), [0.01, 0.5, 3.0, 100.0]),
            (LogOddsTransform(), [0.001, 0.3, 0.5, 0.999]),
            (IntervalTransform(lower: -2.0, upper: 5.0), [-1.9, 0.0, 4.99]),
            (IntervalTransform(lower: 1.0, upper: nil), [1.5, 10.0]),
            (IntervalTransform(lower: nil, upper: 1.0), [-3.0, 0.99]),
            (LogExpM1Transform(), [0.01, 1.0, 20.0]),
            (CircularTransform(), [-3.0, 0.0, 3.1]),
        ]
        for (t, xs) in cases {
            let x = vector("x"), y = vector("y")
            let back = try t.backward(t.forward(x)).eval([x: xs])
            expectClose(back, try NDArray(xs), rtol: 1e-12, atol: 1e-14, "\(t.name) round trip")
            let yv = try t.forward(x).eval([x: xs])
            // d backward / dy elementwise, by reverse mode; then log|·| against the transform's own formula.
            let dback = grad(sum(t.backward(y)), wrt: y)
            let expected = try log(abs(dback)).eval([y: yv])
            expectClose(try t.logJacobianDeterminant(y).eval([y: yv]), expected, rtol: 1e-10, atol: 1e-12, "\(t.name) log|J|")
            // The reverse-mode derivative itself against finite differences.
            try checkGradient([y], at: [yv], rtol: 1e-6) { v in sum(t.backward(v[0])) }
        }
    }

    @Test func vectorTransforms() throws {
        let ordered: [Double] = [-1.0, 0.5, 0.6, 4.0]
        let simplex: [Double] = [0.1, 0.2, 0.3, 0.4]
        for (t, xs, square) in [(OrderedTransform() as any Transform, ordered, 4), (SimplexTransform(), simplex, 3)] {
            let x = tensor("x", shape: [xs.count])
            expectClose(try t.backward(t.forward(x)).eval([x: xs]), try NDArray(xs), rtol: 1e-12, "\(t.name) round trip")
            let yv = try t.forward(x).eval([x: xs])
            let y = tensor("y", shape: [yv.count])
            // The square part of the Jacobian (the simplex's last coordinate is determined by the others).
            let b = t.backward(y)
            let j = jacobian(square == xs.count ? b : b[0..<square], wrt: y)
            let logDet = log(abs(linalg.det(j)))
            expectClose(try t.logJacobianDeterminant(y).eval([y: yv]), try logDet.eval([y: yv]), rtol: 1e-10, "\(t.name) log|J|")
            let s = try sum(t.backward(y)).eval([y: yv]).doubles[0]
            if t is SimplexTransform { #expect(abs(s - 1) < 1e-14) }
        }
    }

    @Test func defaultTransforms() {
        #expect(Support.positive.defaultTransform?.name == "log")
        #expect(Support.unitInterval.defaultTransform?.name == "logodds")
        #expect(Support.simplex.defaultTransform?.name == "simplex")
        #expect(Support.real.defaultTransform == nil)
    }
}

@Suite struct CholeskyCorrTransformTests {
    @Test func roundTripUnitRowsAndJacobian() throws {
        let t = CholeskyCorrTransform(n: 3)
        let y = tensor("y", shape: [3])
        let yv: [Double] = [0.3, -0.8, 1.1]
        let l = try t.backward(y).eval([y: yv])
        #expect(l.shape == [3, 3])
        for i in 0..<3 {
            let norm = (0..<3).map { l[i, $0] * l[i, $0] }.reduce(0.0) { $0 + $1 }
            #expect(abs(norm - 1) < 1e-14)
            for j in (i + 1)..<3 where j < 3 { #expect(l[i, j] == 0) }
        }
        let x = matrix("x", shape: [3, 3])
        expectClose(try t.forward(x).eval([x: l]), try NDArray(yv), rtol: 1e-12)
        // The log-Jacobian against the determinant of ∂(strictly lower entries)/∂y by reverse mode.
        let b = t.backward(y)
        let lower = stack(t.pairs.map { b[$0.0, $0.1] })
        let logDet = log(abs(linalg.det(jacobian(lower, wrt: y))))
        expectClose(try t.logJacobianDeterminant(y).eval([y: yv]), try logDet.eval([y: yv]), rtol: 1e-10)
    }
}
