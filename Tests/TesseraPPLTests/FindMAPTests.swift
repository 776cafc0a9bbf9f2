import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct FindMAPTests {
    @Test func talkModelMAPMatchesScipy() throws {
        // scipy.optimize.minimize(-logp, BFGS) of the talk model: see Scripts/fixtures/map.py.
        let map = try findMAP(try talkModel())
        let fixture = try Fixture.load("map") as! [String: Any]
        let talk = fixture["talk"] as! [String: Any]
        #expect(abs(map["mu"]!.doubles[0] - Fixture.double(talk["mu"]!)) < 1e-6)
        #expect(abs(map["log_sigma"]!.doubles[0] - Fixture.double(talk["log_sigma"]!)) < 1e-6)
    }

    @Test func rosenbrockWithLBFGS() {
        let r = LBFGS().minimize([-1.2, 1.0]) { x, g in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            g[0] = -2 * a - 400 * x[0] * b
            g[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(r.converged)
        #expect(abs(r.x[0] - 1) < 1e-6 && abs(r.x[1] - 1) < 1e-6)
    }

    @Test func nonConvergenceIsReported() throws {
        var opt = LBFGS()
        opt.maxIterations = 2
        let r = opt.minimize([-1.2, 1.0]) { x, g in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            g[0] = -2 * a - 400 * x[0] * b
            g[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(!r.converged)
        #expect(r.message.contains("maximum number of iterations"))
    }
}
