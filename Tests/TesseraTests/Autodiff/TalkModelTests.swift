import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The talk's model written directly as an expression, against the anchors' reference values
/// (../shared/anchors/data/reference_logp_grad.json, `numpyro_logp`/`numpyro_grad` for `talk`, fixed point mu=0.5, log_sigma=0.3).
@Test func talkModelLogpAndGradientMatchReference() throws {
    let mu = scalar("mu"), ls = scalar("log_sigma")
    let y: Variable = [3.0, 4.0, 5.0]
    let c = -0.5 * Foundation.log(2 * Double.pi)
    let sigma = exp(ls)
    let z = (y - mu) / sigma
    let lp = (c - 0.5 * mu * mu) + (c - 0.5 * ls * ls) + sum(c - log(sigma) - 0.5 * z * z)
    let f = try function([mu, ls], [lp] + grad(lp, wrt: [mu, ls]))
    let out = try f(0.5, 0.3)
    expectClose(out[0], NDArray(-16.297918115345126), rtol: 1e-13)
    expectClose(out[1], NDArray(5.262522178987277), rtol: 1e-12)
    expectClose(out[2], NDArray(17.966450898643526), rtol: 1e-12)
    let plain = try function([mu, ls], [lp] + grad(lp, wrt: [mu, ls]), rewrites: .none)
    for (a, b) in zip(out, try plain(0.5, 0.3)) { expectClose(a, b, rtol: 1e-14) }
}
