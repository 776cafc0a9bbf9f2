import Foundation
import Tessera

extension NormalDistribution: DensityDistribution {
    /// `log N(x | mu, sigma) = −(x − mu)²/(2 sigma²) − log sigma − log(2π)/2`
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, sigma) = (params[0], params[1])
        let z = (value - mu) / sigma
        let lp = -0.5 * z * z - log(sigma) - 0.5 * Foundation.log(2 * Double.pi)
        return checkParameters(lp, [positive(sigma)], message: "normal: sigma > 0")
    }

    public func support(_ params: [Variable]) -> Support { .real }
}
