import Foundation
import Testing
import TesseraExamples
import TesseraPPL

/// The six anchor models give the anchors' logp and gradient at the fixed point (NumPyro's values,
/// which match SciPy), to 1e-9 relative. Needs ../shared/anchors (present beside the repository in CI).
@Suite struct AnchorModelTests {
    @Test(arguments: AnchorModels.names)
    func logpAndGradientAtTheFixedPoint(_ name: String) throws {
        guard let dir = AnchorModels.dataDirectory() else {
            Issue.record("../shared/anchors/data not found; set TESSERA_ANCHORS")
            return
        }
        let c = try AnchorModels.load(name, from: dir)
        let lf = try c.model.logpDlogpFunction()
        #expect(lf.dimension == c.fixedPoint.count)
        var g = [Double](repeating: 0, count: lf.dimension)
        for _ in 0..<2 {  // the VM path, then native code
            let lp = lf(c.fixedPoint, gradient: &g)
            #expect(abs(lp - c.referenceLogp) <= 1e-9 * abs(c.referenceLogp), "\(name): logp \(lp) vs \(c.referenceLogp)")
            let worst = zip(g, c.referenceGradient).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-9, "\(name): gradient differs by \(worst) (relative)")
        }
    }

    /// The naive censored model (PyMC's `pm.Censored` over 10,000 constant observations) compiles to
    /// Stan's hand-written idiom by itself: counts at the bounds and a sum over the interior only.
    @Test func censoredDataBecomeCountsAtCompileTime() throws {
        guard let dir = AnchorModels.dataDirectory() else {
            Issue.record("../shared/anchors/data not found; set TESSERA_ANCHORS")
            return
        }
        let c = try AnchorModels.load("censored", from: dir)
        let printed = try c.model.logpDlogpFunction().function.dprint()
        #expect(!printed.contains("Constant(10000,)"), "the 10,000 observations are still tested per call:\n\(printed)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("censored.json"))) as! [String: Any]
        let y = ((json["data"] as! [String: Any])["y"] as! [Any]).map { ($0 as! NSNumber).doubleValue }
        let atLower = y.filter { $0 <= -1 }.count, atUpper = y.filter { $0 >= 1 }.count
        #expect(printed.contains("\(atLower).") && printed.contains("\(atUpper)."), "counts \(atLower) and \(atUpper) not in:\n\(printed)")
        #expect(printed.contains("Constant(\(y.count - atLower - atUpper),)"), "the interior observations are one constant")
    }
}
